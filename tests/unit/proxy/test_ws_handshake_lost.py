"""A browser that leaves while its Logs or Stats socket is being opened (a
tab switched, a page left) is nothing wrong: the handler ends quietly
instead of aiohttp logging a traceback. The api of the handshake is mocked
only to reach that branch; the real round trip is in tests/integration.

The handler answers `ws_auth.client_left()`, and aiohttp finishes that
answer as it finishes every response (prepare, then write_eof), which
meets the closed connection again as a ConnectionError it takes quietly.
Returning the half-opened WebSocket instead made aiohttp log "Unhandled
exception ... Call .prepare() first" (seen on a host's events socket in a
CI run)."""
import asyncio
from unittest import mock

import pytest
from aiohttp.http_writer import StreamWriter
from aiohttp.test_utils import make_mocked_request

from docker_dashboard.proxy import ws_auth
from docker_dashboard.proxy.routes import websockets

UPGRADE = {"Host": "127.0.0.1:8790", "Upgrade": "websocket",
           "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
           "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


class LostHandshake:
    """A WebSocket response whose browser went during the handshake, as
    aiohttp's prepare() reports it."""
    closed = False

    async def prepare(self, request):
        raise ConnectionResetError("Connection lost")


@pytest.mark.parametrize("handler,follower", [
    (websockets.logs, "docker_dashboard.proxy.ws_logs.follow"),
    (websockets.stats, "docker_dashboard.proxy.ws_stats.follow"),
])
def test_a_browser_gone_during_the_handshake_ends_quietly(handler, follower):
    request = mock.Mock(query={}, app={"engine": None})
    answer = LostHandshake()

    async def authorized(request, action):
        return mock.Mock(), None

    with mock.patch.object(websockets, "authorize_or_answer", authorized), \
            mock.patch.object(websockets, "ws_response", lambda: answer), \
            mock.patch(follower) as follow:
        answered = asyncio.run(handler(request))
    assert answered is not answer
    assert answered.status == 499
    follow.assert_not_called()


def request_of_a_browser_gone():
    transport = mock.Mock()
    transport.is_closing.return_value = True
    protocol = mock.Mock(transport=transport)
    writer = StreamWriter(protocol, asyncio.get_running_loop())
    return make_mocked_request("GET", "/ws/events", headers=UPGRADE,
                               transport=transport, protocol=protocol,
                               writer=writer)


async def finish(request, answer):
    # What aiohttp's RequestHandler.finish_response does with a handler's
    # answer; a ConnectionError there is taken quietly.
    await answer.prepare(request)
    await answer.write_eof()


def test_the_handshake_says_the_browser_left():
    async def scenario():
        request = request_of_a_browser_gone()
        return await ws_auth.handshake(ws_auth.ws_response(), request)
    assert asyncio.run(scenario()) is False


def test_the_answer_for_it_ends_as_a_lost_connection():
    async def scenario():
        request = request_of_a_browser_gone()
        await ws_auth.handshake(ws_auth.ws_response(), request)
        answer = ws_auth.client_left()
        assert answer.status == 499
        await finish(request, answer)
    with pytest.raises(ConnectionError):
        asyncio.run(scenario())


def test_the_half_opened_socket_is_not_an_answer():
    # Why the handlers do not return `ws`: aiohttp's close of it fails.
    async def scenario():
        request = request_of_a_browser_gone()
        ws = ws_auth.ws_response()
        await ws_auth.handshake(ws, request)
        await finish(request, ws)
    with pytest.raises(RuntimeError, match="prepare"):
        asyncio.run(scenario())
