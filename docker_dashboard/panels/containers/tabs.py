"""The container details page's tabs, all on one base tab.

Logs, Console and Stats render only the page around a WebSocket the browser
opens to the proxy with a ticket (ticket_views.py): an open tab costs the
proxy a coroutine, never one of Horizon's worker threads. The Logs tab also
renders the last N lines (escaped by the template), what it shows when the
WebSocket cannot be opened.
"""
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import tabs
from openstack_dashboard import policy

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import snapshots
from docker_dashboard.panels.containers import changes_tree
from docker_dashboard.panels.containers import hosts
from docker_dashboard.panels.containers import units

DEFAULT_TAIL = 100
MAX_TAIL = 10000
DEFAULT_COMMAND = "sh"
# The Changes tab refreshes itself this often while the container runs and
# the tab is shown (dd_changes.js); a diff walks the container's layer, so
# not a tight poll.
CHANGES_REFRESH_SECONDS = 15


def tail_length(request):
    try:
        length = int(request.GET.get("length", DEFAULT_TAIL))
    except ValueError:
        return DEFAULT_TAIL
    return min(max(length, 1), MAX_TAIL)


def ticket_url(container_id, action):
    return reverse("horizon:project:docker_containers:ticket",
                   args=[container_id, action])


class ContainerTab(tabs.Tab):
    """A tab about the container the view inspected, shown to the roles
    its `policy_rules` allow (asked through openstack_dashboard.policy, as
    every other check of the plugin)."""

    def allowed(self, request):
        rules = type(self).policy_rules
        return not rules or policy.check(rules, request)

    @property
    def container(self):
        return self.tab_group.kwargs["container"]

    @property
    def running(self):
        return self.container.state == "running"

    def get_context_data(self, request):
        context = {"container": self.container}
        context.update(self.tab_context(request))
        return context

    def tab_context(self, request):
        return {}

    def socket_context(self, request, action):
        """What a tab whose script opens a ticketed WebSocket needs: tabs
        render without context processors, so the CSRF token for the ticket
        POST is put in their context here."""
        return {"csrf_token": get_token(request),
                "ticket_url": ticket_url(self.container.id, action)}


class OverviewTab(ContainerTab):
    name = _("Overview")
    slug = "overview"
    template_name = "docker_dashboard/containers/_detail_overview.html"

    def tab_context(self, request):
        return {"memory": units.memory_text(self.container.memory_mb),
                "show_host": hosts.shown_to(request)}


class ProcessesTab(ContainerTab):
    name = _("Processes")
    slug = "processes"
    template_name = "docker_dashboard/containers/_detail_processes.html"
    preload = False
    policy_rules = (("docker", "docker:container:top"),)

    def tab_context(self, request):
        top = None
        if self.running:
            try:
                top = docker_proxy.container_top(request, self.container.id)
            except Exception:
                exceptions.handle(request,
                                  _("Unable to list the processes."))
        return {"top": top}


class StatsTab(ContainerTab):
    name = _("Stats")
    slug = "stats"
    template_name = "docker_dashboard/containers/_detail_stats.html"
    policy_rules = (("docker", "docker:container:stats"),)

    def tab_context(self, request):
        return self.socket_context(request, "stats")


class ChangesTab(ContainerTab):
    name = _("Changes")
    slug = "changes"
    template_name = "docker_dashboard/containers/_detail_changes.html"
    preload = False
    policy_rules = (("docker", "docker:container:changes"),)

    def tab_context(self, request):
        try:
            changes = docker_proxy.container_changes(request,
                                                     self.container.id)
        except Exception:
            exceptions.handle(request, _("Unable to list the changes."))
            changes = []
        tree = changes_tree.build(changes)
        return {"tree": tree,
                "counts": {kind: tree.count(kind)
                           for kind in changes_tree.KINDS.values()},
                "refresh_url": "%s?tab=%s__%s" % (
                    reverse("horizon:project:docker_containers:detail",
                            args=[self.container.id]),
                    self.tab_group.slug, self.slug),
                "refresh_seconds": (CHANGES_REFRESH_SECONDS
                                    if self.running else 0)}


class LogTab(ContainerTab):
    name = _("Logs")
    slug = "logs"
    template_name = "docker_dashboard/containers/_logs.html"
    preload = False
    policy_rules = (("docker", "docker:container:logs"),)

    def tab_context(self, request):
        length = tail_length(request)
        try:
            text = docker_proxy.container_logs(request, self.container.id,
                                               tail=length)
        except Exception:
            text = ""
            exceptions.handle(request, _("Unable to retrieve the logs."))
        context = self.socket_context(request, "logs")
        context.update(
            logs=text, log_length=length,
            tab_param="%s__%s" % (self.tab_group.slug, self.slug),
            download_url=reverse(
                "horizon:project:docker_containers:log_download",
                args=[self.container.id]))
        return context


class ConsoleTab(ContainerTab):
    """A terminal (Horizon's term.js) on an exec session; only for a running
    container (an exec needs a running process to join)."""
    name = _("Console")
    slug = "console"
    template_name = "docker_dashboard/containers/_console.html"
    preload = False
    policy_rules = (("docker", "docker:container:console"),)

    def allowed(self, request):
        # The policy first (the base tab), then a process to join.
        return super().allowed(request) and self.running

    def tab_context(self, request):
        context = self.socket_context(request, "console")
        context["default_command"] = DEFAULT_COMMAND
        return context


class SnapshotsTab(ContainerTab):
    name = _("Snapshots")
    slug = "snapshots"
    template_name = "docker_dashboard/snapshots/_detail_snapshots.html"
    preload = False
    policy_rules = (("docker", "docker:image:list"),)

    def tab_context(self, request):
        try:
            found = snapshots.snapshot_list(
                request, self.container.id, self.container.name)
        except Exception:
            exceptions.handle(request, _("Unable to list the snapshots."))
            found = []
        # The Roll Back button is the Snapshots panel's action: offered to
        # the roles that may create containers, as there (a reader may not).
        can_roll_back = policy.check(
            (("docker", "docker:container:create"),), request)
        return {"snapshots": found, "can_roll_back": can_roll_back}


class ContainerDetailTabs(tabs.DetailTabsGroup):
    slug = "container_details"
    tabs = (OverviewTab, ProcessesTab, StatsTab, ChangesTab, LogTab,
            ConsoleTab, SnapshotsTab)
    sticky = True
