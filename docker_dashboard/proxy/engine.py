"""The Docker Engine API client: the only code that touches dockerd's socket.

It knows nothing of projects or policy; routes decide, this forwards. Every
call has a deadline (rules/deadlines.py): past it, EngineDeadline.
"""
import asyncio

import aiohttp

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
        self._prefix = "http://docker/v%s" % api_version
        self._session = None
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
                # Each call brings its own deadline (request below); this
                # one only covers what might bypass it.
                timeout=aiohttp.ClientTimeout(total=None,
                                              sock_connect=self.timeout))
        return self._session

    async def close(self):
        if self._session is not None:
            await self._session.close()

    def deadline(self, method, path, params=None):
        """The Deadline rules/deadlines.py gives this call."""
        return deadlines.for_engine_call(method, path, params, self.timeout)

    async def request(self, method, path, params=None, json_body=None,
                      data=None, headers=None):
        """Send one Engine API request; the caller must release the answer.
        Raises EngineDeadline when dockerd does not answer in time and
        EngineUnavailable when it cannot be reached at all."""
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
        resp = await self.request(method, path, params=params,
                                  json_body=json_body)
        try:
            async with resp:
                if resp.content_type == "application/json":
                    return resp.status, await resp.json()
                return resp.status, await resp.text()
        except asyncio.TimeoutError as exc:
            # The body of a call whose whole answer is bounded.
            raise EngineDeadline(self.deadline(method, path,
                                               params).seconds) from exc
