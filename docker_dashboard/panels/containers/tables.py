"""The Containers table: columns, row update, filter and actions."""
from django import template
from django.http import Http404
from django.template.defaultfilters import timesince
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from horizon import tables

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api.wrappers import Container
from docker_dashboard.panels.containers import actions
from docker_dashboard.panels.containers import hosts
from docker_dashboard.panels.containers import snapshot_actions
from docker_dashboard.panels.containers import long_changes

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
    (long_changes.STOPPING, None),
    (long_changes.ROLLING_BACK, None),
)

STATE_DISPLAY_CHOICES = (
    ("running", pgettext_lazy("Container state", "Running")),
    ("exited", pgettext_lazy("Container state", "Exited")),
    ("created", pgettext_lazy("Container state", "Created")),
    ("paused", pgettext_lazy("Container state", "Paused")),
    ("dead", pgettext_lazy("Container state", "Dead")),
    ("restarting", pgettext_lazy("Container state", "Restarting")),
    ("removing", pgettext_lazy("Container state", "Removing")),
    (long_changes.STOPPING, pgettext_lazy("Container state", "Stopping")),
    (long_changes.ROLLING_BACK, pgettext_lazy("Container state",
                                              "Rolling back")),
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


# Stands for the row's id in a row action menu kept for reuse; a NUL never
# appears in rendered HTML.
_ROW_ID = "\x00"


def _menu_entry(action, row_id):
    """What the row action template prints about one bound action, with the
    row's id taken out."""
    return (type(action), str(action.verbose_name),
            action.attr_string_nc.replace(row_id, _ROW_ID),
            action.get_final_css(),
            getattr(action, "bound_url", "").replace(row_id, _ROW_ID))


class UpdateRow(tables.Row):
    """Refetches one row while its state is transitional. There is no
    one-row list call, so the row is rebuilt from the container's inspect."""
    ajax = True

    def get_data(self, request, container_id):
        try:
            detail = docker_proxy.container_get(request, container_id)
        except dd_exceptions.NotFound:
            # Rolled back: the row becomes the container that replaced it.
            successor = long_changes.replacement(request, container_id)
            if not successor:
                # Gone (deleted meanwhile): Horizon's JS drops the row on 404.
                raise Http404(container_id)
            try:
                detail = docker_proxy.container_get(request, successor)
            except dd_exceptions.NotFound:
                raise Http404(container_id)
        row = Container.from_inspect(detail)
        return long_changes.show(request, [row])[0]


class CreateSnapshot(actions.PolicyOncePerRequest,
                     snapshot_actions.CreateSnapshot):
    """The Snapshots panel's action, its policy asked once per page."""


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
    # Which Docker host runs the container is the operator's business:
    # admins see it, members see one cloud.
    host = tables.Column("host", verbose_name=_("Host"), empty_value="-",
                         policy_rules=(hosts.HOSTS_RULE,))
    uptime = tables.Column(uptime_display, verbose_name=_("Uptime"))
    created = tables.Column(created_ago, verbose_name=_("Created"))

    def get_object_id(self, datum):
        return datum.id

    def get_object_display(self, datum):
        return datum.name

    def render_row_actions(self, datum, row=False):
        """Horizon's row actions, each distinct menu rendered once a page.

        Rows in the same state offer the same actions, and their menus differ
        only by the container's id (in the links, the button values and the
        element ids). Rendering Horizon's dropdown template for every row was
        the largest part of the table's cost, so a menu rendered for one row
        is reused for the next with the id swapped. The bound actions are
        still computed per row (state gates, policy, links), and the key
        holds everything the template prints about them.
        """
        bound_actions = self.get_row_actions(datum)
        row_id = self.get_object_id(datum)
        if not (isinstance(row_id, str) and row_id.isalnum()):
            return self._render_row_actions(bound_actions, row_id, row)
        key = (row,) + tuple(_menu_entry(action, row_id)
                             for action in bound_actions)
        menus = self.__dict__.setdefault("_row_action_menus", {})
        if key not in menus:
            html = self._render_row_actions(bound_actions, row_id, row)
            menus[key] = html.replace(row_id, _ROW_ID)
        return mark_safe(menus[key].replace(_ROW_ID, row_id))

    def _render_row_actions(self, bound_actions, row_id, row):
        # What Horizon's DataTable.render_row_actions renders.
        if row:
            template_path = self._meta.row_actions_row_template
        else:
            template_path = self._meta.row_actions_dropdown_template
        return template.loader.get_template(template_path).render(
            {"row_actions": bound_actions, "row_id": row_id}, self.request)

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
                       actions.UpdateLimits, CreateSnapshot,
                       actions.DeleteContainer,
                       actions.ForceDeleteContainer)
