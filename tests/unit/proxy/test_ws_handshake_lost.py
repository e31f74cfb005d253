"""A browser that leaves while its Logs or Stats socket is being opened (a
tab switched, a page left) is nothing wrong: the handler ends quietly
instead of aiohttp logging a traceback. The api of the handshake is mocked
only to reach that branch; the real round trip is in tests/integration."""
import asyncio
from unittest import mock

import pytest

from docker_dashboard.proxy.routes import websockets


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
        assert asyncio.run(handler(request)) is answer
    follow.assert_not_called()
