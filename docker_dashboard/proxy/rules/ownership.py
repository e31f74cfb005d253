"""Who may reach an object: its project label against the caller.

An object of another project, and one that carries no project label at all
(the host's own containers), answers exactly like a missing one, so a caller
cannot even learn that it exists.
"""
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules import names
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.rules.errors import refuse


def project_of(labels):
    return (labels or {}).get(PROJECT_LABEL)


def reachable(caller, labels):
    """True when the caller's project owns the object; an admin reaches the
    objects of every project, but never an unlabelled (host) object."""
    return reachable_project(caller, project_of(labels))


def reachable_project(caller, owner):
    """The same decision for an object whose owner the proxy records itself
    (a background transfer): its project, or an admin."""
    if not owner:
        return False
    return owner == caller.project_id or caller.is_admin


def own_project(caller, labels):
    """True only for the caller's own project's object, admin or not: what
    a new container may share or mount must be its own project's."""
    return own_project_id(caller, project_of(labels))


def own_project_id(caller, owner):
    return bool(owner) and owner == caller.project_id


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


def check_reference(caller, labels, field, ref):
    """A container a create body names (network, IPC or PID mode,
    VolumesFrom) must be one of the caller's project: `labels` is None when
    dockerd found none."""
    if labels is None or not own_project(caller, labels):
        refuse(field, "%s is not a container of your project" % ref)


def volume_to_make(caller, labels, name, field, status):
    """Is the named volume to be made (labelled, by the proxy) before use?

    `labels` is None when dockerd has no volume of that name: then it is
    made. The caller's own volume is used as it is. A name held by another
    project or by the host cannot be given, and the answer is the same for
    both (names.volume_name_unavailable): it must not tell whose it is."""
    if labels is None:
        return True
    if own_project(caller, labels):
        return False
    raise names.volume_name_unavailable(name, field=field, status=status)
