"""This proxy's row in the hosts table, and the other hosts it routes to.

At start the proxy records itself (DD_HOST_NAME, DD_ADVERTISE_URL, its zone,
its Placement provider's uuid) and reads the other rows: its
peers. Both are done again every REFRESH_EVERY seconds in the background,
so a host added later is routed to within that time, and a request never
waits for the database to learn the peers: with none, the proxy does no
routing work at all (the list and inspect overhead of one host, issue 15).
"""
import asyncio
import logging
import time

import aiohttp

from docker_dashboard.proxy.placement import registration
from docker_dashboard.proxy.rules import hosts as rules
from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state.hosts import Hosts

LOG = logging.getLogger(__name__)

# Seconds between two stamps of this host's row and reads of the peers.
REFRESH_EVERY = 10.0
# Seconds a host's /healthz has to answer for it to count as up.
HEALTH_SECONDS = 1.0
# Seconds after its last stamp a host is taken as down: not asked (a merged
# list names it at once), as Nova's service_down_time tells a compute
# service that stopped reporting. Six stamps: a busy host is not down.
DOWN_AFTER = 60.0


class Peers:
    """The other hosts (rows of the hosts table), as last read."""

    def __init__(self, config, hosts):
        self._config = config
        self._hosts = hosts
        self.others = []
        # Hosts that failed their last call: a host's outage is logged
        # once when it starts and once when it ends, not per request.
        self._failing = set()
        # The state database failed the last refresh (logged once).
        self.database_failing = False
        # Container id -> host this process has recorded (router/lists.py).
        self.known_hosts = {}
        # The HTTP client to the peers, and the refresh job (set at start).
        self.session = None
        self.job = None

    @property
    def any(self):
        return bool(self.others)

    def up(self):
        """The peers that stamped their row lately; (up, down)."""
        now = time.time()
        up, down = [], []
        for host in self.others:
            if rules.is_down(host.seen_at, now, DOWN_AFTER):
                down.append(host)
            else:
                up.append(host)
        return up, down

    def named(self, name):
        for host in self.others:
            if host.name == name:
                return host
        return None

    def register_and_read(self, provider_uuid=None):
        """Stamp this host's row, then read the others'."""
        config = self._config
        self._hosts.register(config.host_name, config.advertise_url,
                             config.availability_zone, provider_uuid)
        self.others = [row for row in self._hosts.all()
                       if row.name != config.host_name]

    def failed(self, host, why):
        if host.name not in self._failing:
            self._failing.add(host.name)
            LOG.warning("Docker host %s (%s) is not answering: %s",
                        host.name, host.url, why)

    def answered(self, host):
        if host.name in self._failing:
            self._failing.discard(host.name)
            LOG.info("Docker host %s answers again", host.name)


def describe(exc):
    """What a log may say of a failed call to a host: the kind of failure
    and, for a connection, the address; never the request's URL (a
    WebSocket's holds its ticket) nor its headers (the caller's token)."""
    if isinstance(exc, (aiohttp.ClientConnectorError, OSError)):
        return "%s: %s" % (type(exc).__name__, exc)
    return type(exc).__name__


def setup(app):
    config = app["config"]
    app["hosts"] = Hosts(app["database"])
    app["peers"] = Peers(config, app["hosts"])

    async def start(app):
        # No pool cap (a `logs -f` through a peer holds its connection as
        # long as it runs); the bodies pass as the host sent them.
        app["peers"].session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), auto_decompress=False,
            timeout=aiohttp.ClientTimeout(total=None,
                                          sock_connect=config.docker_timeout))
        if not config.route:
            return  # DD_ROUTE=0: no row of its own, no peers
        _refresh(app)
        app["peers"].job = asyncio.ensure_future(_keep_current(app))

    async def stop(app):
        peers = app["peers"]
        if peers.job is not None:
            peers.job.cancel()
            await asyncio.gather(peers.job, return_exceptions=True)
        if peers.session is not None:
            await peers.session.close()
    app.on_startup.append(start)
    app.on_cleanup.append(stop)


def _refresh(app):
    """One stamp and read; the state database away is logged, the peers
    known so far kept."""
    peers = app["peers"]
    try:
        peers.register_and_read(_provider_uuid(app["config"]))
    except database.Unavailable as error:
        if not peers.database_failing:
            LOG.warning("the hosts table cannot be read: %s", error.orig)
        peers.database_failing = True
        return
    if peers.database_failing:
        peers.database_failing = False
        LOG.info("the hosts table can be read again")


def _provider_uuid(config):
    """This host's Placement provider: the uuid kept in its state folder
    (made once, before Placement is first asked), or None without
    Placement."""
    if not config.placement_url:
        return None
    return registration.provider_uuid(config)


async def _keep_current(app):
    while True:
        await asyncio.sleep(REFRESH_EVERY)
        # In a thread: a database that stopped answering holds the refresh
        # up to its connect timeout, never the requests meanwhile.
        await asyncio.to_thread(_refresh, app)


async def is_up(session, host, seconds=HEALTH_SECONDS):
    """True when the host's proxy answers its liveness probe in time."""
    try:
        async with session.get(host.url + "/healthz",
                               timeout=aiohttp.ClientTimeout(total=seconds)
                               ) as resp:
            await resp.read()
            return resp.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False


async def while_up(session, host, awaitable, seconds):
    """Await `awaitable` for as long as it takes, provided that the host
    answers its liveness probe within `seconds` every `seconds` (a host
    doing long work is told from one that stopped); asyncio.TimeoutError
    when it does not."""
    task = asyncio.ensure_future(awaitable)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=seconds)
            if done:
                return task.result()
            if not await is_up(session, host, seconds):
                raise asyncio.TimeoutError()
    finally:
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
