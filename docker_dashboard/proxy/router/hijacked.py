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


def _head(request, host, body):
    lines = ["%s %s HTTP/1.1" % (request.method, request.raw_path),
             "Host: %s" % urlsplit(host.url).netloc]
    lines += ["%s: %s" % pair for pair in
              rules.forwarded_headers(request.headers, upgrade=True)]
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
