"""Admin -> Docker -> Containers: the project panel's paging, list call and
detail page, asked for every project (`all_projects`, which the proxy
grants admins only)."""
from django.utils.translation import gettext_lazy as _

from horizon import exceptions

from docker_dashboard.api.wrappers import HOST_LABEL
from docker_dashboard.api.wrappers import PROJECT_LABEL
from docker_dashboard.panels.admin.containers import rows
from docker_dashboard.panels.admin.containers import tables as admin_tables
from docker_dashboard.panels.containers import views as project_views

INDEX_URL = "horizon:admin:docker_containers:index"


class IndexView(project_views.IndexView):
    """The project panel's view (one list call cut by Docker to the page,
    marker paging), with every project's containers and this table."""
    table_class = admin_tables.AdminContainersTable
    page_title = _("Containers")
    all_projects = True

    def docker_filters(self):
        """The filter box's value as Docker's `filters`: the project and
        host filters are the labels the proxy writes."""
        filters = {}
        for key, value in self.get_filters().items():
            value = value.strip()
            if not value:
                continue
            if key == "project":
                filters.setdefault("label", []).append("%s=%s" % (
                    PROJECT_LABEL, rows.project_id(self.request, value)))
            elif key == "host":
                filters.setdefault("label", []).append(
                    "%s=%s" % (HOST_LABEL, value))
            else:
                filters[key] = [value]
        return filters

    def get_data(self):
        # The project names beside the page (its list call, then its
        # rows' inspects). Horizon's futurist_utils would stop its threads
        # at the end of every call, half a second each: rows' pool stays.
        names = rows.in_parallel(self._names)
        page = self._page_with_limits()
        return rows.add_project_names(page, names.result())

    def _page_with_limits(self):
        return rows.add_limits(self.request, super().get_data())

    def _names(self):
        try:
            return rows.project_names(self.request)
        except Exception:
            exceptions.handle(self.request,
                              _("Unable to retrieve the project names."))
            return {}


class DetailView(project_views.DetailView):
    """The project panel's detail page (its tabs: logs, console, ...) for
    any project's container, with this panel's actions and way back."""
    index_url = INDEX_URL
    table_class = admin_tables.AdminContainersTable

    def actions_row(self, container):
        row = super().actions_row(container)
        row.limits = rows.limits_text(container.vcpus, container.memory_mb)
        return row
