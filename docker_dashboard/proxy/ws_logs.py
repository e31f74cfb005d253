"""Following one container's log for a WebSocket client.

dockerd's `logs?follow=1` stream is read chunk by chunk, parsed into lines
(frames split across reads included) and every chunk's lines go out as ONE
text frame holding a JSON array: a chatty container costs a frame per read,
not per line. `await ws.send_str` waits while the client's socket buffer is
full, so a slow client stops us reading dockerd (whose own socket then fills):
memory stays bounded, nothing is buffered without limit.
"""
import logging
from json.encoder import encode_basestring

import aiohttp

from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.streams import LogStreamError
from docker_dashboard.proxy.streams import LogStreamParser
from docker_dashboard.proxy.ws_auth import inspect

LOG = logging.getLogger(__name__)

STOPPED = "container stopped"
REMOVED = "container removed"
DAEMON_UNAVAILABLE = "daemon unavailable"
INTERRUPTED = "log stream interrupted"
CORRUPT = "log stream corrupt"

END_MESSAGES = {
    STOPPED: "The container stopped: the log ends here.",
    REMOVED: "The container was removed: the log ends here.",
    DAEMON_UNAVAILABLE: "The Docker daemon stopped answering: the log "
                        "ends here. Reconnect when it is back.",
    INTERRUPTED: "The log stream was interrupted. Reconnect to resume.",
    CORRUPT: "The log stream could not be decoded.",
}


def end_frame(reason):
    return {"event": "end", "reason": reason, "message": END_MESSAGES[reason]}


# One line's object, in the order and form json.dumps(ensure_ascii=False,
# separators=(",", ":")) gives LogLine.to_dict(); written by hand because a
# busy log sends hundreds of thousands a second, and the string escape is
# json's own.
_LINE = '{"stream":%s,"text":%s,"ts":%s,"truncated":%s}'


def encode_lines(lines):
    """The JSON array of `lines` the browser reads."""
    escape = encode_basestring
    return "[%s]" % ",".join([
        _LINE % (escape(stream), escape(text),
                 "null" if ts is None else escape(ts),
                 "true" if truncated else "false")
        for stream, text, ts, truncated in lines])


async def open_container_stream(engine, container_id, kind, params):
    """(dockerd's streamed answer, None) for a container's `logs` or
    `stats`, or (None, the end reason) when there is nothing to follow."""
    try:
        resp = await engine.request(
            "GET", "/containers/%s/%s" % (container_id, kind), params=params)
    except EngineUnavailable:
        return None, DAEMON_UNAVAILABLE
    if resp.status == 200:
        return resp, None
    resp.release()
    if resp.status == 404:
        return None, REMOVED
    LOG.warning("dockerd answered %s to a %s request", resp.status, kind)
    return None, INTERRUPTED


async def why_ended(engine, container_id):
    """After dockerd closed the stream: what happened to the container."""
    try:
        body = await inspect(engine, container_id)
    except EngineUnavailable:
        return DAEMON_UNAVAILABLE
    except Exception:  # an unexpected answer: still end with a clear line
        LOG.exception("inspect after the log stream ended")
        return INTERRUPTED
    if body is None:
        return REMOVED
    if not (body.get("State") or {}).get("Running"):
        return STOPPED
    return INTERRUPTED


async def follow(ws, engine, target, options):
    """Pump lines to `ws` until the log ends; return the end reason."""
    parser = LogStreamParser(target.tty, timestamps=True)
    resume = options.resume

    async def send(lines):
        if resume is not None:
            lines = resume.filter(lines)
        if lines:
            await ws.send_str(encode_lines(lines))

    resp, reason = await open_container_stream(
        engine, target.container_id, "logs", options.engine_params())
    if resp is None:
        return reason
    async with resp:
        try:
            async for chunk in resp.content.iter_any():
                await send(parser.feed(chunk))
            await send(parser.close())
        except LogStreamError as error:
            await send(error.lines)
            LOG.warning("corrupt log stream for %s: %s",
                        target.container_id[:12], error)
            return CORRUPT
        except (aiohttp.ClientPayloadError, aiohttp.ClientConnectionError,
                ConnectionError):
            # dockerd went away mid-stream (restart, crash): what we have
            # is complete lines; a cut-off last line is still shown.
            await send(_flush_quietly(parser))
            reason = await why_ended(engine, target.container_id)
            return DAEMON_UNAVAILABLE if reason == INTERRUPTED else reason
    return await why_ended(engine, target.container_id)


def _flush_quietly(parser):
    try:
        return parser.close()
    except LogStreamError as error:
        return error.lines
