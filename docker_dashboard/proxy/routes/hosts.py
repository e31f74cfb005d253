"""The Docker hosts as users and admins see them.

`GET /dd/hosts`: the availability zones a launch may ask for, and for
admins each Docker host (name, URL, zone, up or down, Placement provider).
Read from the hosts table the proxies share (state/hosts.py); "up" is
whether the host's proxy answers its liveness probe within a second, asked
of every host at once. A single-host proxy answers its own zone and row.

`GET /dd/admin/hosts`: an admin's hosts page. Each host's vCPU, memory and
disk inventories with their usage and whether it is drained (from
Placement, for every host at once), and its dockerd's version and
container counts (asked of the host's own proxy, X-DD-Local: it answers
those of its dockerd only). A host that does not answer is "up": false
with no dockerd facts; the others are listed as they are.

`POST /dd/admin/hosts/{name}/drain` and `.../undrain`: no new launch goes
to the host while it is drained, what it runs stays (placement/drain.py).
"""
import asyncio
import json
import logging
import time
import types

import aiohttp
from multidict import CIMultiDict

from docker_dashboard.proxy import placement
from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.placement import drain
from docker_dashboard.proxy.placement import overview
from docker_dashboard.proxy.placement.client import DOWN
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import hosts as rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)

PLACEMENT_AWAY = "Placement is unavailable: try again later"
# Seconds a host's dockerd facts may take before the host is shown down:
# Horizon waits 5 s for a page's read (its page_timeout), and the other
# hosts' rows must arrive within it.
FACTS_SECONDS = 3.0


@action("docker:host:list")
async def list_hosts(request):
    app = request.app
    rows = app["hosts"].all()
    answer = {"availability_zones": sorted({row.availability_zone
                                            for row in rows})}
    if app["policy"].allowed("docker:host:choose", request["caller"]):
        own = app["config"].host_name
        up = await asyncio.gather(*(
            _answers(app, row, own) for row in rows))
        answer["hosts"] = [
            {"name": row.name, "url": row.url,
             "availability_zone": row.availability_zone,
             "up": is_up, "provider_uuid": row.provider_uuid or None}
            for row, is_up in zip(rows, up)]
    return docker_json(answer)


async def _answers(app, row, own):
    if row.name == own:
        return True  # it is answering this request
    return await peers.is_up(app["peers"].session, row)


@action("docker:admin:hosts")
async def admin_hosts(request):
    app = request.app
    own = app["config"].host_name
    if rules.is_local(request.headers):
        # A routing proxy asks: this host's dockerd only.
        return docker_json({"hosts": [dict(await _dockerd_here(app),
                                           name=own)]})
    rows = app["hosts"].all()
    if not any(row.name == own for row in rows):
        rows.append(_own_row(app))  # DD_ROUTE=0, or not recorded yet
    listed = await asyncio.gather(*(_host(request, row) for row in rows))
    return docker_json({"hosts": listed})


def _own_row(app):
    config = app["config"]
    return types.SimpleNamespace(
        name=config.host_name, url=config.advertise_url,
        availability_zone=config.availability_zone,
        provider_uuid=placement.provider_of(app))


async def _host(request, row):
    app = request.app
    dockerd, placed = await asyncio.gather(
        _dockerd_of(request, row), _placement_of(app, row.provider_uuid))
    return dict({"name": row.name, "url": row.url,
                 "availability_zone": row.availability_zone,
                 "provider_uuid": row.provider_uuid or None},
                **dockerd, **placed)


NO_DOCKERD = {"up": False, "docker_version": None, "containers": None,
              "containers_running": None}


async def _dockerd_here(app):
    try:
        async with asyncio.timeout(FACTS_SECONDS):
            status, info = await app["engine"].json("GET", "/info")
    except (EngineUnavailable, timeouts.DeadlinePassed, TimeoutError):
        return dict(NO_DOCKERD)
    if status != 200 or not isinstance(info, dict):
        return dict(NO_DOCKERD)
    return {"up": True, "docker_version": info.get("ServerVersion"),
            "containers": info.get("Containers"),
            "containers_running": info.get("ContainersRunning")}


async def _dockerd_of(request, row):
    """The dockerd facts of the host of `row`: this one's, or those its
    own proxy answers (with the caller's token, as any routed call)."""
    app = request.app
    if row.name == app["config"].host_name:
        return await _dockerd_here(app)
    if rules.is_down(row.seen_at, time.time(), peers.DOWN_AFTER):
        return dict(NO_DOCKERD)  # stopped stamping its row: not waited for
    headers = CIMultiDict(rules.forwarded_headers(request.headers))
    headers.popall("Accept-Encoding", None)
    try:
        async with app["peers"].session.get(
                row.url.rstrip("/") + "/dd/admin/hosts", headers=headers,
                timeout=aiohttp.ClientTimeout(total=FACTS_SECONDS)) as resp:
            body = await resp.read()
            if resp.status != 200:
                return dict(NO_DOCKERD)
        answered = json.loads(body)["hosts"][0]
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError,
            ValueError, KeyError, IndexError, TypeError) as exc:
        app["peers"].failed(row, peers.describe(exc))
        return dict(NO_DOCKERD)
    app["peers"].answered(row)
    return {key: answered.get(key) for key in NO_DOCKERD}


async def _placement_of(app, rp_uuid):
    if not placement.enabled(app) or not rp_uuid:
        return {"resources": None, "drained": None}
    try:
        return await overview.provider_overview(app, rp_uuid)
    except DOWN + (PlacementError,) as exc:
        LOG.warning("the hosts page has no Placement facts of %s: %s",
                    rp_uuid, exc)
        return {"resources": None, "drained": None,
                "placement_error": PLACEMENT_AWAY}


@action("docker:host:drain")
async def drain_host(request):
    return await _set_drained(request, True)


@action("docker:host:drain")
async def undrain_host(request):
    return await _set_drained(request, False)


async def _set_drained(request, drained):
    app = request.app
    name = request.match_info["name"]
    if not placement.enabled(app):
        raise Refused(409, "Draining a Docker host needs Placement "
                           "(DD_PLACEMENT_URL is not set)")
    row = app["hosts"].by_name(name)
    rp_uuid = row.provider_uuid if row is not None else None
    if name == app["config"].host_name:
        rp_uuid = rp_uuid or placement.provider_of(app)
    if not rp_uuid:
        raise Refused(404, "No Docker host is named %s" % name)
    try:
        changed = await drain.set_drained(app, rp_uuid, drained)
    except timeouts.DeadlinePassed:
        raise
    except DOWN + (PlacementError,) as exc:
        LOG.warning("Docker host %s not %s: %s", name,
                    "drained" if drained else "undrained", exc)
        raise Refused(503, PLACEMENT_AWAY)
    caller = request["caller"]
    if changed:
        # Who did it, for the operators reading the log.
        LOG.info("Docker host %s %s by user %s (project %s)", name,
                 "drained" if drained else "undrained", caller.user_id,
                 caller.project_id)
    return docker_json({"name": name, "drained": drained})


def setup(app):
    app.router.add_get("/dd/hosts", list_hosts)
    app.router.add_get("/dd/admin/hosts", admin_hosts)
    app.router.add_post("/dd/admin/hosts/{name}/drain", drain_host)
    app.router.add_post("/dd/admin/hosts/{name}/undrain", undrain_host)
