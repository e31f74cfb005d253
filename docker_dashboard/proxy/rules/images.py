"""Image decisions: public images, a project's own images, and tags.

`owner` is what the proxy's own record says (state.Ownership): a project id,
PUBLIC_OWNER for an image an admin published or the operator listed in
DD_PUBLIC_IMAGES, or None for an image no project made through the proxy.
Labels never decide anything here: they are inherited from the base image
(every image built FROM a public one carries `org.openstack.public=true`)
and any Dockerfile can write them. Admins reach every image.
"""
from docker_dashboard.proxy.rules import names
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import PUBLIC_OWNER

PUBLIC_LABEL = "org.openstack.public"
SNAPSHOT_LABEL = "org.openstack.snapshot-of"


def is_public(owner):
    return owner == PUBLIC_OWNER


# An admin's all-projects image list names each row's owner in this field
# (Admin -> Docker -> Images): the proxy's record, never a label.
OWNER_FIELD = "DDOwner"


def owner_field(owner):
    """The owning project's id for OWNER_FIELD; "" for a public image and
    for one no project made through the proxy (the host's own)."""
    return "" if owner is None or is_public(owner) else owner


def visible(caller, owner):
    """May the caller see, inspect and launch this image?"""
    return (caller.is_admin or owner == caller.project_id
            or is_public(owner))


def changeable(caller, owner):
    """May the caller remove, push, save or tag from this image?
    Public images are changed by admins only."""
    if caller.is_admin:
        return True
    return owner == caller.project_id


def check_visible(caller, owner, ref):
    if not visible(caller, owner):
        raise Refused(404, "No such image: %s" % ref)


def check_changeable(caller, owner, ref):
    check_visible(caller, owner, ref)
    if not changeable(caller, owner):
        raise Refused(403, "Image %s is public: only an admin can change it"
                      % ref, field="image")


def unavailable(ref):
    """The one refusal for a tag the caller may not move, whoever holds it:
    it must not tell whether another project has it."""
    return Refused(403, "Tag %s is not available to this project" % ref,
                   field="tag")


def check_tag_target(caller, ref, tag_owner, exists, current_owner,
                     reserved=False):
    """May the caller point the tag `ref` at an image of its own?

    `tag_owner` is the project the record gives the tag; `exists` says
    whether the tag names an image now, and `current_owner` is that image's
    owner. `reserved` marks a tag the operator made public (DD_PUBLIC_IMAGES):
    only an admin may move it, even while it names nothing. A repository
    shaped like an image id is refused to all (rules/names.py)."""
    names.check_repository(ref, field="tag")
    if caller.is_admin:
        return
    if reserved:
        raise unavailable(ref)
    if tag_owner is not None and tag_owner != caller.project_id:
        raise unavailable(ref)
    if exists:
        if is_public(current_owner):
            raise Refused(403, "Tag %s names a public image: only an admin "
                               "can change it" % ref, field="tag")
        if current_owner != caller.project_id:
            raise unavailable(ref)


def trusted_labels(labels, owner, snapshot_of):
    """The image's labels as the proxy vouches for them: the public and
    snapshot labels say what the record says (an inherited or written
    `org.openstack.public=true` is dropped), so a client that reads them,
    the dashboard included, sees the truth."""
    kept = {k: v for k, v in (labels or {}).items()
            if k not in (PUBLIC_LABEL, SNAPSHOT_LABEL)}
    if is_public(owner):
        kept[PUBLIC_LABEL] = "true"
    if snapshot_of:
        kept[SNAPSHOT_LABEL] = snapshot_of
    return kept


def matches_label_filters(labels, wanted):
    """Does a row, with its trusted labels, still match the caller's
    `label` filters on the two labels the proxy vouches for? (dockerd
    matched them on the raw labels.) `wanted` is the filter's list of
    `key` or `key=value` strings."""
    for item in wanted or []:
        key, _, value = item.partition("=")
        if key not in (PUBLIC_LABEL, SNAPSHOT_LABEL):
            continue
        if key not in labels or ("=" in item and labels[key] != value):
            return False
    return True
