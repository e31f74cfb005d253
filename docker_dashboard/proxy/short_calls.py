"""Short GET calls to dockerd (an inspect), on keep-alive connections of its
socket, without aiohttp's client.

Every per-object route inspects its object first (lookups.py), so this call
is on the path of nearly every request. aiohttp's client spends about
0.1 ms of Python per call on what a GET of one small JSON answer does not
need (URL objects, cookie jar, tracing, timers, a streaming reader):
measured on the stack machine, 245 µs against 145 µs for the same inspect
(BENCHMARKS.md, "Per-call overhead"). Here a call is one write and a
parse of dockerd's answer, sized or chunked.

Only calls whose whole answer is due within the deadline come here
(Engine.json_and_bytes decides); a stream, a body to send or an answer that
may come late stay on aiohttp's client. The caller bounds the call's time
(asyncio.timeout): a call cut short closes its connection rather than
returning it half read.
"""
import asyncio
import re

# Idle connections kept for the next calls; more are opened while many
# calls run at once and closed when they end.
KEEP_IDLE = 8
# A line of dockerd's answer head longer than this is not dockerd's.
MAX_LINE = 64 * 1024


# A path sent as it is: what aiohttp's client would send unchanged (no
# character it would percent-encode, no `.` or `..` segment it would
# resolve). Any other path goes through aiohttp's client.
_PLAIN = re.compile(r"[A-Za-z0-9/._~%:@!$&'()*+,;=?-]*")
_DOT_SEGMENT = re.compile(r"/\.\.?(/|\?|$)")


def plain_path(path):
    return (_PLAIN.fullmatch(path) is not None
            and _DOT_SEGMENT.search(path) is None)


class Closed(Exception):
    """dockerd closed a kept connection before answering (it restarted)."""


class ShortCalls:
    def __init__(self, socket_path, prefix):
        self._socket_path = socket_path
        # "/v1.41": the Engine API version every path is sent under.
        self._prefix = prefix
        self._idle = []

    async def get(self, path):
        """(status, content type, body bytes) of `GET path`. Raises OSError
        when the socket cannot be reached."""
        request = ("GET %s%s HTTP/1.1\r\nHost: docker\r\n"
                   "Accept-Encoding: identity\r\n\r\n"
                   % (self._prefix, path)).encode("latin-1")
        while self._idle:
            # A kept connection may have been closed by a restarted
            # dockerd: a GET is safe to send again on a new one.
            connection = self._idle.pop()
            try:
                return await self._call(connection, request)
            except Closed:
                continue
        connection = await asyncio.open_unix_connection(self._socket_path,
                                                        limit=MAX_LINE)
        try:
            return await self._call(connection, request)
        except Closed as exc:
            raise ConnectionResetError("dockerd closed the connection") \
                from exc

    async def _call(self, connection, request):
        reader, writer = connection
        kept = False
        try:
            writer.write(request)
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError as exc:
                if not exc.partial:
                    raise Closed() from exc
                raise ConnectionResetError("dockerd's answer was cut") \
                    from exc
            except asyncio.LimitOverrunError as exc:
                raise ConnectionResetError("dockerd's answer head is too "
                                           "long") from exc
            status, headers = _parse_head(head)
            body, reusable = await _read_body(reader, status, headers)
            if reusable and len(self._idle) < KEEP_IDLE:
                self._idle.append(connection)
                kept = True
            return status, headers.get("content-type", ""), body
        except asyncio.IncompleteReadError as exc:
            raise ConnectionResetError("dockerd's answer was cut") from exc
        except ValueError as exc:
            # A chunk-size line past MAX_LINE (StreamReader.readline).
            raise ConnectionResetError("not an HTTP answer from dockerd") \
                from exc
        finally:
            if not kept:
                writer.close()

    def close(self):
        for _, writer in self._idle:
            writer.close()
        self._idle = []


def _parse_head(head):
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError) as exc:
        raise ConnectionResetError("not an HTTP answer from dockerd") \
            from exc
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return status, headers


async def _read_body(reader, status, headers):
    """(body, whether the connection may carry another call)."""
    reusable = headers.get("connection", "").lower() != "close"
    if status in (204, 304) or 100 <= status < 200:
        return b"", reusable
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await _read_chunked(reader), reusable
    if "content-length" in headers:
        try:
            length = int(headers["content-length"])
        except ValueError as exc:
            raise ConnectionResetError("bad Content-Length from dockerd") \
                from exc
        return await reader.readexactly(length), reusable
    # Neither sized nor chunked: the answer ends with the connection.
    return await reader.read(), False


async def _read_chunked(reader):
    parts = []
    while True:
        line = await reader.readline()
        if not line.endswith(b"\n"):
            raise asyncio.IncompleteReadError(line, None)
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError as exc:
            raise ConnectionResetError("bad chunk from dockerd") from exc
        if size == 0:
            # Trailers, if any, up to the empty line.
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
