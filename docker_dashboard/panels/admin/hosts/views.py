from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import tables

from docker_dashboard.api import docker_hosts
from docker_dashboard.panels.admin.hosts import tables as hosts_tables


class IndexView(tables.DataTableView):
    table_class = hosts_tables.HostsTable
    template_name = 'docker_dashboard/admin_hosts/index.html'
    page_title = _("Docker Hosts")

    def get_data(self):
        try:
            return docker_hosts.host_overview(self.request)
        except Exception as exc:
            # The proxy's own words (down, refused) as the page's error.
            exceptions.handle(self.request,
                              _("Unable to retrieve the Docker hosts: %s")
                              % getattr(exc, 'message', exc))
            return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The usage charts above the table: the same rows, drawn per host
        # as Horizon's hypervisors page draws each resource provider.
        context["hosts"] = self.get_table().data
        return context
