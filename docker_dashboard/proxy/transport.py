"""Forwarding a decided request to dockerd and streaming its answer back.

Holds no policy: by the time a route calls `forward`, the decision is made.
"""
from aiohttp import web
from multidict import MultiDict

from docker_dashboard.proxy.engine import HOP_BY_HOP

# Large enough to keep a `docker save` stream moving, small enough to keep
# memory flat however big the image is.
CHUNK = 256 * 1024
# The engine client undoes dockerd's compression (archive answers are
# gzipped), so the body forwarded is plain: its encoding header must go.
DECODED = frozenset(["content-encoding"])


def query_without(request, *names):
    """The caller's query parameters, minus the ones the route rewrites."""
    return MultiDict((k, v) for k, v in request.query.items()
                     if k not in names)


async def forward(request, method, path, params=None, json_body=None,
                  data=None, headers=None, tap=None, before_end=None):
    """Send one request to dockerd and stream its answer back as is.

    `tap`, when given, sees each chunk of the answer on its way (a route
    reads what dockerd made, e.g. a build's image id); it cannot change it.
    `before_end`, when given, is awaited before the answer's end is sent:
    what a route records from the answer is recorded before the caller,
    seeing the end, can ask for it.
    """
    engine = request.app["engine"]
    resp = await engine.request(method, path, params=params,
                                json_body=json_body, data=data,
                                headers=headers)
    async with resp:
        out = web.StreamResponse(status=resp.status, reason=resp.reason)
        for name, value in resp.headers.items():
            if name.lower() not in HOP_BY_HOP and name.lower() not in DECODED:
                out.headers.add(name, value)
        await out.prepare(request)
        try:
            async for chunk in resp.content.iter_chunked(CHUNK):
                if tap is not None:
                    tap(chunk)
                await out.write(chunk)
            if before_end is not None:
                await before_end()
            await out.write_eof()
        except ConnectionResetError:
            # The caller went away mid-stream (a `logs -f` or `wait` ended
            # by the user): nothing left to send to.
            pass
        return out
