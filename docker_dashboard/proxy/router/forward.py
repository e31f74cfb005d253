"""Sending the caller's request as it came to another host's proxy, and its
answer back as that proxy gave it.

The request keeps its method, path, query, body (streamed) and end-to-end
headers, the caller's own X-Auth-Token among them: the other proxy checks
the caller itself, there is no trust between proxies beyond what the user
has. `X-DD-Local: 1` tells it to answer from its own dockerd. The answer's
status, headers and body come back as they are, a stream (`logs -f`,
`events`, a `docker save`) chunk by chunk.

The bounds are the proxy's own for the same call to dockerd
(rules/deadlines.py), plus DD_DOCKER_TIMEOUT of slack so that the other
proxy's own 504, naming what did not answer there, arrives first.
"""
import asyncio
import logging

import aiohttp
from aiohttp import web
import yarl

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.rules import deadlines
from docker_dashboard.proxy.rules import hosts as rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)

NOT_ANSWERING = "Docker host %s is not answering"
# What a host that does not answer raises on the way.
UNREACHABLE = (asyncio.TimeoutError, aiohttp.ClientError, OSError)


def not_answering(host):
    return Refused(502, NOT_ANSWERING % host.name)


def url_of(host, request):
    """The caller's path and query as sent, on `host`."""
    return yarl.URL(host.url.rstrip("/") + request.raw_path, encoded=True)


async def body_of(request):
    """The caller's body: streamed on when no route read it yet, else the
    bytes the route read (aiohttp keeps them)."""
    if request.can_read_body:
        return request.content.iter_chunked(transport.CHUNK)
    if request.body_exists:
        return await request.read()
    return None


async def send(request, host, data=None):
    """(the host's answer, its Deadline) for the caller's request sent to
    `host`; the caller of `send` releases the answer."""
    app = request.app
    config = app["config"]
    session = app["peers"].session
    deadline = deadlines.for_engine_call(request.method, request.path,
                                         request.query, config.docker_timeout)
    if data is None:
        data = await body_of(request)
    sent = session.request(request.method, url_of(host, request),
                           headers=rules.forwarded_headers(request.headers),
                           data=data, allow_redirects=False)
    try:
        if deadline.while_alive:
            resp = await peers.while_up(session, host, sent, deadline.seconds)
        else:
            async with asyncio.timeout(deadline.seconds
                                       + config.docker_timeout):
                resp = await sent
    except UNREACHABLE as exc:
        app["peers"].failed(host, peers.describe(exc))
        raise not_answering(host) from exc
    app["peers"].answered(host)
    return resp, deadline


async def to_host(request, host, learn=None):
    """Forward the caller's request to `host`; its answer, streamed.
    `learn(status, body)`, when given, sees an answer small enough to be
    read whole (a route records what the host made)."""
    resp, deadline = await send(request, host)
    slack = request.app["config"].docker_timeout
    async with resp:
        if request.method == "HEAD" or _small(resp):
            try:
                async with asyncio.timeout(deadline.seconds + slack):
                    body = await resp.read()
            except UNREACHABLE as exc:
                raise not_answering(host) from exc
            if learn is not None:
                learn(resp.status, body)
            out = web.Response(body=body or None, status=resp.status,
                               reason=resp.reason)
            out.headers.extend(rules.answer_headers(resp.headers))
            return out
        out = web.StreamResponse(status=resp.status, reason=resp.reason)
        out.headers.extend(rules.answer_headers(resp.headers))
        try:
            await out.prepare(request)
        except ConnectionResetError:
            return out  # the caller left while the host was answering
        idle = None if deadline.idle is None else deadline.idle + slack

        async def copy():
            async for chunk in timeouts.idle_bounded(
                    resp.content.iter_chunked(transport.CHUNK), idle,
                    asyncio.TimeoutError):
                await out.write(chunk)
        try:
            if _endless(deadline):
                await shutdown.unless_stopping(request.app, copy())
            else:
                await copy()
            await out.write_eof()
        except ConnectionResetError:
            pass  # the caller left mid-stream
        except UNREACHABLE as exc:
            # The status went out: cutting the connection is the one way
            # left to say the answer is incomplete (as transport.forward).
            LOG.warning("Docker host %s stopped answering %s %s: %s",
                        host.name, request.method, request.path,
                        peers.describe(exc))
            request.transport.close()
        return out


def _small(resp):
    return (resp.content_length is not None
            and resp.content_length <= transport.WHOLE_ANSWER)


def _endless(deadline):
    # A stream whose length nothing bounds (`logs -f`, `events`, `stats`):
    # ended cleanly when this proxy stops, as transport.forward does.
    return not (deadline.whole or deadline.while_alive
                or deadline.idle is not None)
