"""The details page's Stats tab: live charts fed by the proxy's WebSocket.

The browser mints a ticket (action "stats", through ticket_views.py) and
opens `ws(s)://<proxy>/ws/containers/<id>/stats`; the proxy sends one small
JSON frame per Docker sample. Horizon only renders the empty charts: an open
tab costs the proxy a coroutine, never one of Horizon's worker threads.
"""
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import tabs


class StatsTab(tabs.Tab):
    name = _("Stats")
    slug = "stats"
    template_name = "docker_dashboard/containers/_detail_stats.html"
    policy_rules = (("docker", "docker:container:stats"),)

    def get_context_data(self, request):
        container = self.tab_group.kwargs["container"]
        return {"container": container,
                # Tabs render without context processors: stats_chart.js
                # POSTs for its ticket with this token.
                "csrf_token": get_token(request),
                "ticket_url": reverse(
                    "horizon:project:docker_containers:ticket",
                    args=[container.id, "stats"])}
