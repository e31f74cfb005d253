"""Image decisions: public images, a project's own images, and tags.

An image is public when an admin published it through the proxy, or when it
carries `org.openstack.public=true` and no project made it through the proxy
(a project's Dockerfile can write that label, so the label alone is not
trusted). A project's images are those the ownership
record gives it. Admins reach every image.
"""
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import PUBLIC_OWNER

PUBLIC_LABEL = "org.openstack.public"
SNAPSHOT_LABEL = "org.openstack.snapshot-of"


def is_public(labels, owner):
    if owner == PUBLIC_OWNER:
        return True
    return owner is None and (labels or {}).get(PUBLIC_LABEL) == "true"


def visible(caller, owner, labels):
    """May the caller see, inspect and launch this image?"""
    return (caller.is_admin or owner == caller.project_id
            or is_public(labels, owner))


def changeable(caller, owner, labels):
    """May the caller remove, push, save or tag from this image?
    Public images are changed by admins only."""
    if caller.is_admin:
        return True
    return owner == caller.project_id


def check_visible(caller, owner, labels, ref):
    if not visible(caller, owner, labels):
        raise Refused(404, "No such image: %s" % ref)


def check_changeable(caller, owner, labels, ref):
    check_visible(caller, owner, labels, ref)
    if not changeable(caller, owner, labels):
        raise Refused(403, "Image %s is public: only an admin can change it"
                      % ref, field="image")


def check_tag_target(caller, tag_owner, current):
    """May the caller point the tag at an image of its own?

    `tag_owner` is the project the record gives the tag; `current` is
    (owner, labels) of the image the tag names now, or None."""
    if caller.is_admin:
        return
    if tag_owner is not None and tag_owner != caller.project_id:
        raise Refused(403, "This tag belongs to another project",
                      field="tag")
    if current is not None:
        owner, labels = current
        if is_public(labels, owner):
            raise Refused(403, "This tag names a public image: only an admin "
                               "can change it", field="tag")
        if owner != caller.project_id:
            raise Refused(403, "This tag belongs to another project",
                          field="tag")
