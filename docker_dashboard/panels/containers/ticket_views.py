"""Minting a WebSocket ticket for the Logs, Console or Stats tab.

The browser never sees the user's Keystone token: it POSTs here (with
Django's CSRF token), Horizon checks the policy and that the container is the
user's project's (by inspecting it through the proxy AS the user, so the
proxy's ownership check applies), and answers a ticket valid for one minute,
one container, one action, plus the proxy's WebSocket address from the
catalog.
"""
import urllib.parse

from django import http
from django.views.decorators.http import require_POST
from django.views import View
from django.utils.decorators import method_decorator

from openstack_dashboard import policy

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api.wrappers import PROJECT_LABEL
from docker_dashboard import settings as dd_settings
from docker_dashboard import tickets

ACTION_POLICIES = {
    "logs": "docker:container:logs",
    "console": "docker:container:console",
    "stats": "docker:container:stats",
}


def websocket_url(proxy_url, container_id, action):
    """The proxy's http(s) endpoint as ws(s), for one container's action."""
    parts = urllib.parse.urlsplit(proxy_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme)
    if scheme is None:
        raise ValueError("the docker proxy's endpoint is not http(s)")
    path = "%s/ws/containers/%s/%s" % (parts.path.rstrip("/"),
                                       urllib.parse.quote(container_id,
                                                          safe=""), action)
    return urllib.parse.urlunsplit((scheme, parts.netloc, path, "", ""))


def mint_for(request, container_id, action):
    """{ticket, ws_url} for one container the user may act on."""
    container = docker_proxy.container_get(request, container_id)
    secret = tickets.read_secret_file(dd_settings.get('ticket_secret_file'))
    # The container's project: the user's own, unless the proxy let an
    # admin inspect another project's container (the Admin panel); then the
    # ticket names the admin's own project too, and the proxy audits it.
    owner = container.labels.get(PROJECT_LABEL) or request.user.project_id
    ticket = tickets.mint(secret, owner, request.user.id, container.id,
                          action, acting_project_id=request.user.project_id)
    return {"ticket": ticket,
            "ws_url": websocket_url(docker_proxy.proxy_url(request),
                                    container.id, action)}


def _error(status, message):
    return http.JsonResponse({"error": message}, status=status)


@method_decorator(require_POST, name="dispatch")
class TicketView(View):
    """POST .../<container_id>/ticket/<action>/ -> JSON {ticket, ws_url}."""

    def post(self, request, container_id, action):
        rule = ACTION_POLICIES.get(action)
        if rule is None:
            return _error(404, "Unknown action")
        if not policy.check((("docker", rule),), request):
            return _error(403, "You are not allowed to do this")
        try:
            answer = mint_for(request, container_id, action)
        except dd_exceptions.NotFound:
            return _error(404, "No such container in this project")
        except dd_exceptions.DockerDashboardError as exc:
            return _error(503, exc.message)
        except (OSError, ValueError):
            return _error(503, "Live views are not configured on this "
                               "dashboard (no ticket secret)")
        response = http.JsonResponse(answer)
        # A ticket is a credential for a minute: keep it out of caches.
        response["Cache-Control"] = "no-store"
        return response
