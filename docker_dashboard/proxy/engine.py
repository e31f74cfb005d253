"""The Docker Engine API client: the only code that touches dockerd's socket.

It knows nothing of projects or policy; routes decide, this forwards.
"""
import aiohttp

# Hop-by-hop headers never cross a proxy; the rest of a response goes back
# to the caller as dockerd wrote it.
HOP_BY_HOP = frozenset(h.lower() for h in (
    "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
    "TE", "Trailers", "Transfer-Encoding", "Upgrade", "Content-Length"))


class EngineUnavailable(Exception):
    """dockerd's socket did not answer."""


class Engine:
    def __init__(self, socket_path, api_version="1.41"):
        self._socket_path = socket_path
        self._prefix = "http://docker/v%s" % api_version
        self._session = None

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
                # Streams (logs -f, events, pulls) may stay open for hours:
                # only connecting is bounded.
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=10))
        return self._session

    async def close(self):
        if self._session is not None:
            await self._session.close()

    async def request(self, method, path, params=None, json_body=None,
                      data=None, headers=None):
        """Send one Engine API request; the caller must release the answer."""
        try:
            return await self._client().request(
                method, self._prefix + path, params=params, json=json_body,
                data=data, headers=headers)
        except (aiohttp.ClientConnectionError, FileNotFoundError,
                ConnectionRefusedError) as exc:
            raise EngineUnavailable(str(exc)) from exc

    async def json(self, method, path, params=None, json_body=None):
        """(status, decoded body) for a request whose answer is small JSON."""
        resp = await self.request(method, path, params=params,
                                  json_body=json_body)
        async with resp:
            if resp.content_type == "application/json":
                return resp.status, await resp.json()
            return resp.status, await resp.text()
