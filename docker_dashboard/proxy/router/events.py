"""`GET /events` of every host as one stream.

This host's dockerd is asked with the caller's scoped filters (as the
single-host route does) while every peer is asked at once with the caller's
own request (its token, its `since`/`until`, its filters) and X-DD-Local:
each host scopes its own events. Their events are written to the caller as
they arrive, each whole as dockerd wrote it (one JSON object a line), so
that the docker CLI and docker-py read one stream; when `until` has passed
already (past events only: every host answers at once and ends), they are
written when all have ended, oldest first, as one dockerd orders them.
With `until` the stream ends when every host's has ended; without, when
the caller leaves or this proxy stops. A peer that cannot be reached, or
that stops answering, is left out (logged once per outage,
router/peers.py); the stream goes on.
"""
import asyncio
import logging
import time

from aiohttp import web

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.rules import hosts as rules

LOG = logging.getLogger(__name__)

# Put on the queue by a source whose stream ended (or failed).
_ENDED = object()
# Seconds between two looks at whether the caller is still there while no
# host has an event for it: a `docker events` ended by its user frees the
# streams it holds open on every host within that time, not at the next
# event.
CALLER_CHECK = 5.0


async def merged(request, local_params):
    app = request.app
    engine = app["engine"]
    others, _ = app["peers"].up()
    queue = asyncio.Queue()
    sources = [asyncio.ensure_future(_from_peer(request, host, queue))
               for host in others]
    try:
        try:
            local = await engine.request("GET", "/events",
                                         params=local_params)
        except EngineUnavailable as error:
            if not sources:
                raise
            # This host's dockerd away: the other hosts' events still come.
            LOG.warning("dockerd unavailable for merged events: %s", error)
            local = None
        if local is not None and local.status != 200:
            # dockerd refused the request itself (bad filters, say): as
            # on one host.
            async with local:
                body = await local.read()
            return web.Response(body=body, status=local.status,
                                headers=rules.answer_headers(local.headers))
        if local is not None:
            sources.append(asyncio.ensure_future(
                _from_local(request, local, local_params, queue)))
        out = web.StreamResponse(status=200)
        if local is not None:
            out.headers.extend(rules.answer_headers(local.headers))
        else:
            out.content_type = "application/json"
        try:
            await out.prepare(request)
        except ConnectionResetError:
            return out
        try:
            past = rules.ends_before(request.query.get("until"), time.time())
            await shutdown.unless_stopping(
                app, _copy(request, queue, len(sources), out, past))
            await out.write_eof()
        except ConnectionResetError:
            pass  # the caller left (`docker events` ended by the user)
        return out
    finally:
        for task in sources:
            task.cancel()
        await asyncio.gather(*sources, return_exceptions=True)


async def _copy(request, queue, count, out, past=False):
    """Write each source's events as they come, until all have ended or
    the caller has left; `past`: all at the end, ordered by time."""
    ended = 0
    kept = []
    while ended < count:
        try:
            line = await asyncio.wait_for(queue.get(), CALLER_CHECK)
        except asyncio.TimeoutError:
            if request.transport is None or request.transport.is_closing():
                raise ConnectionResetError("the caller left")
            continue
        if line is _ENDED:
            ended += 1
        elif past:
            # Bounded: a dockerd keeps only its last few hundred events.
            kept.append(line)
        else:
            await out.write(line)
    if kept:
        await out.write(b"".join(rules.order_events(kept)))


async def _lines(chunks, queue):
    pending = b""
    async for chunk in chunks:
        lines, pending = rules.split_events(pending, chunk)
        for line in lines:
            queue.put_nowait(line)
    if pending.strip():
        queue.put_nowait(pending + b"\n")


async def _from_local(request, resp, params, queue):
    try:
        async with resp:
            await _lines(request.app["engine"].chunks(
                resp, "GET", "/events", params, transport.CHUNK), queue)
    except (asyncio.TimeoutError, EngineUnavailable) as exc:
        LOG.warning("dockerd stopped answering merged events: %s", exc)
    finally:
        queue.put_nowait(_ENDED)


async def _from_peer(request, host, queue):
    app = request.app
    known = app["peers"]
    try:
        async with asyncio.timeout(app["config"].docker_timeout):
            resp = await known.session.get(
                forward.url_of(host, request),
                headers=rules.forwarded_headers(request.headers))
        async with resp:
            if resp.status != 200:
                known.failed(host, "it answered %s to events" % resp.status)
                return
            known.answered(host)
            await _lines(resp.content.iter_chunked(transport.CHUNK), queue)
            if "until" not in request.query:
                # Its proxy stopped (a restart): the stream goes on
                # without that host's events.
                known.failed(host, "its events stream ended")
    except forward.UNREACHABLE as exc:
        known.failed(host, peers.describe(exc))
    finally:
        queue.put_nowait(_ENDED)
