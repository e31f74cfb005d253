"""Decisions of the image routes that are about the request, not one
image's owner (rules/images.py): which tags a caller sees, what a push may
send, what a pull may ask for."""
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.rules.images import check_changeable
from docker_dashboard.proxy.rules.images import is_public


def visible_tags(caller, tags, tag_owner):
    """Tags of a shared image that other projects put on it stay theirs.
    `tag_owner(tag)` is the project the record gives the tag, or None."""
    if caller.is_admin:
        return tags
    return [t for t in tags or []
            if tag_owner(t) in (None, caller.project_id)]


def listed(caller, owner, all_projects):
    """Is an image of `owner` in the caller's list? Its project's and the
    public ones; every one for an admin who asked for all projects."""
    return all_projects or owner == caller.project_id or is_public(owner)


def check_delete(caller, name, image_id, owner, tag_owner):
    """Removing by a tag of the caller's own only untags it, whatever the
    image is (a public one tagged by the project); anything else removes
    the image and needs the right to change it."""
    untags_own = tag_owner == caller.project_id and name != image_id
    if not untags_own:
        check_changeable(caller, owner, name)


def check_commit_body(raw):
    """A commit body is a whole container configuration (labels included)
    that dockerd would merge into the image: only `changes` are taken."""
    if raw.strip() not in (b"", b"null", b"{}"):
        raise Refused(403, "The commit body (a container configuration) is "
                           "not accepted: use changes", field="config")


def check_push(caller, ref, owner, tag_owner):
    """May the caller push the local tag `ref`: an image it may change,
    under a tag no other project holds (that one answers as missing)."""
    check_changeable(caller, owner, ref)
    if not caller.is_admin and tag_owner not in (None, caller.project_id):
        raise Refused(404, "No such image: %s" % ref)


def check_pull_query(query):
    """`POST /images/create` pulls only: importing a root filesystem
    (`fromSrc`, `repo`) would make an image from the caller's bytes that
    no check has read. Returns the `fromImage` asked for."""
    if query.get("fromSrc") or query.get("repo"):
        raise Refused(403, "fromSrc: importing a root filesystem is not "
                           "offered; pull an image or load one",
                      field="fromSrc")
    source = query.get("fromImage", "")
    if not source:
        raise Refused(400, "fromImage is required", field="fromImage")
    return source
