"""Sending a request to the host that holds its object.

proxy/lookups.py (and ws_auth for the ticketed WebSockets) raise
find.Elsewhere when this host's dockerd does not know the object and
another host holds it; this middleware, the innermost (the caller is
authenticated and the route's policy checked by then), forwards the whole
request there: a hijacking call and a WebSocket to a known host as a raw
stream, a WebSocket whose host is not known frame by frame (opened on every
host at once), anything else as HTTP.
"""
import json
import re

from aiohttp import web

from docker_dashboard.proxy import hijack
from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.router import hijacked
from docker_dashboard.proxy.router import sockets

_EXEC_CREATE = re.compile(r"^(/v[0-9.]+)?/containers/[^/]+/exec$")
_CONTAINER = re.compile(r"^(/v[0-9.]+)?/containers/[^/]+$")
_VOLUME = re.compile(r"^(/v[0-9.]+)?/volumes/[^/]+$")


@web.middleware
async def elsewhere(request, handler):
    try:
        return await handler(request)
    except find.Elsewhere as found:
        if request.path.startswith("/ws/") and len(found.hosts) == 1:
            return await hijacked.websocket_to_host(request, found.hosts[0])
        if request.path.startswith("/ws/"):
            # Its host not known: opened on every host at once.
            return await sockets.to_hosts(request, found.hosts)
        host = found.hosts[0]
        if hijack.wants_upgrade(request):
            return await hijacked.to_host(request, host)
        return await forward.to_host(
            request, host, learn=_learner(request, host, found.object_id))


def _learner(request, host, object_id):
    """What a forwarded answer teaches: an exec made there is there; a
    container or volume removed there is nowhere."""
    hosts = request.app["hosts"]

    def learn(status, body):
        if (request.method == "POST" and status == 201
                and _EXEC_CREATE.match(request.path)):
            try:
                hosts.remember("exec", json.loads(body)["Id"], host.name)
            except (ValueError, KeyError, TypeError):
                pass
        elif (request.method == "DELETE" and status == 204
              and _CONTAINER.match(request.path) and object_id):
            hosts.forget("container", object_id)
        elif (request.method == "DELETE" and status == 204
              and _VOLUME.match(request.path) and object_id):
            hosts.forget("volume", object_id)
    return learn
