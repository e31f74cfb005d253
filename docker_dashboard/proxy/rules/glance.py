"""Glance transfers: which Glance images may be loaded into Docker, and
which visibilities an export may ask Glance for."""
from docker_dashboard.proxy.rules.errors import Refused

EXPORT_VISIBILITIES = ("private", "shared", "community", "public")


def check_export_visibility(visibility):
    """Glance's own visibilities; Glance itself decides who may use which
    (publicizing an image is an admin's)."""
    if visibility not in EXPORT_VISIBILITIES:
        raise Refused(400, "visibility must be private, shared, community or "
                           "public", field="visibility")


def check_loadable(image, limit):
    """May this Glance image be loaded into Docker at all?"""
    if image.get("container_format") != "docker":
        raise Refused(400, "Glance image %s is not a docker image "
                           "(container_format %s)" % (
                               image.get("id"), image.get("container_format")),
                      field="image")
    if image.get("status") != "active":
        raise Refused(409, "Glance image %s is %s, not active"
                      % (image.get("id"), image.get("status")), field="image")
    if (image.get("size") or 0) > limit:
        raise Refused(413, "Glance image %s is larger than the %d bytes "
                           "allowed" % (image.get("id"), limit),
                      field="image")
