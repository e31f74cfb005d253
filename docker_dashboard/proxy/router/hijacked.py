"""`attach` and `exec start` (hijacked connections) on another host.

The caller's request is written as it came (path, query, end-to-end
headers, `Connection: Upgrade` / `Upgrade: tcp`, its body) on a raw
connection to the other host's proxy; once that proxy answers 101, the two
sockets are spliced exactly as for a local dockerd (hijack.switch).
"""
import asyncio
import ssl
from urllib.parse import urlsplit

from docker_dashboard.proxy import hijack
from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.rules import hosts as rules


def _head(request, host, body, upgrade="tcp"):
    lines = ["%s %s HTTP/1.1" % (request.method, request.raw_path),
             "Host: %s" % urlsplit(host.url).netloc]
    lines += ["%s: %s" % pair for pair in
              rules.forwarded_headers(request.headers, upgrade=upgrade)]
    if body or upgrade == "tcp":
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _connect(host):
    where = urlsplit(host.url)
    secure = where.scheme == "https"
    port = where.port or (443 if secure else 80)
    return lambda: asyncio.open_connection(
        where.hostname, port,
        ssl=ssl.create_default_context() if secure else None)


async def to_host(request, host):
    # The hijacking calls' bodies are small JSON (exec start's options):
    # read whole, sent with their length.
    body = await request.read()
    known = request.app["peers"]

    def unreachable(exc):
        known.failed(host, peers.describe(exc))
        return forward.not_answering(host)
    return await hijack.switch(request, _connect(host),
                               _head(request, host, body),
                               request.app["config"].docker_timeout,
                               unreachable)


async def websocket_to_host(request, host):
    """A ticketed WebSocket of a container on `host` (its record known):
    the browser's handshake is sent there as it came (ticket, Origin,
    Sec-WebSocket-Key), that proxy checks and accepts it, and the two
    connections are spliced: frames pass as bytes, never decoded and
    framed again here, so the hop costs what a loopback copy costs. The
    host's close (its 1012 when it restarts) reaches the browser as it
    sent it; this proxy stopping cuts the connection, and the page
    reconnects as after any lost connection."""
    known = request.app["peers"]

    def unreachable(exc):
        known.failed(host, peers.describe(exc))
        return forward.not_answering(host)
    # A handshake answered only once that proxy has inspected the
    # container (and, for a console, made and started the exec): as
    # router/sockets.py waits for it.
    return await hijack.switch(request, _connect(host),
                               _head(request, host, b"", "websocket"),
                               2 * request.app["config"].docker_timeout,
                               unreachable, reply=hijack.websocket_answer)
