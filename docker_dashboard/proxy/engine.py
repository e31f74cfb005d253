"""The Docker Engine API client: the only code that touches dockerd's socket.

It knows nothing of projects or policy; routes decide, this forwards. Every
call has a deadline (rules/deadlines.py): past it, EngineDeadline.
"""
import asyncio
import json

import aiohttp

from docker_dashboard.proxy import short_calls
from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy.rules import deadlines

# Hop-by-hop headers never cross a proxy; the rest of a response goes back
# to the caller as dockerd wrote it.
HOP_BY_HOP = frozenset(h.lower() for h in (
    "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
    "TE", "Trailers", "Transfer-Encoding", "Upgrade", "Content-Length"))


class EngineUnavailable(Exception):
    """dockerd's socket did not answer."""


class EngineDeadline(EngineUnavailable, timeouts.DeadlinePassed):
    """dockerd accepted the call but did not answer in time (a hung daemon).
    Still an EngineUnavailable, so every place that tells the user the
    daemon is away (a live log's end, say) says so for a hung one too."""

    def __init__(self, seconds):
        timeouts.DeadlinePassed.__init__(self, timeouts.DOCKER, seconds)


class Engine:
    def __init__(self, socket_path, api_version="1.41", timeout=15.0):
        self._socket_path = socket_path
        self._api_version = api_version
        self._prefix = "http://docker/v%s" % api_version
        self._session = None
        # Short GETs (an inspect) on connections of their own.
        self._short_calls = None
        # DD_DOCKER_TIMEOUT: seconds, applied per call by rules/deadlines.
        self.timeout = timeout

    def _client(self):
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.UnixConnector(
                    path=self._socket_path,
                    # No pool cap: aiohttp's default of 100 connections
                    # would make the 101st long-lived stream (logs -f,
                    # events) wait forever, and every request behind it.
                    limit=0),
                # dockerd gzips archive answers for clients that accept it;
                # on a local socket that only costs CPU on both ends.
                headers={"Accept-Encoding": "identity"},
                # dockerd sets no cookies: no jar to look up on each call.
                cookie_jar=aiohttp.DummyCookieJar(),
                # Each call brings its own deadline (request below); this
                # one only covers what might bypass it.
                timeout=aiohttp.ClientTimeout(total=None,
                                              sock_connect=self.timeout))
        return self._session

    async def close(self):
        if self._short_calls is not None:
            self._short_calls.close()
        if self._session is not None:
            await self._session.close()

    def deadline(self, method, path, params=None):
        """The Deadline rules/deadlines.py gives this call."""
        return deadlines.for_engine_call(method, path, params, self.timeout)

    async def request(self, method, path, params=None, json_body=None,
                      data=None, headers=None, deadline=None):
        """Send one Engine API request; the caller must release the answer.
        Raises EngineDeadline when dockerd does not answer in time and
        EngineUnavailable when it cannot be reached at all. `deadline`:
        the call's, when the caller already has it (self.deadline)."""
        if deadline is None:
            deadline = self.deadline(method, path, params)
        timeout = aiohttp.ClientTimeout(
            total=deadline.seconds if deadline.whole else None,
            sock_connect=deadline.seconds)
        sent = self._client().request(
            method, self._prefix + path, params=params, json=json_body,
            data=data, headers=headers, timeout=timeout)
        try:
            if deadline.while_alive:
                return await self._while_alive(sent, deadline.seconds)
            async with asyncio.timeout(deadline.seconds):
                return await sent
        # aiohttp's timeouts are connection errors too: this order matters.
        except asyncio.TimeoutError as exc:
            raise EngineDeadline(deadline.seconds) from exc
        except (aiohttp.ClientConnectionError, FileNotFoundError,
                ConnectionRefusedError) as exc:
            raise EngineUnavailable(str(exc)) from exc

    async def _while_alive(self, sent, seconds):
        """Wait for `sent` as long as it takes, provided that dockerd
        answers a ping within `seconds` every `seconds` meanwhile."""
        task = asyncio.ensure_future(sent)
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=seconds)
                if done:
                    return task.result()
                await self.ping(seconds)
        finally:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

    async def ping(self, seconds):
        """dockerd's `GET /_ping`, whole within `seconds` (TimeoutError
        past it, aiohttp's errors when it cannot be reached)."""
        async with self._client().get(
                self._prefix + "/_ping",
                timeout=aiohttp.ClientTimeout(total=seconds)) as resp:
            await resp.read()

    def chunks(self, resp, method, path, params=None, size=256 * 1024):
        """The body of an answer to (method, path), in chunks of at most
        `size`, with the call's idle bound between two of them."""
        return timeouts.idle_bounded(
            resp.content.iter_chunked(size),
            self.deadline(method, path, params).idle,
            lambda: EngineDeadline(self.timeout))

    async def json(self, method, path, params=None, json_body=None):
        """(status, decoded body) for a request whose answer is small JSON."""
        status, body, _ = await self.json_and_bytes(method, path, params,
                                                    json_body)
        return status, body

    async def json_and_bytes(self, method, path, params=None,
                             json_body=None):
        """(status, decoded body, the bytes dockerd sent): a route that
        answers with dockerd's own answer sends those bytes on rather than
        encoding the decoded body again."""
        deadline = self.deadline(method, path, params)
        if (method == "GET" and params is None and json_body is None
                and deadline.whole and short_calls.plain_path(path)):
            # An inspect, most often (every per-object route's): a short
            # call of its own (short_calls.py).
            status, content_type, raw = await self._short_get(path,
                                                              deadline)
            media_type = content_type.split(";")[0].strip().lower()
            return status, _decoded(raw, media_type, content_type), raw
        resp = await self.request(method, path, params=params,
                                  json_body=json_body, deadline=deadline)
        try:
            async with resp:
                raw = await resp.read()
                if resp.content_type == "application/json":
                    return resp.status, _decoded(raw, resp.content_type), raw
                return resp.status, raw.decode(resp.get_encoding()), raw
        except asyncio.TimeoutError as exc:
            # The body of a call whose whole answer is bounded.
            raise EngineDeadline(deadline.seconds) from exc

    async def _short_get(self, path, deadline):
        if self._short_calls is None:
            self._short_calls = short_calls.ShortCalls(
                self._socket_path, "/v%s" % self._api_version)
        try:
            async with asyncio.timeout(deadline.seconds):
                return await self._short_calls.get(path)
        except asyncio.TimeoutError as exc:
            raise EngineDeadline(deadline.seconds) from exc
        except OSError as exc:
            raise EngineUnavailable(str(exc)) from exc


def _decoded(raw, media_type, content_type=""):
    """A JSON answer decoded as aiohttp's resp.json() decodes it (an empty
    one is None); any other as text."""
    if media_type == "application/json":
        stripped = raw.strip()
        return json.loads(stripped) if stripped else None
    charset = "utf-8"
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    try:
        return raw.decode(charset, "replace")
    except LookupError:
        return raw.decode("utf-8", "replace")
