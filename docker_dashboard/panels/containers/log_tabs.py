"""The details page's Log tab: the last N lines through Horizon.

Kept apart so that the live view can extend this tab without touching the
others. The live view (issue 5) is a WebSocket from the browser to the proxy,
opened with a ticket minted by ticket_views.py; the last N lines rendered
here (escaped by the template) stay as what the tab shows when the WebSocket
cannot be opened.
"""
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import tabs

DEFAULT_TAIL = 100
MAX_TAIL = 10000


def tail_length(request):
    try:
        length = int(request.GET.get("length", DEFAULT_TAIL))
    except ValueError:
        return DEFAULT_TAIL
    return min(max(length, 1), MAX_TAIL)


class LogTab(tabs.Tab):
    name = _("Logs")
    slug = "logs"
    template_name = "docker_dashboard/containers/_logs.html"
    preload = False
    policy_rules = (("docker", "docker:container:logs"),)

    def get_context_data(self, request):
        from docker_dashboard.api import docker_proxy
        container = self.tab_group.kwargs["container"]
        length = tail_length(request)
        try:
            text = docker_proxy.container_logs(request, container.id,
                                               tail=length)
        except Exception:
            text = ""
            exceptions.handle(request, _("Unable to retrieve the logs."))
        return {"container": container, "logs": text, "log_length": length,
                "tab_param": "%s__%s" % (self.tab_group.slug, self.slug),
                "live": live_urls(container.id),
                # Tabs render without the request's context processors; the
                # live view POSTs for its ticket with this token.
                "csrf_token": get_token(request)}


def live_urls(container_id):
    """Where the live view's JavaScript mints its ticket and downloads the
    whole log; both are Horizon views, so the browser never needs a token."""
    base = "horizon:project:docker_containers:"
    return {
        "ticket_url": reverse(base + "ticket", args=[container_id, "logs"]),
        "download_url": reverse(base + "log_download", args=[container_id]),
    }
