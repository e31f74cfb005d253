"""Forwarding a decided request to dockerd and streaming its answer back.

Holds no policy: by the time a route calls `forward`, the decision is made.
"""
import asyncio
import logging

from aiohttp import web
from multidict import MultiDict

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy.engine import EngineDeadline
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.engine import HOP_BY_HOP

LOG = logging.getLogger(__name__)

# Large enough to keep a `docker save` stream moving, small enough to keep
# memory flat however big the image is.
CHUNK = 256 * 1024
# An answer dockerd sized at most this is read whole and sent in one write
# with its length (inspect, lists, most JSON), and so is a short call's
# answer dockerd did not size that ends within it: a chunked stream costs a
# few more writes and syscalls per call, which is most of a small call's
# overhead. Larger answers and those of streaming calls (archives, logs,
# progress) stream, and a HEAD answer keeps dockerd's own Content-Length
# (it has no body).
WHOLE_ANSWER = 1024 ** 2
# The engine client undoes dockerd's compression (archive answers are
# gzipped), so the body forwarded is plain: its encoding header must go.
DECODED = frozenset(["content-encoding"])


def query_without(request, *names):
    """The caller's query parameters, minus the ones the route rewrites."""
    return MultiDict((k, v) for k, v in request.query.items()
                     if k not in names)


async def forward(request, method, path, params=None, json_body=None,
                  data=None, headers=None, tap=None, before_end=None,
                  endless=False):
    """Send one request to dockerd and stream its answer back as is.

    `tap`, when given, sees each chunk of the answer on its way (a route
    reads what dockerd made, e.g. a build's image id); it cannot change it.
    `before_end`, when given, is awaited before the answer's end is sent:
    what a route records from the answer is recorded before the caller,
    seeing the end, can ask for it.
    `endless`: a stream that only ends when its client leaves (`logs -f`,
    `events`); when the proxy stops it ends cleanly, as dockerd ends its
    own when it stops. A finite answer (a `docker save`) is never cut
    short that way: a clean end would pass a truncated one for whole.
    """
    engine = request.app["engine"]
    deadline = engine.deadline(method, path, params)
    resp = await engine.request(method, path, params=params,
                                json_body=json_body, data=data,
                                headers=headers, deadline=deadline)
    async with resp:
        head = b""
        try:
            if method != "HEAD" and _small(resp):
                return await _whole(resp, await resp.read(), tap,
                                    before_end)
            if method != "HEAD" and deadline.whole:
                # A short call's answer (a list, most JSON) that dockerd
                # did not size: Go sizes only what fits its first 2 KiB
                # buffer and chunks the rest. Read whole (it is due whole
                # within the deadline anyway), it goes out in one write
                # with its length; past WHOLE_ANSWER it streams on.
                head, complete = await _read_up_to(resp, WHOLE_ANSWER)
                if complete:
                    return await _whole(resp, head, tap, before_end)
        except asyncio.TimeoutError as exc:
            # Nothing sent yet: the caller gets the 504.
            raise EngineDeadline(deadline.seconds) from exc
        out = web.StreamResponse(status=resp.status, reason=resp.reason)
        _copy_headers(resp, out)
        try:
            await out.prepare(request)
        except ConnectionResetError:
            # The caller left while dockerd was answering (a routing proxy
            # that stopped waiting for this host): no one to send to.
            return out

        async def copy():
            if head:
                if tap is not None:
                    tap(head)
                await out.write(head)
            # With the call's idle bound (rules/deadlines.py).
            async for chunk in engine.chunks(resp, method, path, params,
                                             CHUNK):
                if tap is not None:
                    tap(chunk)
                await out.write(chunk)
        try:
            if endless:
                await shutdown.unless_stopping(request.app, copy())
            else:
                await copy()
            if before_end is not None:
                await before_end()
            await out.write_eof()
        except ConnectionResetError:
            # The caller went away mid-stream (a `logs -f` or `wait` ended
            # by the user): nothing left to send to.
            pass
        except (asyncio.TimeoutError, EngineUnavailable) as exc:
            # dockerd went silent after its headers went out: the status is
            # sent, so the one way left to say "incomplete" is to cut the
            # connection rather than end the body.
            LOG.warning("dockerd stopped answering %s %s: %s", method,
                        path.split("?")[0], exc)
            request.transport.close()
        return out


def _copy_headers(resp, out):
    for name, value in resp.headers.items():
        if name.lower() not in HOP_BY_HOP and name.lower() not in DECODED:
            out.headers.add(name, value)


def _small(resp):
    # Content-Length counts the encoded bytes: a compressed answer's
    # decoded size is unknown, so it streams.
    return (resp.content_length is not None
            and resp.content_length <= WHOLE_ANSWER
            and "Content-Encoding" not in resp.headers)


async def _read_up_to(resp, limit):
    """(the answer's bytes, True) when it ends within `limit` bytes, else
    (what was read, a little past `limit`, False)."""
    parts = []
    size = 0
    while size <= limit:
        chunk = await resp.content.readany()
        if not chunk:
            return b"".join(parts), True
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts), False


async def _whole(resp, body, tap, before_end):
    if tap is not None:
        tap(body)
    if before_end is not None:
        await before_end()
    out = web.Response(body=body, status=resp.status, reason=resp.reason)
    _copy_headers(resp, out)
    return out
