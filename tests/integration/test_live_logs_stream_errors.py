"""How the live log handles what dockerd sends: frames split anywhere
across reads, and a connection that drops mid-stream. A tiny fake Docker
socket plays dockerd for a second proxy process of the test's own, so the
shared dockerd is never disturbed."""
import asyncio
import json
import os
import struct
import tempfile
import threading

import pytest

from tests import stack
from tests.integration import ws_support as ws

CONTAINER_ID = "ab" * 32


def frame(stream, payload):
    return struct.pack(">BxxxI", stream, len(payload)) + payload


TS = b"2026-01-02T03:04:05.000000001Z "
STREAM = (frame(1, TS + b"first line\n")
          + frame(2, TS + "\u00e9rror on stderr\n".encode())
          + frame(1, TS + b"partial ") + frame(1, b"then whole\n"))
# Cut inside a header, inside a payload and inside a UTF-8 character.
CUTS = [3, 20, 41, 45, len(STREAM) - 5]


class FakeDocker:
    """Answers inspect for one container and a log stream that is sent in
    pieces, then dropped without the end of the chunked body."""

    def __init__(self, path):
        self.path = path
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.thread.start()
        self.ready.wait(10)
        return self

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(
            asyncio.start_unix_server(self._serve, path=self.path))
        self.ready.set()
        self.loop.run_forever()

    async def _serve(self, reader, writer):
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            path = head.split(b" ")[1].decode()
            if "/logs" in path:
                await self._logs(writer)
                return
            body = json.dumps({
                "Id": CONTAINER_ID,
                "Config": {"Tty": False, "User": "", "Labels": {
                    "org.openstack.project-id":
                        stack.project_ids()["demo"]}},
                "State": {"Running": True}}).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json"
                         b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            await writer.drain()

    async def _logs(self, writer):
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: "
                     b"application/vnd.docker.multiplexed-stream\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        start = 0
        for end in CUTS + [len(STREAM)]:
            piece = STREAM[start:end]
            writer.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            await writer.drain()
            await asyncio.sleep(0.05)  # separate reads on the proxy's side
            start = end
        writer.transport.abort()  # dockerd gone: no terminating chunk


@pytest.fixture
def proxy_on_fake_docker():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "docker.sock")
        with FakeDocker(path), ws.extra_proxy(path) as base:
            yield base


def test_split_frames_parse_and_a_dropped_stream_ends_clearly(
        proxy_on_fake_docker):
    url = ws.ws_url(CONTAINER_ID, base=proxy_on_fake_docker,
                    ticket=ws.ticket(CONTAINER_ID))
    frames = asyncio.run(ws.follow(url, lambda f: ws.end_of(f)))
    lines = [(l["stream"], l["text"]) for l in ws.lines_of(frames)]
    assert lines == [("stdout", "first line"),
                     ("stderr", "\u00e9rror on stderr"),
                     ("stdout", "partial then whole")]
    assert ws.end_of(frames)["reason"] == "daemon unavailable"
    assert "Docker daemon" in ws.end_of(frames)["message"]
