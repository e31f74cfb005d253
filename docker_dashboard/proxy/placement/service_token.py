"""The proxy's own Keystone token, for Placement.

Placement is written to with a service user of the proxy's (never with a
user's token: a user may not change providers or other projects'
allocations). The token is asked for with the user's password, scoped to
its project, kept until shortly before it expires, and asked for again
when Placement answers 401 (revoked). It is never logged.
"""
import asyncio
import datetime
import time

import aiohttp

from docker_dashboard.proxy import timeouts

# Asked for again this long before Keystone's expiry: a call made with it
# must not reach Placement expired.
RENEW_BEFORE = 300.0


class ServiceAuthFailed(Exception):
    """Keystone did not give the proxy its token (down, or refused)."""


class ServiceAuthDeadline(ServiceAuthFailed, timeouts.DeadlinePassed):
    def __init__(self, seconds):
        timeouts.DeadlinePassed.__init__(self, timeouts.KEYSTONE, seconds)


def password_auth(config):
    """The body of POST /v3/auth/tokens for the proxy's service user."""
    domain = {"name": config.service_domain}
    return {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": config.service_user, "domain": domain,
            "password": config.service_password}}},
        "scope": {"project": {"name": config.service_project,
                              "domain": domain}},
    }}


def seconds_left(expires_at, now):
    """Seconds from `now` (a UTC datetime) to Keystone's `expires_at`
    ("2026-12-02T05:00:00.000000Z")."""
    expires = datetime.datetime.fromisoformat(expires_at.replace("Z",
                                                                 "+00:00"))
    return (expires - now).total_seconds()


class ServiceToken:
    def __init__(self, config, clock=time.monotonic):
        self._url = config.keystone_url.rstrip("/") + "/auth/tokens"
        self._body = password_auth(config)
        self._timeout = config.keystone_timeout
        self._clock = clock
        self._token = None
        self._renew_at = 0.0
        self._lock = asyncio.Lock()
        self._session = None

    async def close(self):
        if self._session is not None:
            await self._session.close()

    def forget(self, token):
        """Placement refused `token` (401): the next get() asks again."""
        if self._token == token:
            self._token = None

    async def get(self):
        async with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                await self._ask()
            return self._token

    async def _ask(self):
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout))
        try:
            async with self._session.post(self._url, json=self._body) as resp:
                if resp.status != 201:
                    raise ServiceAuthFailed(
                        "Keystone refused the proxy's service user (%s)"
                        % resp.status)
                body = await resp.json()
                token = resp.headers["X-Subject-Token"]
        except asyncio.TimeoutError as exc:
            raise ServiceAuthDeadline(self._timeout) from exc
        except aiohttp.ClientError as exc:
            raise ServiceAuthFailed("Keystone is unreachable: %s"
                                    % exc) from exc
        left = seconds_left(body["token"]["expires_at"],
                            datetime.datetime.now(datetime.timezone.utc))
        # A token valid for less than the margin is used for half its life.
        self._renew_at = self._clock() + max(left - RENEW_BEFORE, left / 2)
        self._token = token
