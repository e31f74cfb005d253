"""shutdown.py on an app of the test's own (a WebSocket handler that streams
numbered lines, as the log socket does): the stop closes every live socket
with 1012 and the reason, after the lines already sent; a socket accepted
once the stop began gets the same end; a stream that watches the stop is cut
by it, and only by it."""
import asyncio
import types

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from aiohttp.test_utils import TestServer

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy.config import ProxyConfig


async def numbered(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    with shutdown.live_socket(request.app, ws):
        async def pump():
            for n in range(1, 10 ** 6):
                await ws.send_str("n=%d" % n)
                await asyncio.sleep(0.001)
        pumping = asyncio.ensure_future(pump())
        async for _ in ws:
            pass
        pumping.cancel()
        await asyncio.gather(pumping, return_exceptions=True)
    return ws


def app_with_stop():
    app = web.Application()
    app["config"] = types.SimpleNamespace(shutdown_timeout=10.0)
    shutdown.setup(app)
    app.router.add_get("/ws", numbered)
    return app


async def until_closed(sock):
    """The texts received, then the close frame's (code, reason)."""
    texts = []
    while True:
        msg = await sock.receive(timeout=10)
        if msg.type != aiohttp.WSMsgType.TEXT:
            assert msg.type == aiohttp.WSMsgType.CLOSE, msg
            return texts, (msg.data, msg.extra)
        texts.append(msg.data)


def test_the_stop_closes_live_sockets_as_restarting_after_their_lines():
    async def run():
        app = app_with_stop()
        async with TestClient(TestServer(app)) as client:
            sock = await client.ws_connect("/ws")
            first = await sock.receive(timeout=10)
            assert first.data == "n=1"
            await shutdown.stop(app)
            texts, closed = await until_closed(sock)
            assert app["live_sockets"] == set()
            return ["n=1"] + texts, closed
    texts, closed = asyncio.run(run())
    assert closed == (1012, "The proxy is restarting")
    assert texts == ["n=%d" % n for n in range(1, len(texts) + 1)]


def test_a_socket_accepted_after_the_stop_began_gets_the_same_end():
    async def run():
        app = app_with_stop()
        async with TestClient(TestServer(app)) as client:
            app["stopping"].set()
            sock = await client.ws_connect("/ws")
            return await until_closed(sock)
    _texts, closed = asyncio.run(run())
    assert closed == (1012, "The proxy is restarting")


def test_unless_stopping_cuts_only_when_the_stop_comes_first():
    async def run():
        app = app_with_stop()
        finished = await shutdown.unless_stopping(app, asyncio.sleep(0))
        forever = asyncio.get_running_loop().create_future()
        cut = asyncio.ensure_future(shutdown.unless_stopping(app, forever))
        await asyncio.sleep(0)
        app["stopping"].set()
        return finished, await cut, forever.cancelled()
    assert asyncio.run(run()) == (True, False, True)


def test_unless_stopping_passes_the_coroutines_error_on():
    async def boom():
        raise ValueError("dockerd said no")

    async def run():
        try:
            await shutdown.unless_stopping(app_with_stop(), boom())
        except ValueError as error:
            return str(error)
    assert asyncio.run(run()) == "dockerd said no"


def test_the_bound_comes_from_dd_shutdown_timeout(monkeypatch):
    monkeypatch.setenv("DD_SHUTDOWN_TIMEOUT", "4.5")
    config = ProxyConfig.from_env()
    assert config.shutdown_timeout == 4.5
    # Requests in flight get a fifth, twice (wait, then cancel), after
    # the live streams' half: the whole stop fits in the bound.
    assert shutdown.request_grace(config) == 0.9
    monkeypatch.setenv("DD_SHUTDOWN_TIMEOUT", "0")
    with pytest.raises(ValueError, match="DD_SHUTDOWN_TIMEOUT"):
        ProxyConfig.from_env()
