"""The ticketed WebSockets (logs, stats, console) of a container on
another host.

The browser's socket is opened on the host's proxy with the same path, the
same ticket and the same Origin: that proxy checks them itself, and spends
the ticket. Only once it accepted is the browser's handshake accepted here,
so a refusal there is the same plain 403 as here. Then frames are pumped
both ways until either side closes; its close code and reason (the 1012 of
a restarting proxy, say) are passed on to the other side.

With no record of the container's host, the socket is opened on every peer
at once: a ticket names one container, so only its host accepts.
"""
import asyncio
import logging

import aiohttp
from aiohttp import WSMsgType

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy import ws_auth
from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.routing import docker_error
from docker_dashboard.proxy.rules import hosts as rules

LOG = logging.getLogger(__name__)

# A host refused the handshake with its plain 403 (Origin, ticket, no such
# container there).
_REFUSED = object()
# Its other refusals, by status: the message is the host's own words for
# them (routes/websockets.py), which the handshake error does not carry.
_OTHER_REFUSALS = {409: "The container is not running"}


class _Refused:
    def __init__(self, host, status):
        self.host = host
        self.status = status

    def answer(self):
        return docker_error(self.status, _OTHER_REFUSALS.get(
            self.status, "Docker host %s refused the WebSocket (%d)"
            % (self.host.name, self.status)))


async def to_hosts(request, hosts):
    opened = await _open_on_one(request, hosts)
    if opened is _REFUSED:
        return ws_auth.WebSocketRefused.answer()
    if isinstance(opened, _Refused):
        return opened.answer()
    if opened is None:
        if len(hosts) == 1:
            return docker_error(502, forward.NOT_ANSWERING % hosts[0].name)
        return ws_auth.WebSocketRefused.answer()
    host, upstream = opened
    ws = ws_auth.ws_response()
    try:
        if not await ws_auth.handshake(ws, request):
            return ws_auth.client_left()
        with shutdown.live_socket(request.app, ws):
            await _pump(ws, upstream)
    finally:
        if not upstream.closed:
            await upstream.close()
    return ws


async def _open_on_one(request, hosts):
    """(host, its open socket); else a refusal (_REFUSED, or a _Refused
    with the container's host's status); None when none answered."""
    results = await asyncio.gather(*(_open(request, host) for host in hosts))
    chosen, refused = None, False
    for result in results:
        if isinstance(result, _Refused):
            # Only the container's host refuses otherwise than with 403.
            refused = result
        elif result is _REFUSED:
            refused = refused or True
        elif result is not None and chosen is None:
            chosen = result
        elif result is not None:
            # A ticket names one container, so a second host cannot accept
            # it; were it to, its socket is not left open.
            await result[1].close()
    if chosen is not None:
        return chosen
    if refused is True:
        return _REFUSED
    return refused or None


async def _open(request, host):
    app = request.app
    headers = {rules.LOCAL_HEADER: "1"}
    if "Origin" in request.headers:
        headers["Origin"] = request.headers["Origin"]
    try:
        # That proxy inspects the container, and for a console also makes
        # and switches the exec, each within DD_DOCKER_TIMEOUT, before it
        # answers the handshake.
        async with asyncio.timeout(2 * app["config"].docker_timeout):
            # No permessage-deflate between proxies: on loopback or a
            # datacenter link it only costs a compression and a
            # decompression of every frame (the browser's hop keeps its own).
            upstream = await app["peers"].session.ws_connect(
                forward.url_of(host, request), headers=headers,
                heartbeat=30.0, max_msg_size=0, compress=0)
    except aiohttp.WSServerHandshakeError as refusal:
        LOG.info("Docker host %s refused a WebSocket: %s", host.name,
                 refusal.status)
        if refusal.status == 403:
            return _REFUSED
        if refusal.status >= 400:
            return _Refused(host, refusal.status)
        # Not a WebSocket's answer at all.
        app["peers"].failed(host, peers.describe(refusal))
        return None
    except forward.UNREACHABLE as exc:
        app["peers"].failed(host, peers.describe(exc))
        return None
    app["peers"].answered(host)
    return host, upstream


async def _pump(ws, upstream):
    """Frames both ways until one side closes; the close passed on."""
    down = asyncio.ensure_future(_host_to_browser(upstream, ws))
    up = asyncio.ensure_future(_browser_to_host(ws, upstream))
    try:
        await asyncio.wait({down, up}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (down, up):
            task.cancel()
        await asyncio.gather(down, up, return_exceptions=True)
    if not ws.closed:
        code, reason = _close_of(down) or (aiohttp.WSCloseCode.OK, "")
        await ws.close(code=code, message=reason.encode())


def _close_of(task):
    """The host's (close code, reason) if its pump saw its close."""
    if task.done() and not task.cancelled() and task.exception() is None:
        return task.result()
    return None


async def _host_to_browser(upstream, ws):
    """Pumps the host's frames; its close (code, reason), or None."""
    while True:
        msg = await upstream.receive()
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
        elif msg.type == WSMsgType.CLOSE:
            return msg.data, msg.extra or ""
        elif msg.type in (WSMsgType.CLOSING, WSMsgType.CLOSED,
                          WSMsgType.ERROR):
            return None


async def _browser_to_host(ws, upstream):
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await upstream.send_str(msg.data)
        elif msg.type == WSMsgType.BINARY:
            await upstream.send_bytes(msg.data)
    # The browser closed (or went): so does the host's socket.
    await upstream.close(code=ws.close_code or aiohttp.WSCloseCode.OK)
