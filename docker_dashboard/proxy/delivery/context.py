"""What a delivery needs while the proxy runs: the hosts, an HTTP client to
their proxies, and the proxy's service token for public images."""
import asyncio
import json
import logging
import time
from urllib.parse import quote

import aiohttp

from docker_dashboard.proxy.placement.service_token import ServiceToken
from docker_dashboard.proxy.rules import hosts as host_rules
from docker_dashboard.proxy.state.hosts import Hosts
from docker_dashboard.proxy.state.image_hosts import ImageHosts

LOG = logging.getLogger(__name__)

# Large enough to keep an archive moving, small enough to keep memory flat.
CHUNK = 256 * 1024
# A copy runs as long as the image is big; only silence ends it (seconds).
SILENCE = 300
# A host whose proxy has not stamped its row for this long (seconds; each
# running proxy stamps it every 10, router/peers.py) has stopped.
STALE_SECONDS = 60


class Endpoint:
    """A host's proxy as a delivery calls it: its name and URL."""

    def __init__(self, name, url):
        self.name = name
        self.url = url.rstrip("/")


class Delivery:
    def __init__(self, config, database):
        self.config = config
        self.hosts = Hosts(database)
        self.image_hosts = ImageHosts(database)
        # The proxy's own token (DD_PROXY_SERVICE_USER): public images are
        # copied with it, as an admin, when no admin asked.
        self.service_token = (ServiceToken(config) if config.service_user
                              and config.service_password else None)
        # Background copies (a publish sends one to each host).
        self.jobs = set()
        # Hosts whose last image question failed (logged once).
        self._failing = set()
        self._session = None

    def session(self):
        if self._session is None:
            self._session = aiohttp.ClientSession(
                auto_decompress=False, read_bufsize=CHUNK,
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=self.config.docker_timeout,
                    sock_read=SILENCE))
        return self._session

    async def close(self):
        for job in list(self.jobs):
            job.cancel()
        await asyncio.gather(*self.jobs, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self.service_token is not None:
            await self.service_token.close()

    def background(self, coroutine):
        job = asyncio.ensure_future(coroutine)
        self.jobs.add(job)
        job.add_done_callback(self.jobs.discard)
        return job

    # -- hosts -------------------------------------------------------------

    def this_host(self):
        return Endpoint(self.config.host_name, self.config.advertise_url)

    def endpoint(self, host):
        """`host`: a hosts-table row, or anything named as this proxy."""
        if host.name == self.config.host_name:
            return self.this_host()
        return Endpoint(host.name, host.url)

    def every_host(self):
        """This host and every other one in the hosts table whose proxy
        stamped its row lately (one that stopped is not asked)."""
        own = self.config.host_name
        recent = time.time() - STALE_SECONDS
        return [self.this_host()] + [Endpoint(row.name, row.url)
                                     for row in self.hosts.all()
                                     if row.name != own
                                     and row.seen_at >= recent]

    def other_hosts(self):
        return self.every_host()[1:]

    # -- calls to a host's proxy (its own dockerd only) --------------------

    def path(self, form, ref=None):
        """An Engine API path on a host's proxy, `ref` as one segment."""
        if ref is not None:
            form = form % quote(ref, safe="")
        return "/v%s%s" % (self.config.engine_api_version, form)

    @staticmethod
    def headers(token):
        return {"X-Auth-Token": token, host_rules.LOCAL_HEADER: "1"}

    async def inspect(self, host, token, ref):
        """The image `ref` as `host`'s proxy shows it to the token's user,
        or None (missing, not theirs to see, or the host not answering)."""
        try:
            async with asyncio.timeout(self.config.docker_timeout * 2):
                async with self.session().get(
                        host.url + self.path("/images/%s/json", ref),
                        headers=self.headers(token)) as resp:
                    status = resp.status
                    body = await resp.read()
            body = json.loads(body) if status == 200 else None
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError,
                ValueError) as exc:
            # Once per outage, not per delivery that asks every host.
            if host.name not in self._failing:
                self._failing.add(host.name)
                LOG.warning("Docker host %s does not answer image "
                            "questions: %r", host.name, exc)
            return None
        if host.name in self._failing:
            self._failing.discard(host.name)
            LOG.info("Docker host %s answers image questions again",
                     host.name)
        return body if isinstance(body, dict) and body.get("Id") else None

    async def remove(self, host, token, image_id):
        """Remove an image from `host` (its proxy judges, as for any
        removal by the token's user); quietly, this is a clean-up."""
        try:
            async with asyncio.timeout(self.config.docker_timeout * 2):
                async with self.session().delete(
                        host.url + self.path("/images/%s", image_id),
                        params={"force": "1"},
                        headers=self.headers(token)) as resp:
                    await resp.read()
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as exc:
            LOG.warning("Image %s left on Docker host %s: %r", image_id,
                        host.name, exc)
