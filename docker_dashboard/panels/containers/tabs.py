"""The container details page's tabs (Logs, Console, Stats and Snapshots
have modules of their own)."""
from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import tabs

from docker_dashboard.api import docker_proxy
from docker_dashboard.panels.containers import changes_tree
from docker_dashboard.panels.containers import console_tabs
from docker_dashboard.panels.containers import log_tabs
from docker_dashboard.panels.containers import snapshot_tabs
from docker_dashboard.panels.containers import stats_tabs


class ContainerTab(tabs.Tab):
    """A tab about the container the view inspected."""

    @property
    def container(self):
        return self.tab_group.kwargs["container"]


class OverviewTab(ContainerTab):
    name = _("Overview")
    slug = "overview"
    template_name = "docker_dashboard/containers/_detail_overview.html"

    def get_context_data(self, request):
        return {"container": self.container}


class ProcessesTab(ContainerTab):
    name = _("Processes")
    slug = "processes"
    template_name = "docker_dashboard/containers/_detail_processes.html"
    preload = False
    policy_rules = (("docker", "docker:container:top"),)

    def get_context_data(self, request):
        top = None
        if self.container.state == "running":
            try:
                top = docker_proxy.container_top(request, self.container.id)
            except Exception:
                exceptions.handle(request,
                                  _("Unable to list the processes."))
        return {"container": self.container, "top": top}


class ChangesTab(ContainerTab):
    name = _("Changes")
    slug = "changes"
    template_name = "docker_dashboard/containers/_detail_changes.html"
    preload = False
    policy_rules = (("docker", "docker:container:changes"),)

    def get_context_data(self, request):
        try:
            changes = docker_proxy.container_changes(request,
                                                     self.container.id)
        except Exception:
            exceptions.handle(request, _("Unable to list the changes."))
            changes = []
        tree = changes_tree.build(changes)
        return {"container": self.container, "tree": tree,
                "counts": {kind: tree.count(kind)
                           for kind in changes_tree.KINDS.values()}}


class ContainerDetailTabs(tabs.DetailTabsGroup):
    slug = "container_details"
    tabs = (OverviewTab, ProcessesTab, stats_tabs.StatsTab, ChangesTab,
            log_tabs.LogTab, console_tabs.ConsoleTab,
            snapshot_tabs.SnapshotsTab)
    sticky = True
