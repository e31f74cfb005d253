"""Following one container's stats for a WebSocket client.

dockerd's `stats?stream=1` pushes one JSON sample per line, about every
second. Each is reduced (stats_sample.reduce_sample) and sent as one JSON
text frame. `await ws.send_str` waits while the client's socket buffer is
full, so a slow client stops us reading dockerd: nothing is buffered without
limit. There is no time limit: an open tab costs the proxy a coroutine and a
dockerd connection, not one of Horizon's threads.

dockerd does not end the stream when the container stops (Docker 20.10): it
sends empty samples (read time "0001-01-01...") or nothing at all. An empty
sample, or a silence of SILENCE_SECONDS, makes us ask dockerd what became of
the container, and a stopped or removed one ends the stream with
{"event": "end", ...}.
"""
import asyncio
import json
import logging

import aiohttp

from docker_dashboard.proxy import stats_sample
from docker_dashboard.proxy import ws_logs

LOG = logging.getLogger(__name__)

# Samples come every second; three missed ones mean "look at the container".
SILENCE_SECONDS = 3.0

# The end reasons are the live log's (same words, same causes).
STOPPED = ws_logs.STOPPED
REMOVED = ws_logs.REMOVED
DAEMON_UNAVAILABLE = ws_logs.DAEMON_UNAVAILABLE
INTERRUPTED = ws_logs.INTERRUPTED

END_MESSAGES = {
    STOPPED: "The container is not running: no more figures.",
    REMOVED: "The container was removed: no more figures.",
    DAEMON_UNAVAILABLE: "The Docker daemon stopped answering: no more "
                        "figures. Reconnect when it is back.",
    INTERRUPTED: "The stats stream was interrupted.",
}


def end_frame(reason):
    return {"event": "end", "reason": reason, "message": END_MESSAGES[reason]}


def encode(sample):
    return json.dumps(stats_sample.reduce_sample(sample),
                      separators=(",", ":"))


class _Relay:
    """Sends a frame per sample line until dockerd closes the stream or
    says it has nothing more; remembers when the last sample went out."""

    def __init__(self, ws, content):
        self.ws = ws
        self.content = content
        self.last_sample_at = asyncio.get_running_loop().time()

    async def run(self):
        while True:
            line = await self.content.readline()
            if not line:
                return
            try:
                sample = json.loads(line)
            except ValueError:
                LOG.warning("dockerd sent a stats line that is not JSON")
                continue
            if not isinstance(sample, dict):
                continue
            if stats_sample.epoch_seconds(sample.get("read")) is None:
                # Go's zero time: dockerd has no figures for the container
                # any more (it stopped); it keeps sending these empty ones.
                return
            await self.ws.send_str(encode(sample))
            self.last_sample_at = asyncio.get_running_loop().time()


async def follow(ws, engine, target):
    """Pump reduced samples to `ws` until the stream ends; return why."""
    if not target.running:
        return STOPPED
    resp, reason = await ws_logs.open_container_stream(
        engine, target.container_id, "stats", {"stream": "1"})
    if resp is None:
        return reason
    async with resp:
        # The relay is never cancelled while it runs: cancelling a
        # half-read line would lose its first part.
        relay = _Relay(ws, resp.content)
        task = asyncio.ensure_future(relay.run())
        try:
            return await _watch(task, relay, engine, target.container_id)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


async def _watch(task, relay, engine, container_id):
    """Wait for the relay; after a silence, ask dockerd about the container
    and end the stream if it stopped or went away."""
    loop = asyncio.get_running_loop()
    while True:
        done, _ = await asyncio.wait({task}, timeout=SILENCE_SECONDS)
        if task in done:
            break
        if loop.time() - relay.last_sample_at < SILENCE_SECONDS:
            continue  # samples are flowing (or the client is slow to take them)
        reason = await ws_logs.why_ended(engine, container_id)
        if reason != INTERRUPTED:  # stopped, removed, or no daemon
            return reason
    try:
        task.result()
    except (aiohttp.ClientPayloadError, aiohttp.ClientConnectionError,
            ConnectionError, ValueError):
        # dockerd went away mid-stream (restart, crash), or a line longer
        # than the reader's bound (ValueError): say what became of it.
        reason = await ws_logs.why_ended(engine, container_id)
        return DAEMON_UNAVAILABLE if reason == INTERRUPTED else reason
    return await ws_logs.why_ended(engine, container_id)
