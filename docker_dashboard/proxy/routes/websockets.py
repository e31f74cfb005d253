"""The log, console and stats WebSockets the browser opens with a ticket.

Outside the token middleware (app.PUBLIC_PREFIXES): `ws_auth.authorize`
checks the Origin, the ticket and the container's project BEFORE the
handshake is accepted; a refusal is a plain 403, never an open socket.
"""
import asyncio
import logging

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy import ws_console
from docker_dashboard.proxy import ws_log_options
from docker_dashboard.proxy import ws_logs
from docker_dashboard.proxy import ws_stats
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.routing import docker_error
from docker_dashboard.proxy.ws import shared_logs
from docker_dashboard.proxy.ws_auth import authorize_or_answer
from docker_dashboard.proxy.ws_auth import client_left
from docker_dashboard.proxy.ws_auth import handshake
from docker_dashboard.proxy.ws_auth import ws_response

LOG = logging.getLogger(__name__)


async def _drain_client(ws):
    # The browser sends nothing but pings and its close; reading is what
    # lets aiohttp answer them and notice the close.
    async for _ in ws:
        pass


async def logs(request):
    try:
        options = ws_log_options.parse(request.query)
    except ws_log_options.BadOption as error:
        return docker_error(400, str(error))
    target, refusal = await authorize_or_answer(request, "logs")
    if refusal is not None:
        return refusal
    ws = ws_response()
    if not await handshake(ws, request):
        return client_left()
    engine, tails = request.app["engine"], request.app["log_tails"]
    with shutdown.live_socket(request.app, ws), \
            tails.following(target.container_id) as shared:
        # The container's first follower reads alone; the others share
        # one stream from dockerd (ws/shared_logs.py).
        pump = (shared_logs.follow(ws, engine, target, options, tails,
                                   request.transport)
                if shared else ws_logs.follow(ws, engine, target, options))
        await _pump_until_end(ws, pump, ws_logs.end_frame)
    return ws


async def console(request):
    try:
        argv = ws_console.command_argv(request.query.get("cmd"))
    except ValueError as error:
        return docker_error(400, "Bad command: %s" % error)
    rows, cols = ws_console.terminal_size(request.query.get("rows"),
                                          request.query.get("cols"))
    target, refusal = await authorize_or_answer(request, "console")
    if refusal is not None:
        return refusal
    if not target.running:
        return docker_error(409, "The container is not running")
    engine = request.app["engine"]
    config = request.app["config"]
    try:
        exec_id = await ws_console.create_exec(engine, target, argv)
        reader, writer = await ws_console.hijack(
            config.docker_socket, config.engine_api_version, exec_id,
            timeout=config.docker_timeout)
    except ws_console.ConsoleError as error:
        return docker_error(409, str(error))
    ws = ws_response()
    if not await handshake(ws, request):
        writer.close()
        return client_left()
    try:
        with shutdown.live_socket(request.app, ws):
            await ws_console.resize(engine, exec_id, rows, cols)
            await ws_console.relay(ws, reader, writer, engine, exec_id)
    except (ConnectionError, RuntimeError, EngineUnavailable):
        LOG.info("console for %s ended early", target.container_id[:12])
    finally:
        writer.close()
        if not ws.closed:
            await ws.close()
    return ws


async def _pump_until_end(ws, pump, end_frame):
    """Run `pump` (a coroutine returning an end reason) while reading the
    browser's control frames; when the pump ends first, send
    `end_frame(reason)` and close cleanly."""
    pump = asyncio.ensure_future(pump)
    client = asyncio.ensure_future(_drain_client(ws))
    try:
        done, _ = await asyncio.wait({pump, client},
                                     return_when=asyncio.FIRST_COMPLETED)
        if pump in done and not ws.closed:
            # Stop our reader first: close() then reads the browser's close
            # reply itself, which makes the close clean (1000), not dropped.
            client.cancel()
            await asyncio.gather(client, return_exceptions=True)
            await ws.send_json(end_frame(pump.result()))
            await ws.close()
    except (ConnectionError, RuntimeError):
        pass  # the browser left while we were sending
    finally:
        for task in (pump, client):
            task.cancel()
        await asyncio.gather(pump, client, return_exceptions=True)


async def stats(request):
    target, refusal = await authorize_or_answer(request, "stats")
    if refusal is not None:
        return refusal
    ws = ws_response()
    if not await handshake(ws, request):
        return client_left()
    with shutdown.live_socket(request.app, ws):
        await _pump_until_end(
            ws, ws_stats.follow(ws, request.app["engine"], target),
            ws_stats.end_frame)
    return ws


# A container name or id, as Docker allows them: the reference is put in an
# Engine API path, so nothing that could change that path ("..", "?", "%")
# is ever matched.
CONTAINER_REF = r"{id:[A-Za-z0-9][A-Za-z0-9_.-]{0,127}}"


def setup(app):
    app["log_tails"] = shared_logs.LiveTails()

    async def close_tails(app):
        app["log_tails"].close()
    app.on_cleanup.append(close_tails)
    app.router.add_get("/ws/containers/%s/logs" % CONTAINER_REF, logs)
    app.router.add_get("/ws/containers/%s/console" % CONTAINER_REF, console)
    app.router.add_get("/ws/containers/%s/stats" % CONTAINER_REF, stats)
