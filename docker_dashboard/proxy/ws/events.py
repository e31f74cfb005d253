"""The admin's live Docker events WebSocket: `/ws/events` (Admin -> Docker
-> Events).

The browser opens it on the routing endpoint with an "events" ticket, which
Horizon mints only for a caller its policy (`docker:admin:events`) lets see
every project's events; the Origin and the ticket are checked (and the
ticket spent) before the handshake is accepted, every refusal the same
plain 403 as the other ticketed sockets (ws_auth).

Each host sends the rows of its own dockerd's events that the filter lets
through (rules/events.py), one JSON text frame each. The routing endpoint
opens the same socket on every other host the filter needs, with the same
query and Origin, X-DD-Local, and a ticket of its own minted for the same
project and user with the secret every proxy shares (no token travels;
each host checks and spends it as the browser's). A host whose stream ends
(its proxy restarted, its dockerd away) or that cannot be reached is asked
again every RETRY_SECONDS, at the address the hosts table gives it then,
from just after the last event it sent (`since`, dockerd's own replay): the
page goes on showing every host's events, none of the gap lost.
"""
import asyncio
import json
import logging
import time

import aiohttp
from aiohttp import WSMsgType
import yarl

from docker_dashboard import tickets
from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy import transport
from docker_dashboard.proxy import ws_auth
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.routing import docker_error
from docker_dashboard.proxy.rules import events as rules
from docker_dashboard.proxy.rules import hosts as host_rules

LOG = logging.getLogger(__name__)

ACTION = "events"
# Seconds between two attempts to follow a host's events again.
RETRY_SECONDS = 2.0
# Rows waiting for a slow browser; beyond it the oldest waiting are dropped
# (a live view, not a log: memory stays bounded whatever the event rate).
QUEUE_ROWS = 1000


def authorize(request):
    """Check the Origin and the events ticket, and spend it; raises
    ws_auth.WebSocketRefused. The ticket value is never logged."""
    config = request.app["config"]
    if not tickets.check_origin(request.headers.get("Origin"),
                                config.allowed_origins):
        raise ws_auth.WebSocketRefused("origin not allowed")
    secrets_in_use = ws_auth.ticket_secrets(request.app)
    try:
        claims = tickets.verify_any(secrets_in_use,
                                    request.query.get("ticket", ""),
                                    tickets.EVENTS_SUBJECT, ACTION)
        ws_auth.used_tickets(request.app).spend(claims)
    except tickets.TicketError as error:
        raise ws_auth.WebSocketRefused("ticket refused: %s"
                                       % error.reason.value)
    return claims


async def events(request):
    try:
        wanted = rules.parse_filter(request.query)
        since = rules.parse_since(request.query)
    except rules.BadFilter as error:
        return docker_error(400, str(error))
    try:
        claims = authorize(request)
    except ws_auth.WebSocketRefused as refusal:
        LOG.info("WebSocket events refused: %s", refusal.why)
        return refusal.answer()
    app = request.app
    queue = asyncio.Queue(QUEUE_ROWS)
    sources = []
    own_name = app["config"].host_name
    if rules.asks_host(wanted, own_name):
        sources.append(lambda: _from_dockerd(app, wanted, own_name, queue,
                                             since))
    if find.routes(request):
        # Every host of the table, not only those that stamped their row
        # lately: one that looks away for a moment (its stamp late under
        # load) is followed as soon as it answers (_from_peer tries again).
        for host in app["peers"].others:
            if rules.asks_host(wanted, host.name):
                sources.append(_peer_source(request, claims, host.name,
                                            queue))
    LOG.info("events socket opened by user %s (%d hosts)", claims.user_id,
             len(sources))
    ws = ws_auth.ws_response()
    if not await ws_auth.handshake(ws, request):
        return ws_auth.client_left()
    with shutdown.live_socket(app, ws):
        tasks = [asyncio.ensure_future(source()) for source in sources]
        await _pump(ws, tasks, queue)
    return ws


def _peer_source(request, claims, name, queue):
    return lambda: _from_peer(request, claims, name, queue)


async def _pump(ws, tasks, queue):
    """Rows from every source to the browser until it leaves (or this
    proxy stops: shutdown closes the socket)."""
    client = asyncio.ensure_future(_drain(ws))
    relay = asyncio.ensure_future(_relay(ws, queue))
    try:
        await asyncio.wait({client, relay},
                           return_when=asyncio.FIRST_COMPLETED)
    except (ConnectionError, RuntimeError):
        pass  # the browser left while we were sending
    finally:
        every = tasks + [client, relay]
        for task in every:
            task.cancel()
        await asyncio.gather(*every, return_exceptions=True)
    if relay.done() and not relay.cancelled() and relay.exception():
        if not isinstance(relay.exception(), (ConnectionError,
                                              RuntimeError)):
            raise relay.exception()


async def _drain(ws):
    # The browser sends nothing but pings and its close.
    async for _ in ws:
        pass


async def _relay(ws, queue):
    while True:
        await ws.send_str(await queue.get())


def _put(queue, frame):
    if queue.full():
        queue.get_nowait()  # the oldest row waiting gives way
    queue.put_nowait(frame)


async def _from_dockerd(app, wanted, host_name, queue, since=None):
    """This host's dockerd's events (from `since`, else from now), followed
    again when its stream ends from just after the last event seen, so a
    dockerd restart loses none of them."""
    engine = app["engine"]
    since = since or "%.6f" % time.time()
    while True:
        params = {"filters": rules.dockerd_filters(wanted)}
        params["since"] = since
        try:
            resp = await engine.request("GET", "/events", params=params)
            async with resp:
                if resp.status != 200:
                    LOG.warning("dockerd answered %s to events", resp.status)
                    return
                pending = b""
                async for chunk in engine.chunks(resp, "GET", "/events",
                                                 params, transport.CHUNK):
                    lines, pending = host_rules.split_events(pending, chunk)
                    for row in rules.rows_of_lines(lines, host_name, wanted):
                        since = rules.since_after(row)
                        _put(queue, json.dumps(row, separators=(",", ":")))
        except (asyncio.TimeoutError, EngineUnavailable,
                aiohttp.ClientError) as exc:
            LOG.info("dockerd's events stream for the events socket ended "
                     "(%s): following again", type(exc).__name__)
        await asyncio.sleep(RETRY_SECONDS)


async def _from_peer(request, claims, name, queue):
    """The host `name`'s own events socket, its rows passed on as they
    come; opened again when it ends, while the host is in the hosts
    table."""
    app = request.app
    known = app["peers"]
    # Where to start when the host is followed again: just after the last
    # row it sent, else when this socket opened.
    since = "%.6f" % time.time()
    while True:
        host = known.named(name)
        if host is None:
            LOG.info("Docker host %s left the hosts table: its events are "
                     "no longer followed", name)
            return
        try:
            async with asyncio.timeout(app["config"].docker_timeout):
                upstream = await known.session.ws_connect(
                    _peer_url(request, claims, host, since), heartbeat=30.0,
                    compress=0, headers=_peer_headers(request))
        except aiohttp.WSServerHandshakeError as refusal:
            # Another secret or Origin list there: asking again changes
            # nothing.
            LOG.warning("Docker host %s refused the events socket: %s",
                        host.name, refusal.status)
            return
        except forward.UNREACHABLE as exc:
            known.failed(host, peers.describe(exc))
        else:
            known.answered(host)
            try:
                async for msg in upstream:
                    if msg.type == WSMsgType.TEXT:
                        since = _after(msg.data, since)
                        _put(queue, msg.data)
                    elif msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED,
                                      WSMsgType.ERROR):
                        break
            finally:
                await upstream.close()
        await asyncio.sleep(RETRY_SECONDS)


def _after(frame, since):
    try:
        return rules.since_after(json.loads(frame))
    except (ValueError, TypeError, KeyError):
        return since


def _peer_headers(request):
    headers = {host_rules.LOCAL_HEADER: "1"}
    if "Origin" in request.headers:
        headers["Origin"] = request.headers["Origin"]
    return headers


def _peer_url(request, claims, host, since):
    """The caller's path and filter on `host`, from `since`, with a ticket
    of this proxy's for the caller's project and user (the browser's is
    spent)."""
    secret = ws_auth.ticket_secrets(request.app)[0]
    query = request.query.copy()
    query["since"] = since
    query["ticket"] = tickets.mint(secret, claims.project_id, claims.user_id,
                                   tickets.EVENTS_SUBJECT, ACTION)
    return yarl.URL(host.url.rstrip("/") + request.path).with_query(query)


def setup(app):
    app.router.add_get("/ws/events", events)
