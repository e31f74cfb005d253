"""Every project's containers in one table: the project panel's columns,
state choices and actions, plus whose each container is, where it runs and
its limits."""
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from horizon import tables

from docker_dashboard.panels.containers import actions
from docker_dashboard.panels.containers import tables as project_tables
from docker_dashboard.panels.admin.containers import rows

DETAIL_URL = "horizon:admin:docker_containers:detail"
# The detail page's tab group and tabs (panels/containers/tabs.py).
TAB_GROUP = "container_details"


def detail_url(container):
    return reverse(DETAIL_URL, args=[container.id])


def tab_url(container, tab):
    return "%s?%s" % (detail_url(container),
                      urlencode({"tab": "%s__%s" % (TAB_GROUP, tab)}))


class UpdateRow(project_tables.UpdateRow):
    """The project panel's row update (one inspect), with the project's
    name and the limits this table adds."""

    def get_data(self, request, container_id):
        row = super().get_data(request, container_id)
        return rows.with_limits_and_project(request, row)


class AdminContainersFilterAction(tables.FilterAction):
    """Filtered by Docker itself: project and host are the labels the proxy
    writes on every container; state and name Docker's own filters."""
    filter_type = "server"
    filter_choices = (
        ("project", _("Project ="), True,
         _("a project's name or id")),
        ("host", _("Host ="), True),
        ("status", _("State ="), True,
         _("created, running, paused, restarting, exited or dead")),
        ("name", _("Name ="), True),
    )


class ShowLogs(actions.PolicyOncePerRequest, tables.LinkAction):
    name = "logs"
    verbose_name = _("Logs")
    policy_rules = actions.rule("logs")

    def get_link_url(self, datum=None):
        return tab_url(datum, "logs")


class OpenConsole(actions.PolicyOncePerRequest, tables.LinkAction):
    name = "console"
    verbose_name = _("Console")
    policy_rules = actions.rule("console")

    def allowed(self, request, datum=None):
        # An exec needs a running process to join (the Console tab's rule).
        return datum is not None and datum.state == "running"

    def get_link_url(self, datum=None):
        return tab_url(datum, "console")


class AdminContainersTable(tables.DataTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"),
                                 link=detail_url)
    project = tables.Column("project_name", verbose_name=_("Project"))
    host = tables.Column("host", verbose_name=_("Host"), empty_value="-")
    state = tables.Column("state", verbose_name=_("State"), status=True,
                          status_choices=project_tables.STATUS_CHOICES,
                          display_choices=project_tables.STATE_DISPLAY_CHOICES)
    image = tables.Column("image", verbose_name=_("Image"))
    limits = tables.Column("limits", verbose_name=_("Limits"))
    created = tables.Column(project_tables.created_ago,
                            verbose_name=_("Created"))

    def get_object_id(self, datum):
        return datum.id

    def get_object_display(self, datum):
        return datum.name

    # One row action menu rendered per distinct menu (the project table's
    # reason): the same two methods, not a copy.
    render_row_actions = project_tables.ContainersTable.render_row_actions
    _render_row_actions = project_tables.ContainersTable._render_row_actions

    class Meta(object):
        name = "containers"
        verbose_name = _("Containers")
        no_data_message = _("No containers in any project.")
        status_columns = ["state"]
        row_class = UpdateRow
        table_actions = (AdminContainersFilterAction,
                         actions.StopContainer, actions.DeleteContainer,
                         actions.ForceDeleteContainer)
        row_actions = (actions.StopContainer, ShowLogs, OpenConsole,
                       actions.DeleteContainer,
                       actions.ForceDeleteContainer)
