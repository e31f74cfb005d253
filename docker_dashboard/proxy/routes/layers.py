"""Layer analysis of an image: summary, one folder of one layer, comparison.

The proxy's own endpoints (under /dd/, beside the Engine API):

    GET /dd/images/{name}/layers                     layers, efficiency, wasters
    GET /dd/images/{name}/layers/{index}/tree?path=/&aggregate=0|1
    GET /dd/images/compare?a=&b=

An image is reached exactly as `GET /images/{name}/json` reaches it
(lookups.image: another project's image answers 404 like a missing one).
The analysis reads `docker save` once, streamed from dockerd into the
(synchronous) analyser running in a thread, and is kept on disk by image id
within a size bound, plus the last few in memory for folder-by-folder browsing.
"""
import asyncio
import collections
import os

from docker_dashboard.proxy import lookups
from docker_dashboard.proxy.engine import EngineDeadline
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.layers import (AnalysisCache, ArchiveLimitExceeded,
                                           LayerAnalysisError, PathNotFound,
                                           analyse, compare)
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules.errors import Refused

# Disk bound of the analysis cache (bytes) and how many analyses stay loaded.
CACHE_BYTES = int(os.environ.get("DD_LAYER_CACHE_BYTES", 512 * 1024 ** 2))
IN_MEMORY = 4
TOP_WASTERS = 20
# A comparison of unrelated images can differ in every file: the answer is
# bounded, and says so when it was cut.
MAX_DIFFERENCES = 2000
# Chunks of the `docker save` stream queued between dockerd and the analyser:
# enough to keep both busy, bounded so memory stays flat.
CHUNK = 256 * 1024
QUEUED_CHUNKS = 16


class _QueueReader:
    """A file object with `read(n)` for the analyser's thread, fed by the
    event loop's reader task through an asyncio queue (None ends it)."""

    def __init__(self, queue, loop):
        self._queue, self._loop = queue, loop
        self._buffer, self._offset, self._done = b"", 0, False

    def read(self, size=-1):
        if size is None or size < 0:
            size = CHUNK
        if self._offset >= len(self._buffer):
            if self._done:
                return b""
            chunk = asyncio.run_coroutine_threadsafe(self._queue.get(),
                                                     self._loop).result()
            if chunk is None:
                self._done = True
                return b""
            self._buffer, self._offset = chunk, 0
        part = self._buffer[self._offset:self._offset + size]
        self._offset += len(part)
        return part


async def _feed(chunks, queue):
    try:
        async for chunk in chunks:
            await queue.put(chunk)
    finally:
        await queue.put(None)


async def _analyse_saved(request, image_id):
    """Stream `docker save` of one image into the analyser."""
    engine = request.app["engine"]
    response = await engine.request("GET", "/images/%s/get" % image_id)
    async with response:
        if response.status != 200:
            raise Refused(response.status,
                          "dockerd could not export the image for analysis")
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue(QUEUED_CHUNKS)
        # A silent dockerd mid-save ends the feed (rules/deadlines.py).
        feeder = asyncio.ensure_future(_feed(engine.chunks(
            response, "GET", "/images/%s/get" % image_id, size=CHUNK),
            queue))
        reader = _QueueReader(queue, loop)
        try:
            try:
                return await loop.run_in_executor(
                    None, lambda: analyse(reader, image=image_id))
            except Exception:
                # The archive was cut because dockerd went silent: say
                # that (504), not what the cut made of the archive.
                if feeder.done() and not feeder.cancelled() and isinstance(
                        feeder.exception(), EngineDeadline):
                    raise feeder.exception() from None
                raise
        finally:
            feeder.cancel()
            # If we stop early (caller gone), the thread may be waiting for a
            # chunk: an end marker lets it finish instead of hanging.
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(None)


class _Analyses:
    """Disk cache + a few loaded analyses + one analysis at a time per image."""

    def __init__(self, directory):
        self.disk = AnalysisCache(directory, CACHE_BYTES)
        self.loaded = collections.OrderedDict()
        self.locks = {}

    async def get(self, request, image_id):
        analysis = self.loaded.get(image_id)
        if analysis is not None:
            self.loaded.move_to_end(image_id)
            return analysis
        loop = asyncio.get_running_loop()
        lock = self.locks.setdefault(image_id, asyncio.Lock())
        try:
            async with lock:
                analysis = self.loaded.get(image_id)
                if analysis is None:
                    analysis = await loop.run_in_executor(
                        None, self.disk.get, image_id)
                if analysis is None:
                    analysis = await _analyse_saved(request, image_id)
                    await loop.run_in_executor(None, self.disk.put, analysis)
        finally:
            if not lock.locked():
                self.locks.pop(image_id, None)
        self.loaded[image_id] = analysis
        self.loaded.move_to_end(image_id)
        while len(self.loaded) > IN_MEMORY:
            self.loaded.popitem(last=False)
        return analysis


async def _analysis_of(request, name):
    """(inspect answer, analysis) of an image the caller may see."""
    body, _owner = await lookups.image(request, name)
    try:
        analysis = await request.app["layer_analyses"].get(request, body["Id"])
    except ArchiveLimitExceeded as exc:
        raise Refused(413, "The image is too large to analyse: %s" % exc)
    except LayerAnalysisError as exc:
        raise Refused(422, "The image could not be analysed: %s" % exc)
    return body, analysis


@action("docker:image:layers")
async def summary(request):
    _body, analysis = await _analysis_of(request, request.match_info["name"])
    answer = analysis.summary()
    answer["top_wasters"] = [w.to_dict()
                             for w in analysis.top_wasters(TOP_WASTERS)]
    return docker_json(answer)


def _flag(request, name):
    value = request.query.get(name, "0")
    if value not in ("0", "1", "true", "false"):
        raise Refused(400, "%s is 0 or 1" % name, field=name)
    return value in ("1", "true")


@action("docker:image:layers")
async def tree(request):
    try:
        index = int(request.match_info["index"])
    except ValueError:
        raise Refused(400, "The layer index is a number", field="index")
    path = request.query.get("path", "/") or "/"
    if not path.startswith("/"):
        raise Refused(400, "path is absolute", field="path")
    aggregate = _flag(request, "aggregate")
    _body, analysis = await _analysis_of(request, request.match_info["name"])
    if not 0 <= index < len(analysis.layers):
        raise Refused(404, "The image has no layer %d" % index, field="index")
    try:
        entries = analysis.list_dir(index, path, aggregate=aggregate)
    except PathNotFound:
        raise Refused(404, "No folder %s in this view of layer %d"
                      % (path, index), field="path")
    return docker_json({"layer": index, "path": path, "aggregate": aggregate,
                        "entries": [e.to_dict() for e in entries]})


@action("docker:image:layers")
async def compare_images(request):
    names = {}
    for side in ("a", "b"):
        names[side] = request.query.get(side, "")
        if not names[side]:
            raise Refused(400, "%s is required" % side, field=side)
    body_a, analysis_a = await _analysis_of(request, names["a"])
    body_b, analysis_b = await _analysis_of(request, names["b"])
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(None, compare, analysis_a, analysis_b)
    answer = result.to_dict()
    answer["a"] = {"id": body_a["Id"], "layers": len(analysis_a.layers)}
    answer["b"] = {"id": body_b["Id"], "layers": len(analysis_b.layers)}
    answer["truncated"] = len(answer["differences"]) > MAX_DIFFERENCES
    answer["differences"] = answer["differences"][:MAX_DIFFERENCES]
    return docker_json(answer)


def setup(app):
    app["layer_analyses"] = _Analyses(
        os.path.join(app["config"].state_dir, "layers"))
    # compare first: `{name:.+}` would otherwise never see it (it has no
    # /layers suffix, so the two cannot collide, but keep the order plain).
    add_route(app, "GET", "/dd/images/compare", compare_images)
    add_route(app, "GET", "/dd/images/{name:.+}/layers", summary)
    add_route(app, "GET", "/dd/images/{name:.+}/layers/{index}/tree", tree)
