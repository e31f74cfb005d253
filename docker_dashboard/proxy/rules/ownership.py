"""Who may reach an object: its project label against the caller.

An object of another project, and one that carries no project label at all
(the host's own containers), answers exactly like a missing one, so a caller
cannot even learn that it exists.
"""
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules.errors import Refused


def project_of(labels):
    return (labels or {}).get(PROJECT_LABEL)


def reachable(caller, labels):
    """True when the caller's project owns the object; an admin reaches the
    objects of every project, but never an unlabelled (host) object."""
    owner = project_of(labels)
    if not owner:
        return False
    return owner == caller.project_id or caller.is_admin


def missing(kind, ref):
    """The one answer for 'absent' and 'not yours', word for word Docker's."""
    return Refused(404, "No such %s: %s" % (kind, ref))


def check(caller, labels, kind, ref):
    """Raise the 404 of a missing object unless the caller may reach it.

    `labels` is None when dockerd itself did not find the object."""
    if labels is None or not reachable(caller, labels):
        raise missing(kind, ref)


def mode_target(mode):
    """The container named by a `container:<ref>` mode, else None."""
    if isinstance(mode, str) and mode.startswith("container:"):
        return mode[len("container:"):]
    return None
