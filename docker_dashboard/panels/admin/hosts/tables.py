from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.utils.translation import pgettext_lazy

from horizon import messages
from horizon import tables

from docker_dashboard.api import docker_hosts
from docker_dashboard.api import exceptions as dd_exceptions

DRAIN_RULE = ("docker", "docker:host:drain")


class _HostAction(tables.BatchAction):
    """A switch on a host whose refusal (Placement away, the host gone)
    is shown in the proxy's words beside Horizon's "Unable to ..."."""
    policy_rules = (DRAIN_RULE,)

    def action(self, request, obj_id):
        try:
            self.run(request, obj_id)
        except dd_exceptions.DockerDashboardError as refusal:
            messages.error(request, getattr(refusal, "message", refusal))
            raise


class DrainHost(_HostAction):
    name = "drain"
    # Danger: Horizon asks for a confirmation first.
    action_type = "danger"
    help_text = _("No new container is launched on a drained host. The "
                  "containers it runs keep running.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Drain Host", "Drain Hosts", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Drained Host", "Drained Hosts", count)

    def allowed(self, request, host=None):
        return host is None or host.drained is False

    def run(self, request, obj_id):
        docker_hosts.host_drain(request, obj_id)


class EnableHost(_HostAction):
    name = "enable"

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Enable Host", "Enable Hosts", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Enabled Host", "Enabled Hosts", count)

    def allowed(self, request, host=None):
        return host is None or host.drained is True

    def run(self, request, obj_id):
        docker_hosts.host_undrain(request, obj_id)


def _usage_cell(resource_class, unit):
    def cell(host):
        return render_to_string("docker_dashboard/admin_hosts/_usage.html",
                                {"usage": host.usage(resource_class),
                                 "unit": unit})
    return cell


def _containers(host):
    if host.containers is None:
        return "-"
    return _("%(running)s running of %(all)s") % {
        "running": host.containers_running or 0, "all": host.containers}


def _launches(host):
    if host.drained is None:
        return None
    return "drained" if host.drained else "enabled"


STATE_DISPLAY = (
    ("up", pgettext_lazy("Docker host state", "Up")),
    ("down", pgettext_lazy("Docker host state", "Down")),
)
LAUNCHES_DISPLAY = (
    ("enabled", pgettext_lazy("Launches on a Docker host", "Enabled")),
    ("drained", pgettext_lazy("Launches on a Docker host", "Drained")),
)


class HostsTable(tables.DataTable):
    name = tables.Column("name", verbose_name=_("Host"))
    zone = tables.Column("availability_zone",
                         verbose_name=_("Availability Zone"))
    state = tables.Column(lambda host: "up" if host.up else "down",
                          verbose_name=_("State"), status=True,
                          status_choices=(("up", True), ("down", False)),
                          display_choices=STATE_DISPLAY)
    launches = tables.Column(_launches, verbose_name=_("Launches"),
                             display_choices=LAUNCHES_DISPLAY,
                             empty_value=_("Unknown"))
    vcpus = tables.Column(_usage_cell("VCPU", ""), verbose_name=_("vCPUs"))
    memory = tables.Column(_usage_cell("MEMORY_MB", "MB"),
                           verbose_name=_("Memory"))
    disk = tables.Column(_usage_cell("DISK_GB", "GB"),
                         verbose_name=_("Disk"))
    containers = tables.Column(_containers, verbose_name=_("Containers"))
    version = tables.Column("docker_version",
                            verbose_name=_("Docker Version"),
                            empty_value="-")

    def get_object_id(self, host):
        return host.name

    def get_object_display(self, host):
        return host.name

    class Meta(object):
        name = "docker_hosts"
        verbose_name = _("Docker Hosts")
        status_columns = ["state"]
        row_actions = (DrainHost, EnableHost)
        table_actions = ()
