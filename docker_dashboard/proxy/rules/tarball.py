"""Paths and links of an untrusted `docker save` archive, and its refusals.

A `docker load` body or a Glance image was written by anyone who could
upload it. The proxy reads it as dockerd would (`rules/archive/`) and
forwards an archive it wrote itself; these checks say which member paths
and link targets it accepts at all:
- a path or a link's target that escapes the archive (absolute, `..`),
- a name that is not printable ASCII (tar readers decode other bytes
  differently, and `docker save` writes none),
are refused, with the reason, as `422 Refused image archive: ...`.
"""
import posixpath

from docker_dashboard.proxy.rules.errors import Refused


def refused(message):
    return Refused(422, "Refused image archive: %s" % message, field="archive")


def clean_path(name, what="member"):
    """The archive-relative path `name` denotes, or a refusal when it would
    land outside the folder the archive is unpacked into."""
    if not name or any(not " " <= c <= "~" for c in name):
        raise refused("a %s has an empty name or one that is not printable "
                      "ASCII (%r)" % (what, name))
    if name.startswith("/") or "\\" in name:
        raise refused("%s path %r is absolute or uses backslashes"
                      % (what, name))
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise refused("%s path %r escapes the archive" % (what, name))
    return "/".join(parts)


def clean_link_target(member, target):
    """A symbolic link's target, resolved from the member's folder, must stay
    inside the archive."""
    if target.startswith("/"):
        raise refused("link %r points to the absolute path %r"
                      % (member, target))
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(member),
                                               target))
    if joined == ".." or joined.startswith("../"):
        raise refused("link %r points outside the archive (%r)"
                      % (member, target))
    return joined
