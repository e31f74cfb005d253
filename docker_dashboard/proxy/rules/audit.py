"""Whether a request is an admin acting on another project's container, and
the one log line that records it (issue 14).

An admin reaches every project's containers (rules/ownership). What an
admin does to a container of a project that is not their own is written to
the `docker_dashboard.proxy.audit` log: who (the admin's user id and own
project), what (the action), on what (the container's full id) and whose
(the container's project). Only ids go in: never a token, a name or any
text the caller chose.

Reading a container's metadata (inspect, stats, top, changes, wait) is what
every admin page does to draw its rows and tabs, and is not audited; every
write, and every read of what runs inside (its logs, a console or exec,
an export, an archive, a commit), is.
"""
import re

LOGGER_NAME = "docker_dashboard.proxy.audit"

# The policy actions (docker_policy.yaml) that only read metadata.
NOT_AUDITED = frozenset({
    "docker:container:list",
    "docker:container:inspect",
    "docker:container:stats",
    "docker:container:top",
    "docker:container:changes",
    "docker:container:wait",
})

# Ids are hex or uuids; anything else (a label written straight on dockerd)
# is cut to these characters so it cannot forge a second log line.
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")


def _clean(value):
    return _UNSAFE.sub("?", str(value or ""))[:128] or "-"


def line(user_id, own_project, is_admin, action, container_id,
         container_project):
    """The audit line for an admin's `action` (a policy action name, e.g.
    `docker:container:stop`) on a container of `container_project`, or
    None when there is nothing to record: not an admin, the admin's own
    project's container (or an unlabelled one), or a metadata read."""
    if not is_admin or not action or action in NOT_AUDITED:
        return None
    if not container_project or container_project == own_project:
        return None
    verb = action.rsplit(":", 1)[-1]
    return ("admin user=%s project=%s action=%s container=%s "
            "container_project=%s" % (
                _clean(user_id), _clean(own_project), _clean(verb),
                _clean(container_id), _clean(container_project)))
