"""One dockerd log stream for every live follower of a container.

A container's first follower reads a stream of its own (ws_logs.follow:
nothing between dockerd and that browser but the parser). From the second
one on, the followers of the container (for one choice of stdout/stderr)
share its *live tail*: one `logs?follow=1` stream from dockerd, parsed once,
each chunk's lines encoded once into the text frame every one of them sends.
Two thousand browsers on one container were two thousand streams, each line
read and re-encoded by dockerd and parsed by the proxy two thousand times.

A follower's own history (its `tail`, its `since`, or the resume point of a
reconnect) is a request that ends (`follow=0`), sent after the follower
joined the tail, so no line written meanwhile is missed; what both hold is
dropped by its timestamp (streams/joining.py).

A follower that has caught up and whose browser takes what it is sent is
written to by the tail itself: the chunk's WebSocket frame is made once and
handed to each such browser's socket (a write, no task switch), so a line
reaches two thousand browsers in one pass. A socket that negotiated
compression, or whose send buffer holds more than DIRECT_BUFFER_BYTES, is
served by its follower's own task from its queue instead.

A follower never holds the tail up: one that falls QUEUE_CHUNKS chunks
behind (a slow client; its own `send_str` waits while the browser's socket
is full) leaves it and follows on a stream of its own from the last line it
sent, as a reconnect resumes. Nothing is lost, nothing is held without
bound. When dockerd ends the tail (the container stopped or was removed,
the daemon went away), every follower sends what it still holds and ends
with the same reason, asked of dockerd once.
"""
import asyncio
import collections
import contextlib
import dataclasses
import logging
import struct
import time

import aiohttp

from docker_dashboard.proxy import ws_logs
from docker_dashboard.proxy.streams import LogStreamError
from docker_dashboard.proxy.streams import LogStreamParser
from docker_dashboard.proxy.streams.joining import JoinFilter
from docker_dashboard.proxy.streams.resume import ResumeFilter
from docker_dashboard.proxy.ws_log_options import LogOptions

LOG = logging.getLogger(__name__)

# Chunks a follower may fall behind the tail before it leaves it for a
# stream of its own: at a chatty container's read size, some megabytes.
QUEUE_CHUNKS = 512
# The tail asks dockerd for lines from this long before it opened, so that
# a line written while its request was on the way is in it too (the
# followers drop what they had, by timestamp).
SINCE_MARGIN_NS = 1_000_000_000
# A browser whose socket holds more than this, unsent, is no longer written
# to by the tail directly: its follower's task waits for it instead.
DIRECT_BUFFER_BYTES = 256 * 1024


@dataclasses.dataclass
class _Chunk:
    lines: list
    frame: str
    _wire: bytes = None

    @property
    def wire(self):
        """The frame as the socket carries it, made once for every
        browser written to directly."""
        if self._wire is None:
            self._wire = text_frame(self.frame.encode("utf-8"))
        return self._wire


def text_frame(payload):
    """A final, unmasked WebSocket text frame (RFC 6455, 5.2): what a
    server sends when no compression was negotiated."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x81, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x81, 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 127, size)
    return header + payload


class _Follower:
    """A follower's place in a tail: the chunks it has still to send, or
    the socket the tail writes to itself (`direct`)."""

    def __init__(self, joined):
        self.joined = joined
        self.pending = collections.deque()
        self.ready = asyncio.Event()
        self.overrun = False
        self.end = None
        self.direct = None

    def offer(self, chunk):
        """False when the follower is too far behind to keep."""
        if self.direct is not None and self._written(chunk):
            return True
        if len(self.pending) >= QUEUE_CHUNKS:
            self.overrun = True
            self.ready.set()
            return False
        self.pending.append(chunk)
        self.ready.set()
        return True

    def finish(self, reason):
        self.end = reason
        self.ready.set()

    def _written(self, chunk):
        transport = self.direct
        if (self.pending or transport.is_closing()
                or transport.get_write_buffer_size() > DIRECT_BUFFER_BYTES):
            self.direct = None  # its task takes over, from the queue
            return False
        transport.write(chunk.wire)
        self.joined.sent_caught_up(chunk.lines)
        return True


class _Tail:
    def __init__(self, tails, key, engine, target, stdout, stderr):
        self._tails, self._key = tails, key
        self._engine, self._target = engine, target
        self._params = {"follow": "1", "timestamps": "1", "tail": "all",
                        "stdout": "1" if stdout else "0",
                        "stderr": "1" if stderr else "0"}
        self.followers = set()
        self._task = None

    def join(self):
        follower = _Follower(JoinFilter(time.time_ns()))
        self.followers.add(follower)
        if self._task is None:
            since_ns = time.time_ns() - SINCE_MARGIN_NS
            self._params["since"] = "%d.%09d" % divmod(since_ns, 10 ** 9)
            self._task = asyncio.ensure_future(self._run())
        return follower

    def leave(self, follower):
        self.followers.discard(follower)
        if not self.followers:
            self._close()

    def _close(self):
        self._tails.forget(self._key, self)
        if self._task is not None:
            self._task.cancel()

    def _publish(self, lines):
        if not lines:
            return
        chunk = _Chunk(lines, ws_logs.encode_lines(lines))
        for follower in list(self.followers):
            if not follower.offer(chunk):
                self.followers.discard(follower)

    async def _run(self):
        reason = await self._pump()
        # New followers of the container start a new tail from here on.
        self._tails.forget(self._key, self)
        for follower in list(self.followers):
            follower.finish(reason)

    async def _pump(self):
        container_id = self._target.container_id
        parser = LogStreamParser(self._target.tty, timestamps=True)
        resp, reason = await ws_logs.open_container_stream(
            self._engine, container_id, "logs", self._params)
        if resp is None:
            return reason
        async with resp:
            try:
                async for chunk in resp.content.iter_any():
                    self._publish(parser.feed(chunk))
                self._publish(parser.close())
            except LogStreamError as error:
                self._publish(error.lines)
                LOG.warning("corrupt log stream for %s: %s",
                            container_id[:12], error)
                return ws_logs.CORRUPT
            except (aiohttp.ClientPayloadError,
                    aiohttp.ClientConnectionError, ConnectionError):
                reason = await ws_logs.why_ended(self._engine, container_id)
                return (ws_logs.DAEMON_UNAVAILABLE
                        if reason == ws_logs.INTERRUPTED else reason)
        return await ws_logs.why_ended(self._engine, container_id)


class LiveTails:
    """The app's live tails, by container and streams, and how many
    followers each container has (the first one reads alone)."""

    def __init__(self):
        self._tails = {}
        self._following = collections.Counter()

    @contextlib.contextmanager
    def following(self, container_id):
        """A follower of the container, for as long as the `with` lasts;
        True when another was already there (then share its tail)."""
        shared = self._following[container_id] > 0
        self._following[container_id] += 1
        try:
            yield shared
        finally:
            self._following[container_id] -= 1
            if self._following[container_id] <= 0:
                del self._following[container_id]

    def tail(self, engine, target, stdout, stderr):
        key = (target.container_id, stdout, stderr)
        found = self._tails.get(key)
        if found is None:
            found = self._tails[key] = _Tail(self, key, engine, target,
                                             stdout, stderr)
        return found

    def forget(self, key, tail):
        if self._tails.get(key) is tail:
            del self._tails[key]

    def close(self):
        for tail in list(self._tails.values()):
            tail._close()


async def follow(ws, engine, target, options, tails, transport=None):
    """ws_logs.follow for a container that has another follower: its
    history, then the shared tail; returns the end reason. `transport`,
    the browser's connection, lets the tail write to it directly."""
    tail = tails.tail(engine, target, options.stdout, options.stderr)
    follower = tail.join()
    try:
        return await _follow_joined(ws, engine, target, options, tail,
                                    follower, transport)
    finally:
        tail.leave(follower)


async def _follow_joined(ws, engine, target, options, tail, follower,
                         transport=None):
    joined = follower.joined

    async def send(lines):
        if lines:
            await ws.send_str(ws_logs.encode_lines(lines))
            joined.sent(lines)

    reason = await _history(engine, target, options, send)
    if reason is not None:
        return reason
    caught_up = False
    # The tail may write to the browser itself once this follower has
    # caught up, unless the socket compresses (each browser its own bytes).
    direct = transport if transport is not None and not ws.compress else None
    while True:
        await follower.ready.wait()
        follower.ready.clear()
        while follower.pending:
            chunk = follower.pending.popleft()
            if caught_up:
                await ws.send_str(chunk.frame)
                joined.sent_caught_up(chunk.lines)
                continue
            caught_up = joined.caught_up(chunk.lines)
            if caught_up:
                await ws.send_str(chunk.frame)
                joined.sent(chunk.lines)
            else:
                await send(joined.tail_lines(chunk.lines))
        if follower.end is not None:
            return follower.end
        if follower.overrun:
            tail.leave(follower)
            return await ws_logs.follow(ws, engine, target,
                                        _resumed(options, joined))
        if caught_up and direct is not None:
            follower.direct = direct


async def _history(engine, target, options, send):
    """Send the follower's own history; None, or the end reason when the
    log cannot go on (the container is gone, the stream was corrupt)."""
    params = dict(options.engine_params(), follow="0")
    parser = LogStreamParser(target.tty, timestamps=True)
    resume = options.resume
    resp, reason = await ws_logs.open_container_stream(
        engine, target.container_id, "logs", params)
    if resp is None:
        return reason
    async with resp:
        try:
            async for chunk in resp.content.iter_any():
                lines = parser.feed(chunk)
                await send(resume.filter(lines) if resume else lines)
            lines = parser.close()
            await send(resume.filter(lines) if resume else lines)
        except LogStreamError as error:
            await send(error.lines)
            return ws_logs.CORRUPT
        except (aiohttp.ClientPayloadError, aiohttp.ClientConnectionError,
                ConnectionError):
            reason = await ws_logs.why_ended(engine, target.container_id)
            return (ws_logs.DAEMON_UNAVAILABLE
                    if reason == ws_logs.INTERRUPTED else reason)
    return None


def _resumed(options, joined):
    """The options of a stream of the follower's own, from where it is."""
    point = joined.resume_point()
    if point is None:
        # Nothing sent yet: everything from the join on.
        return LogOptions(tail="all", since=joined.joined_since(),
                          stdout=options.stdout, stderr=options.stderr)
    return LogOptions(stdout=options.stdout, stderr=options.stderr,
                      resume=ResumeFilter(*point))
