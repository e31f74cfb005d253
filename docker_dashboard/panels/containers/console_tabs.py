"""The details page's Console tab: a terminal on an exec session.

The terminal is Horizon's own term.js; the bytes go over a WebSocket from the
browser to the proxy, opened with a ticket (action "console") minted by
ticket_views.py. Shown only for a running container, and only to roles the
policy lets open a console (a reader never sees it).
"""
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import tabs

DEFAULT_COMMAND = "sh"


class ConsoleTab(tabs.Tab):
    name = _("Console")
    slug = "console"
    template_name = "docker_dashboard/containers/_console.html"
    preload = False
    policy_rules = (("docker", "docker:container:console"),)

    def allowed(self, request):
        # Horizon's own allowed() is where policy_rules are checked: keep it,
        # and add that an exec needs a running process to join.
        return (super().allowed(request)
                and self.tab_group.kwargs["container"].state == "running")

    def get_context_data(self, request):
        container = self.tab_group.kwargs["container"]
        return {"container": container,
                "default_command": DEFAULT_COMMAND,
                # Tabs render without context processors: console.js POSTs
                # for its ticket with this token.
                "csrf_token": get_token(request),
                "ticket_url": reverse(
                    "horizon:project:docker_containers:ticket",
                    args=[container.id, "console"])}
