"""Who may open a log or console WebSocket: the Origin and a signed ticket.

A browser cannot put X-Auth-Token on a WebSocket, so these routes are outside
the token middleware; everything here happens BEFORE the handshake is
accepted, and every refusal is the same plain 403 so that a probe learns
neither whether a container exists nor which check failed. The ticket value
is never logged.
"""
import dataclasses
import logging
import os

from aiohttp import web

from docker_dashboard import tickets
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.routing import docker_error
from docker_dashboard.proxy.rules import audit

LOG = logging.getLogger(__name__)
AUDIT_LOG = logging.getLogger(audit.LOGGER_NAME)

REFUSED_MESSAGE = "This WebSocket needs a valid ticket from the dashboard"


class WebSocketRefused(Exception):
    """Raised before the handshake; the handler answers `answer()`."""

    def __init__(self, why):
        super().__init__(why)
        self.why = why  # for the log only, never sent to the client

    @staticmethod
    def answer():
        return docker_error(403, REFUSED_MESSAGE)


@dataclasses.dataclass(frozen=True)
class Target:
    """The container a ticket grants access to, as dockerd describes it."""
    container_id: str  # the full 64-hex id
    project_id: str
    user_id: str
    tty: bool
    running: bool
    user: str  # the container's configured user ("" is the image's default)


def ticket_secrets(app):
    """The shared secret (and the previous one during a rotation), read
    again whenever either file changes: a rotation needs no restart."""
    path = app["config"].ticket_secret_file
    if not path:
        raise WebSocketRefused("no DD_TICKET_SECRET_FILE configured")
    stamp = tuple(_changed_at(name) for name in
                  (path, path + tickets.PREVIOUS_SECRET_SUFFIX))
    cached = app.get("ticket_secrets")
    if cached is None or cached[0] != stamp:
        app["ticket_secrets"] = cached = (stamp,
                                          tickets.read_secret_files(path))
    return cached[1]


def _changed_at(path):
    # The inode too: a secret moved into place (the atomic way) is a new file
    # even within the file system's timestamp granularity.
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size


def used_tickets(app):
    """The ids of the tickets this process accepted (single use)."""
    if "used_tickets" not in app:
        app["used_tickets"] = tickets.UsedTickets()
    return app["used_tickets"]


async def inspect(engine, container_ref):
    """dockerd's inspect of one container, or None if it does not exist."""
    status, body = await engine.json("GET", "/containers/%s/json"
                                     % container_ref)
    if status == 404:
        return None
    if status != 200 or not isinstance(body, dict):
        raise WebSocketRefused("inspect answered %s" % status)
    return body


async def authorize(request, action):
    """Check Origin, ticket and ownership; return the `Target`.

    Raises `WebSocketRefused`; dockerd being down raises EngineUnavailable
    (the app's middleware answers 502).
    """
    config = request.app["config"]
    if not tickets.check_origin(request.headers.get("Origin"),
                                config.allowed_origins):
        raise WebSocketRefused("origin not allowed")
    ticket = request.query.get("ticket", "")
    secrets_in_use = ticket_secrets(request.app)
    container_ref = request.match_info["id"]
    # Names and short ids are resolved to the full id, which is what Horizon
    # signs: one container has exactly one ticket spelling.
    body = await inspect(request.app["engine"], container_ref)
    if body is None:
        # Another host may hold it: the socket goes there (router/), whose
        # proxy checks the ticket and the Origin itself.
        await find.socket_elsewhere(request, container_ref)
        raise WebSocketRefused("no such container")
    try:
        claims = tickets.verify_any(secrets_in_use, ticket, body.get("Id", ""),
                                    action)
    except tickets.TicketError as error:
        raise WebSocketRefused("ticket refused: %s" % error.reason.value)
    labels = (body.get("Config") or {}).get("Labels") or {}
    # The ticket names a project; the container must still be that
    # project's (Horizon checked it through the proxy when minting).
    if labels.get(PROJECT_LABEL) != claims.project_id:
        raise WebSocketRefused("container is not the ticket's project's")
    try:
        # Last: only a ticket that opens its socket is spent.
        used_tickets(request.app).spend(claims)
    except tickets.TicketError as error:
        raise WebSocketRefused("ticket refused: %s" % error.reason.value)
    if claims.acting_project_id:
        # Horizon names the user's own project only in a ticket for another
        # project's container, which the proxy let it inspect: an admin's.
        record_admin_action(claims, action, body["Id"])
    state = body.get("State") or {}
    config_section = body.get("Config") or {}
    return Target(container_id=body["Id"], project_id=claims.project_id,
                  user_id=claims.user_id,
                  tty=bool(config_section.get("Tty")),
                  running=bool(state.get("Running")),
                  user=config_section.get("User") or "")


def record_admin_action(claims, action, container_id):
    text = audit.line(claims.user_id, claims.acting_project_id, True,
                      "docker:container:%s" % action, container_id,
                      claims.project_id)
    if text:
        AUDIT_LOG.info(text)


async def authorize_or_answer(request, action):
    """(target, None) when allowed, else (None, the 403 answer)."""
    try:
        return await authorize(request, action), None
    except WebSocketRefused as refusal:
        LOG.info("WebSocket %s refused for %s: %s", action,
                 request.match_info.get("id", "?")[:64], refusal.why)
        return None, WebSocketRefused.answer()


def ws_response():
    # Heartbeat pings notice a vanished browser (laptop lid closed) and free
    # the dockerd stream; client messages are tiny control frames.
    return web.WebSocketResponse(heartbeat=30.0, max_msg_size=64 * 1024)


async def handshake(ws, request):
    """The WebSocket handshake; False when the browser left during it (a
    page closed or moved on before its socket opened). The handler then
    answers `client_left()`, not `ws`: aiohttp closes the response a
    handler returns, and closing a WebSocket whose handshake broke off
    raises an error of its own ("Call .prepare() first")."""
    try:
        await ws.prepare(request)
    except ConnectionError:
        return False
    return True


def client_left():
    """The answer to a request whose browser left during the handshake:
    nothing to serve and nothing wrong. aiohttp's write of it meets the
    closed connection, which it takes quietly; its access log line shows
    499, the status proxies log for a client that closed its request."""
    return web.Response(status=499, reason="Client Closed Request")
