"""The Docker hosts as an admin manages them, through the docker proxy's
own routes: each host's capacity and usage (from Placement), its dockerd's
version and container counts, and the drain switch that stops new launches
on a host (`/dd/admin/hosts`, admin-only in the policy file)."""
from openstack_dashboard.api.base import APIDictWrapper

from docker_dashboard.api.docker_proxy import _call
from docker_dashboard.api.docker_proxy import client

# The inventories a host reports, as the page names and orders them.
RESOURCE_CLASSES = ("VCPU", "MEMORY_MB", "DISK_GB")


class HostUsage(object):
    """One inventory of a host: what is used of what it can hold."""

    def __init__(self, view):
        self.used = view.get("used") or 0
        self.capacity = view.get("capacity") or 0
        self.total = view.get("total") or 0
        self.reserved = view.get("reserved") or 0
        self.allocation_ratio = view.get("allocation_ratio") or 1.0

    @property
    def percent(self):
        if self.capacity <= 0:
            return 100 if self.used else 0
        return min(100, int(round(100.0 * self.used / self.capacity)))


class DockerHostOverview(APIDictWrapper):
    """A row of `GET /dd/admin/hosts`."""

    _attrs = ("name", "url", "availability_zone", "provider_uuid",
              "docker_version", "containers", "containers_running",
              "placement_error")

    @property
    def id(self):
        return self._apidict.get("name") or ""

    @property
    def up(self):
        return self._apidict.get("up") is True

    @property
    def drained(self):
        """True or False; None when Placement did not say."""
        return self._apidict.get("drained")

    def usage(self, resource_class):
        """The HostUsage of a class, or None (not reported, or Placement
        did not answer)."""
        view = (self._apidict.get("resources") or {}).get(resource_class)
        return HostUsage(view) if isinstance(view, dict) else None

    @property
    def vcpu(self):
        return self.usage("VCPU")

    @property
    def memory(self):
        return self.usage("MEMORY_MB")

    @property
    def disk(self):
        return self.usage("DISK_GB")


def host_overview(request):
    """Every Docker host of the cloud, by name."""
    answer = _call(client(request).proxy_json, "GET", "/dd/admin/hosts",
                   versioned=False)
    rows = (answer or {}).get("hosts") or []
    return sorted((DockerHostOverview(row) for row in rows
                   if isinstance(row, dict) and row.get("name")),
                  key=lambda host: host.name)


def host_drain(request, name):
    """Stop new launches on the host; what it runs stays."""
    _call(client(request).proxy_json, "POST",
          "/dd/admin/hosts/{0}/drain", name, versioned=False)


def host_undrain(request, name):
    """Let the host take new launches again."""
    _call(client(request).proxy_json, "POST",
          "/dd/admin/hosts/{0}/undrain", name, versioned=False)
