"""Hijacked streams: `attach` and `exec start` switch the HTTP connection to a
raw two-way byte stream (`Connection: Upgrade`, `Upgrade: tcp`, answered with
`101 UPGRADED`).

aiohttp's server offers upgrades only for WebSockets, so the proxy does what
its WebSocket support does underneath: it writes the 101 itself, then installs
its own payload parser on the request's protocol, which receives every later
byte from the client, and writes dockerd's bytes straight to the transport.
dockerd is reached on a raw socket for the same reason. Holds no policy: the
route decided before calling `upgrade`.
"""
import asyncio
import json

from aiohttp import web

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy.engine import EngineDeadline
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.rules.errors import Refused

READ_SIZE = 64 * 1024
RAW_STREAM = "application/vnd.docker.raw-stream"


def wants_upgrade(request):
    connection = request.headers.get("Connection", "").lower()
    return ("upgrade" in connection
            and request.headers.get("Upgrade", "").lower() == "tcp")


class _ClientSide(asyncio.Protocol):
    """Takes the client's connection over from aiohttp once it is switched:
    every byte from the client goes on to dockerd as is.

    It is first installed as aiohttp's payload parser, which hands it any
    bytes that arrived right behind the request, then as the transport's
    protocol, because aiohttp's own protocol closes the connection when the
    client half-closes (the docker CLI does as soon as its stdin ends) and
    dockerd's output would be cut off.
    """

    def __init__(self, writer):
        self._writer = writer
        self._eof_sent = False
        self.writable = asyncio.Event()
        self.writable.set()
        self.lost = False

    # As aiohttp's payload parser.
    def feed_data(self, data):
        self.data_received(data)
        return False, b""

    def feed_eof(self):
        self.eof_received()

    # As the transport's protocol.
    def data_received(self, data):
        if not self._writer.is_closing():
            self._writer.write(data)

    def eof_received(self):
        # Tell dockerd that stdin ended; it keeps sending the output.
        if (not self._eof_sent and not self._writer.is_closing()
                and self._writer.can_write_eof()):
            self._eof_sent = True
            self._writer.write_eof()
        return True

    def pause_writing(self):
        self.writable.clear()

    def resume_writing(self):
        self.writable.set()

    def connection_lost(self, exc):
        # The client is gone: stop dockerd's side too.
        self.lost = True
        self.writable.set()
        self._writer.close()


def _request_bytes(engine_prefix, path, query, body):
    target = engine_prefix + path + ("?" + query if query else "")
    head = ("POST %s HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\n"
            "Upgrade: tcp\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n\r\n" % (target, len(body)))
    return head.encode("latin-1") + body


async def _read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return status, headers


async def _pump_to_client(reader, transport, client):
    while not client.lost:
        data = await reader.read(READ_SIZE)
        if not data:
            break
        await client.writable.wait()
        if client.lost:
            break
        transport.write(data)


async def upgrade(request, socket_path, api_version, path, query="",
                  json_body=None):
    """Forward a hijacking request to dockerd and splice the two sockets."""
    body = json.dumps(json_body).encode() if json_body is not None else b""
    # DD_DOCKER_TIMEOUT bounds connecting and dockerd's answer to the
    # switch; what flows after it may idle as long as the user likes.
    seconds = request.app["config"].docker_timeout

    def unreachable(exc):
        if isinstance(exc, asyncio.TimeoutError):
            return EngineDeadline(seconds)
        return EngineUnavailable(str(exc))
    return await switch(
        request, lambda: asyncio.open_unix_connection(socket_path),
        _request_bytes("/v%s" % api_version, path, query, body), seconds,
        unreachable)


def _raw_stream_answer(headers):
    """The 101 of a hijacked call: dockerd's content type, `Upgrade: tcp`."""
    return "UPGRADED", [("Content-Type",
                         headers.get("content-type", RAW_STREAM)),
                        ("Connection", "Upgrade"), ("Upgrade", "tcp")]


def websocket_answer(headers):
    """The 101 of a WebSocket switched on the far side: its accept key and
    the extensions it agreed with the browser, which speak end to end."""
    kept = [("Connection", "Upgrade"), ("Upgrade", "websocket")]
    for name in ("Sec-WebSocket-Accept", "Sec-WebSocket-Extensions",
                 "Sec-WebSocket-Protocol"):
        if name.lower() in headers:
            kept.append((name, headers[name.lower()]))
    return "Switching Protocols", kept


async def switch(request, connect, head, seconds, unreachable,
                 reply=_raw_stream_answer):
    """Send `head` (a whole hijacking request) on a connection `connect()`
    opens, and once the far side answers 101, splice it with the caller's.

    `seconds` bounds connecting and the answer to the switch;
    `unreachable(exc)` is the exception raised when either fails. Any other
    answer is refused with its own status and message. `reply(headers)`
    gives the reason and headers of the caller's 101 from the far side's.
    Used for dockerd (upgrade above) and for another host's proxy
    (router/hijacked.py: attach, exec start and the ticketed WebSockets)."""
    try:
        async with asyncio.timeout(seconds):
            reader, writer = await connect()
    except (asyncio.TimeoutError, OSError) as exc:
        raise unreachable(exc) from exc
    switched = False
    try:
        writer.write(head)
        try:
            async with asyncio.timeout(seconds):
                status, headers = await _read_head(reader)
                length = int(headers.get("content-length", "0") or 0)
                answer = (await reader.readexactly(length)
                          if status != 101 and length else b"")
        except (asyncio.TimeoutError, asyncio.IncompleteReadError,
                ConnectionError) as exc:
            raise unreachable(exc) from exc
        if status != 101:
            try:
                message = json.loads(answer).get("message")
            except (ValueError, AttributeError):
                message = answer.decode("utf-8", "replace")
            raise Refused(status, message or "dockerd answered %s" % status)
        reason, switched_headers = reply(headers)
        resp = web.StreamResponse(status=101, reason=reason)
        for name, value in switched_headers:
            resp.headers[name] = value
        writer_out = await resp.prepare(request)
        # aiohttp holds the head back until the first body write; the raw
        # bytes below bypass it, so the 101 must go out now.
        writer_out.send_headers()
        switched = True
        # From here on the connection is no longer HTTP: it is closed when
        # dockerd's side ends, never kept alive for another request.
        client = _ClientSide(writer)
        request.protocol.set_parser(client)
        request.transport.set_protocol(client)
        # A session ends when the proxy stops (shutdown.py), like a
        # console WebSocket: the docker CLI sees its connection close.
        await shutdown.unless_stopping(
            request.app, _pump_to_client(reader, request.transport, client))
        return resp
    finally:
        writer.close()
        if switched:
            # Closes the client's connection and tells aiohttp's request
            # loop that nothing more will come on it.
            request.protocol.force_close()
