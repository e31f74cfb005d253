"""Validating the caller's Keystone token, with a short cache.

The token is never logged and never kept as a cache key: the cache is keyed by
its SHA-256, so a memory dump of the proxy does not hand out live tokens.
"""
import asyncio
import hashlib
import logging
import time

import aiohttp

from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy.caller import Caller

LOG = logging.getLogger(__name__)

# A bound on remembered tokens so that a flood of random ones cannot grow
# the cache without limit.
MAX_CACHED_TOKENS = 10000


class KeystoneUnavailable(Exception):
    """Keystone did not answer: the proxy cannot tell who is calling."""


class KeystoneDeadline(KeystoneUnavailable, timeouts.DeadlinePassed):
    """Keystone took the call but did not answer in time (answered 504)."""

    def __init__(self, seconds):
        timeouts.DeadlinePassed.__init__(self, timeouts.KEYSTONE, seconds)


def _digest(token):
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def endpoint_from_token_body(body, service_type, region=""):
    """The public URL of `service_type` in the token's catalog (in `region`
    when one is given), or "" when the catalog has none."""
    catalog = (body.get("token") or {}).get("catalog") or []
    for service in catalog:
        if service.get("type") != service_type:
            continue
        for endpoint in service.get("endpoints") or []:
            if (endpoint.get("interface") != "public"
                    or not endpoint.get("url")):
                continue
            if region and region not in (endpoint.get("region_id"),
                                         endpoint.get("region")):
                continue
            return endpoint["url"]
    return ""


def glance_url_from_token_body(body, region=""):
    """Glance's root URL: the proxy adds the API version itself, so a
    catalog entry that names one (".../v2") is cut back to the root."""
    url = endpoint_from_token_body(body, "image", region).rstrip("/")
    if url.endswith("/v2"):
        url = url[:-len("/v2")]
    return url


def caller_from_token_body(body, region=""):
    """Build a Caller from Keystone's token validation answer, or None when
    the token is not scoped to a project (an unscoped or domain token has no
    project to confine the caller to)."""
    token = body.get("token") or {}
    project = token.get("project") or {}
    user = token.get("user") or {}
    if not project.get("id") or not user.get("id"):
        return None
    roles = frozenset(role.get("name", "") for role in token.get("roles", []))
    return Caller(user_id=user["id"], project_id=project["id"], roles=roles,
                  user_name=user.get("name", ""),
                  project_name=project.get("name", ""),
                  glance_url=glance_url_from_token_body(body, region))


class TokenValidator:
    def __init__(self, keystone_url, ttl=60.0, clock=time.monotonic,
                 region="", timeout=10.0):
        self._url = keystone_url.rstrip("/") + "/auth/tokens"
        self._ttl = ttl
        self._region = region
        # DD_KEYSTONE_TIMEOUT: the whole validation, connect to body.
        self._timeout = timeout
        self._clock = clock
        self._cache = {}
        self._session = None

    async def close(self):
        if self._session is not None:
            await self._session.close()

    def _remember(self, key, caller):
        if len(self._cache) >= MAX_CACHED_TOKENS:
            now = self._clock()
            self._cache = {k: v for k, v in self._cache.items()
                           if v[1] > now}
            if len(self._cache) >= MAX_CACHED_TOKENS:
                self._cache.clear()
        self._cache[key] = (caller, self._clock() + self._ttl)

    async def validate(self, token):
        """The Caller for a valid project-scoped token, else None."""
        if not token:
            return None
        key = _digest(token)
        cached = self._cache.get(key)
        if cached and cached[1] > self._clock():
            return cached[0]
        caller = await self._ask_keystone(token)
        # Refusals are cached too, so a bad token cannot make the proxy hammer
        # Keystone; a fresh valid token has a different digest anyway.
        self._remember(key, caller)
        return caller

    async def _ask_keystone(self, token):
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout))
        # A token may validate itself: Keystone's default policy lets the
        # token's subject read it, so the proxy needs no service credentials.
        headers = {"X-Auth-Token": token, "X-Subject-Token": token}
        try:
            async with self._session.get(self._url, headers=headers) as resp:
                if resp.status in (401, 403, 404):
                    return None
                if resp.status != 200:
                    raise KeystoneUnavailable(
                        "Keystone answered %s" % resp.status)
                return caller_from_token_body(await resp.json(),
                                              self._region)
        # aiohttp's timeouts are client errors too: this order matters.
        except asyncio.TimeoutError as exc:
            raise KeystoneDeadline(self._timeout) from exc
        except aiohttp.ClientError as exc:
            raise KeystoneUnavailable(str(exc)) from exc
