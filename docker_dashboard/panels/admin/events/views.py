"""Admin -> Docker -> Events: the page, and the ticket its script opens the
proxy's `/ws/events` socket with.

The page itself holds no events: its script (admin_events.js) mints a
ticket here (a CSRF-protected POST, so the browser never holds a Keystone
token), opens the socket on the routing endpoint with the chosen filter
(project, host, type; rules/events.py in the proxy decides), and adds each
row as it comes. A new filter is a new socket.
"""
import json
import urllib.parse

from django import http
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST

from horizon import exceptions
from horizon import views as horizon_views
from openstack_dashboard import policy

from docker_dashboard import settings as dd_settings
from docker_dashboard import tickets
from docker_dashboard.api import docker_proxy
from docker_dashboard.api import keystone_projects

RULE = (("docker", "docker:admin:events"),)
TYPES = (("container", _("Container")), ("image", _("Image")),
         ("volume", _("Volume")), ("network", _("Network")))


def events_socket_url(proxy_url):
    """The routing endpoint's http(s) address as its events socket's."""
    parts = urllib.parse.urlsplit(proxy_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme)
    if scheme is None:
        raise ValueError("the docker proxy's endpoint is not http(s)")
    return urllib.parse.urlunsplit(
        (scheme, parts.netloc, parts.path.rstrip("/") + "/ws/events", "",
         ""))


class IndexView(horizon_views.HorizonTemplateView):
    template_name = 'docker_dashboard/admin_events/index.html'
    page_title = _("Docker Events")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            names = keystone_projects.project_names(self.request)
        except Exception:
            names = {}
            exceptions.handle(self.request,
                              _("Unable to list the projects."))
        try:
            hosts = [host.name for host in
                     docker_proxy.docker_hosts(self.request).hosts]
        except Exception:
            hosts = []
            exceptions.handle(self.request,
                              _("Unable to list the Docker hosts."))
        context["projects"] = sorted(names.items(),
                                     key=lambda item: item[1].lower())
        context["project_names_json"] = json.dumps(names)
        context["hosts"] = hosts
        context["types"] = TYPES
        return context


def _error(status, message):
    return http.JsonResponse({"error": message}, status=status)


@method_decorator(require_POST, name="dispatch")
class TicketView(View):
    """POST -> JSON {ticket, ws_url}: one minute, one socket, every
    project's events; for a caller the events rule allows only."""

    def post(self, request):
        if not policy.check(RULE, request):
            return _error(403, "You are not allowed to do this")
        try:
            secret = tickets.read_secret_file(
                dd_settings.get('ticket_secret_file'))
            ticket = tickets.mint(secret, request.user.project_id,
                                  request.user.id, tickets.EVENTS_SUBJECT,
                                  "events")
            ws_url = events_socket_url(docker_proxy.proxy_url(request))
        except (OSError, ValueError, TypeError):
            return _error(503, "Live views are not configured on this "
                               "dashboard (no ticket secret)")
        response = http.JsonResponse({"ticket": ticket, "ws_url": ws_url})
        # A ticket is a credential for a minute: keep it out of caches.
        response["Cache-Control"] = "no-store"
        return response
