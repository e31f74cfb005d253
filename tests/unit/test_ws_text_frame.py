"""The frame the shared log tail writes to a browser itself is, byte for
byte, the frame aiohttp's own WebSocket writer sends for the same text."""
import asyncio
from unittest import mock

import pytest
from aiohttp._websocket.writer import WebSocketWriter
from aiohttp.http_websocket import WSMsgType

from docker_dashboard.proxy.ws import shared_logs


class Transport:
    def __init__(self):
        self.written = bytearray()

    def write(self, data):
        self.written += data

    def is_closing(self):
        return False

    def get_write_buffer_size(self):
        return 0


@pytest.mark.parametrize("size", [0, 1, 125, 126, 65535, 65536, 200000])
def test_the_frame_is_aiohttps_own(size):
    text = ("é" * size)[:size] if size < 1000 else "x" * size
    payload = text.encode("utf-8")

    async def aiohttp_frame():
        transport = Transport()
        protocol = mock.Mock(_drain_helper=mock.AsyncMock())
        writer = WebSocketWriter(protocol, transport, use_mask=False)
        await writer.send_frame(payload, WSMsgType.TEXT)
        return bytes(transport.written)
    assert shared_logs.text_frame(payload) == asyncio.run(aiohttp_frame())
