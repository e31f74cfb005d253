from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import tables

from docker_dashboard.api import docker_proxy
from docker_dashboard.panels.containers import tables as containers_tables


class IndexView(tables.DataTableView):
    table_class = containers_tables.ContainersTable
    template_name = 'docker_dashboard/containers/index.html'
    page_title = _("Containers")

    def get_data(self):
        try:
            return docker_proxy.container_list(self.request)
        except Exception as exc:
            # The proxy's own words tell the user what is wrong (down, or
            # refused); Horizon shows them as an error message, not a 500.
            exceptions.handle(self.request,
                              _("Unable to retrieve containers: %s")
                              % getattr(exc, 'message', exc))
            return []
