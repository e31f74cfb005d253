"""The Containers table: columns, row update, filter and actions."""
from django.http import Http404
from django.template.defaultfilters import timesince
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from horizon import tables

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api.wrappers import Container
from docker_dashboard.panels.containers import actions
from docker_dashboard.panels.containers import snapshot_actions

# Docker's container states; None marks the ones that are still changing,
# so Horizon's JavaScript keeps refreshing those rows until they settle.
STATUS_CHOICES = (
    ("running", True),
    ("exited", True),
    ("created", True),
    ("paused", True),
    ("dead", False),
    ("restarting", None),
    ("removing", None),
)

STATE_DISPLAY_CHOICES = (
    ("running", pgettext_lazy("Container state", "Running")),
    ("exited", pgettext_lazy("Container state", "Exited")),
    ("created", pgettext_lazy("Container state", "Created")),
    ("paused", pgettext_lazy("Container state", "Paused")),
    ("dead", pgettext_lazy("Container state", "Dead")),
    ("restarting", pgettext_lazy("Container state", "Restarting")),
    ("removing", pgettext_lazy("Container state", "Removing")),
)


def ports_display(container):
    return ", ".join(container.ports) or "-"


def created_ago(container):
    return timesince(container.created) if container.created else "-"


def uptime_display(container):
    return container.uptime or "-"


def detail_url(container):
    return reverse("horizon:project:docker_containers:detail",
                   args=[container.id])


class UpdateRow(tables.Row):
    """Refetches one row while its state is transitional. There is no
    one-row list call, so the row is rebuilt from the container's inspect."""
    ajax = True

    def get_data(self, request, container_id):
        try:
            detail = docker_proxy.container_get(request, container_id)
        except dd_exceptions.NotFound:
            # Gone (deleted meanwhile): Horizon's JS drops the row on 404.
            raise Http404(container_id)
        row = Container.from_inspect(detail)
        row.host = docker_proxy.proxy_host(request)
        return row


class ContainersFilterAction(tables.FilterAction):
    """Filtered by Docker itself (its `filters` query), never in Python."""
    filter_type = "server"
    filter_choices = (
        ("name", _("Name ="), True),
        ("ancestor", _("Image ="), True),
        ("status", _("Status ="), True,
         _("created, running, paused, restarting, exited or dead")),
    )


class ContainersTable(tables.DataTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"),
                                 link=detail_url)
    image = tables.Column("image", verbose_name=_("Image"))
    state = tables.Column("state", verbose_name=_("State"), status=True,
                          status_choices=STATUS_CHOICES,
                          display_choices=STATE_DISPLAY_CHOICES)
    status = tables.Column("status", verbose_name=_("Status"))
    ports = tables.Column(ports_display, verbose_name=_("Ports"))
    host = tables.Column("host", verbose_name=_("Host"), empty_value="-")
    uptime = tables.Column(uptime_display, verbose_name=_("Uptime"))
    created = tables.Column(created_ago, verbose_name=_("Created"))

    def get_object_id(self, datum):
        return datum.id

    def get_object_display(self, datum):
        return datum.name

    class Meta(object):
        name = "containers"
        verbose_name = _("Containers")
        no_data_message = _("No containers yet. Choose \"Launch Container\" "
                            "above: pick an image, a flavor, and the ports, "
                            "volumes and environment it needs.")
        status_columns = ["state"]
        row_class = UpdateRow
        table_actions = (ContainersFilterAction, actions.LaunchContainer,
                         actions.StartContainer, actions.StopContainer,
                         actions.RestartContainer,
                         actions.DeleteContainer,
                         actions.ForceDeleteContainer)
        table_actions_menu = (actions.PauseContainer,
                              actions.UnpauseContainer)
        row_actions = (actions.StartContainer, actions.StopContainer,
                       actions.StopWithTimeout, actions.RestartContainer,
                       actions.PauseContainer, actions.UnpauseContainer,
                       actions.KillContainer, actions.RenameContainer,
                       actions.UpdateLimits, snapshot_actions.CreateSnapshot,
                       actions.DeleteContainer,
                       actions.ForceDeleteContainer)
