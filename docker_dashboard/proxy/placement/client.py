"""A small async JSON client of Placement, with the proxy's service token.

Every call names the microversion the proxy was written against and is
bounded like the proxy's calls to other services: a Placement that does not
answer within DD_KEYSTONE_TIMEOUT (the bound of the control-plane services)
is a PlacementDeadline, answered 504 by the app's `refusals` middleware;
one that cannot be reached is PlacementUnavailable.
"""
import asyncio

import aiohttp

from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy.placement.service_token import ServiceAuthFailed
from docker_dashboard.proxy.placement.service_token import ServiceToken
from docker_dashboard.proxy.rules.placement import error_detail

# Traits 1.6, allocation candidates 1.10, consumer generations 1.28,
# `required`/`member_of`/`in_tree` on candidates, forbidden traits
# (`required=!TRAIT`, a drained host) 1.22; 1.39 is Yoga's newest.
MICROVERSION = "placement 1.39"
SERVICE = "Placement"


class PlacementUnavailable(Exception):
    """Placement (or Keystone, for the proxy's token) did not answer."""


class PlacementDeadline(PlacementUnavailable, timeouts.DeadlinePassed):
    def __init__(self, seconds):
        timeouts.DeadlinePassed.__init__(self, SERVICE, seconds)


class PlacementClient:
    def __init__(self, config, token=None):
        self._url = config.placement_url.rstrip("/")
        self._timeout = config.keystone_timeout
        self._token = token or ServiceToken(config)
        self._session = None

    async def close(self):
        if self._session is not None:
            await self._session.close()
        await self._token.close()

    def _client(self):
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout))
        return self._session

    async def call(self, method, path, json_body=None, params=None):
        """(status, decoded JSON body or None) of one Placement call; a
        401 (the token revoked or expired early) is retried once with a
        new token."""
        for attempt in (1, 2):
            try:
                token = await self._token.get()
            except timeouts.DeadlinePassed:
                raise
            except ServiceAuthFailed as exc:
                raise PlacementUnavailable(str(exc)) from exc
            status, body = await self._send(method, path, json_body, params,
                                            token)
            if status != 401 or attempt == 2:
                return status, body
            self._token.forget(token)

    async def _send(self, method, path, json_body, params, token):
        headers = {"X-Auth-Token": token,
                   "OpenStack-API-Version": MICROVERSION,
                   "Accept": "application/json"}
        try:
            async with self._client().request(
                    method, self._url + path, json=json_body, params=params,
                    headers=headers) as resp:
                if resp.content_type == "application/json":
                    return resp.status, await resp.json()
                await resp.read()
                return resp.status, None
        # aiohttp's timeouts are client errors too: this order matters.
        except asyncio.TimeoutError as exc:
            raise PlacementDeadline(self._timeout) from exc
        except aiohttp.ClientError as exc:
            raise PlacementUnavailable(
                "Placement is unreachable: %s" % exc) from exc


# What "Placement cannot be used now" is, for the background jobs: it, or
# Keystone for the proxy's token, away or slow.
DOWN = (PlacementUnavailable, ServiceAuthFailed)


class PlacementError(Exception):
    """Placement answered, but not as the proxy expected (a bug or a
    misconfiguration, not an outage)."""

    def __init__(self, method, path, status, body):
        super().__init__("Placement answered %s to %s %s: %s" % (
            status, method, path, error_detail(body)))
        self.status = status
