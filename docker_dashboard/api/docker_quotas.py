"""The project's Docker quotas through the docker proxy (`/dd/quotas`):
Keystone's limits of the `docker` service (the default, or the project's
own) beside Placement's usage, and an admin's change of a project's own
limits."""
from docker_dashboard.api import exceptions
from docker_dashboard.api.docker_proxy import _call
from docker_dashboard.api.docker_proxy import client

CONTAINERS = "containers"
VCPU = "class:VCPU"
MEMORY_MB = "class:MEMORY_MB"
# The form's fields, by the resource each sets.
FIELDS = ((CONTAINERS, "containers"), (VCPU, "vcpus"),
          (MEMORY_MB, "memory_mb"))


class Quota(object):
    """One resource of a project: its limit (-1 unlimited), whether that
    is the default, and what is in use."""

    def __init__(self, row):
        self.resource = row.get("resource") or ""
        self.limit = int(row.get("limit") or 0)
        self.default = row.get("default") is not False
        self.in_use = int(row.get("in_use") or 0)

    @property
    def unlimited(self):
        return self.limit < 0

    @property
    def percent(self):
        if self.unlimited:
            return 0
        if self.limit <= 0:
            return 100 if self.in_use else 0
        return min(100, int(round(100.0 * self.in_use / self.limit)))


class ProjectQuotas(object):
    """A project's quotas; `enabled` False when the proxy enforces none
    (no Placement) or is older than quotas."""

    def __init__(self, answer=None):
        answer = answer or {}
        self.enabled = answer.get("enabled") is True
        self.project_id = answer.get("project_id") or ""
        self.rows = [Quota(row) for row in answer.get("quotas") or []
                     if isinstance(row, dict)]
        self._by = {row.resource: row for row in self.rows}

    def get(self, resource):
        """The Quota of a resource (CONTAINERS, VCPU, MEMORY_MB), or
        None."""
        return self._by.get(resource)


def quotas_get(request, project_id=None):
    """The quotas of the caller's project, or (an admin) of `project_id`."""
    params = {"project_id": project_id} if project_id else None
    try:
        answer = _call(client(request).proxy_json, "GET", "/dd/quotas",
                       params=params, versioned=False)
    except exceptions.NotFound:
        if project_id:
            raise
        answer = None  # a proxy without the route: no quotas
    return ProjectQuotas(answer)


def quota_update(request, project_id, limits):
    """Sets the project's own limits: {resource: limit, or None to go
    back to the default}."""
    return ProjectQuotas(_call(
        client(request).proxy_json, "PUT", "/dd/quotas/{0}", project_id,
        body=limits, versioned=False))
