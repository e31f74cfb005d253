"""Which host a container is created on, when there are several.

Placement answers which hosts have room for the container's vCPUs and
memory (in the zone the caller asked for, if any), ordered by the
configured strategy; the create goes to the first, this host's own create
path or another host's proxy (with X-DD-Local: that proxy claims the room
on its own provider before it creates). A host that has no room after all
(another launch took it meanwhile: its claim answers 409) or that does not
answer sends the create on to the next candidate, up to
DD_PLACEMENT_ATTEMPTS hosts.
"""
import asyncio
import json
import logging
from urllib.parse import quote

from docker_dashboard.proxy import delivery
from docker_dashboard.proxy import project_network
from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy.placement import candidates
from docker_dashboard.proxy.placement import client as placement_client
from docker_dashboard.proxy.placement import drain
from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import create_body
from docker_dashboard.proxy.rules import hosts as rules
from docker_dashboard.proxy.rules import names
from docker_dashboard.proxy.rules import placement
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)

# As a host's own claim says it (placement/launch.py).
PLACEMENT_DOWN = ("Placement is unavailable: the container cannot be "
                  "placed now, try again later")


def places(request):
    """True when a create is placed among hosts: Placement is configured,
    there are other hosts, and the caller did not ask for this one."""
    return bool(request.app["config"].placement_url) and find.routes(request)


async def create(request, limits, create_here):
    """The answer to a container create, made on the host Placement
    chose; `create_here(request)` is this host's own create path."""
    app = request.app
    config = app["config"]
    caller = request["caller"]
    raw = await request.read()
    zone, pinned = rules.chosen_place(
        raw, app["policy"].allowed("docker:host:choose", caller))
    # The body is checked here as its host will check it, so that a bad
    # body is refused before any host is asked (and its resources known).
    plan = create_body.check_create(
        raw, caller, limits, project_network.name_for(caller.project_id))
    resources = placement.resources_of(plan.body)
    name = request.query.get("name", "")
    names.check_container_name(name)
    # The name is looked up on every host while Placement is asked; a
    # taken name is the answer even when no host has room, as on one host.
    taken, hosts = await asyncio.gather(
        _name_in_use(request, name),
        _hosts_for(request, plan, pinned, resources, zone),
        return_exceptions=True)
    if taken is True:
        # dockerd keeps a name unique on its host; the project's names stay
        # unique over all hosts, as on one.
        raise names.container_name_taken(name)
    for outcome in (taken, hosts):
        if isinstance(outcome, BaseException):
            raise outcome
    for host in hosts[:config.placement_attempts]:
        # The image, copied to that host first if it lacks it (delivery/).
        await delivery.ensure_image(request, plan.body.get("Image", ""), host)
        if host.name == config.host_name:
            # Chosen among candidates that forbid the drain trait, or
            # bound here after its trait was asked: the claim need not ask.
            drain.mark_asked(request)
            try:
                answer = await create_here(request)
            except Refused as refusal:
                if rules.try_next_host(refusal.status, refusal.message, name):
                    continue
                raise
            _remember(app, host, answer.status, answer.body)
            return answer
        try:
            status, body = await _create_on(request, host, raw)
        except Refused as refusal:
            LOG.warning("create placed on %s: %s", host.name,
                        refusal.message)
            continue
        if rules.try_next_host(status, _message(body), name):
            continue
        _remember(app, host, status, body)
        return docker_json(body, status=status)
    raise Refused(409, placement.no_room_message(resources, zone))


async def _hosts_for(request, plan, pinned, resources, zone):
    """The hosts to try, in turn: the one pinned or bound by what the body
    shares, else Placement's candidates with room."""
    app = request.app
    holder = await _holder_of_references(request, plan)
    if pinned:
        hosts = [host_named(app, pinned)]
        await _refuse_if_drained(app, hosts[0])
        return hosts
    if holder is not None:
        # Sharing another container's volumes or network, or mounting a
        # named volume, is possible only beside it: on its host.
        await _refuse_if_drained(app, holder)
        return [holder]
    uuids = await _hosts_with_room(app, resources, zone)
    if not uuids and not await _placement(
            drain.any_host_accepts(app, zone)):
        raise Refused(409, placement.none_accepts_message(zone))
    return [host for host in map(_host_of_provider(app), uuids)
            if host is not None]


async def _hosts_with_room(app, resources, zone):
    return await _placement(candidates.hosts_with_room(app, resources, zone))


async def _refuse_if_drained(app, host):
    """A launch bound to one host (an admin's pin, a volume or container
    it shares) is refused while that host is drained, with its name."""
    row = app["hosts"].by_name(host.name)
    if row is None or not row.provider_uuid:
        return  # not registered yet: its own claim refuses the launch
    if await _placement(drain.is_drained(app, row.provider_uuid)):
        raise Refused(409, placement.drained_message(host.name))


async def _placement(asked):
    """The answer of a call to Placement made to place a launch."""
    try:
        return await asked
    except timeouts.DeadlinePassed:
        raise  # a silent Placement: the 504 that names it
    except placement_client.DOWN + (placement_client.PlacementError,) as exc:
        LOG.warning("Placement unavailable to place a container: %s", exc)
        raise Refused(503, PLACEMENT_DOWN)


async def _name_in_use(request, name):
    """True when this host holds a container of that name (whoever's: its
    dockerd would refuse the name), or another host one of the caller's;
    False for no name (dockerd makes one up)."""
    if not name:
        return False
    ref = name.lstrip("/")
    status, _ = await request.app["engine"].json(
        "GET", "/containers/%s/json" % quote(ref, safe=""))
    if status == 200:
        return True
    found = await find.on_peers(request, find.CONTAINER, ref)
    return found is not None


async def _holder_of_references(request, plan):
    """The host that holds what the body names (containers to share with,
    named volumes), or None when it names nothing found anywhere (the
    create then meets the usual refusals on whichever host it goes to)."""
    app = request.app
    named = [(find.CONTAINER, ref) for _, ref in plan.containers]
    named += [(find.VOLUME, volume) for _, volume in plan.volumes]
    for kind, ref in named:
        local = "/containers/%s/json" if kind == find.CONTAINER \
            else "/volumes/%s"
        status, _ = await app["engine"].json(
            "GET", local % quote(ref, safe=""))
        if status == 200:
            return _Self(app["config"].host_name)
        found = await find.on_peers(request, kind, ref)
        if found is not None:
            return found[0]
    return None


def host_named(app, name):
    """The host an admin pinned (this one or a peer); 400 when none is
    named so."""
    if name == app["config"].host_name:
        return _Self(name)
    host = app["peers"].named(name)
    if host is None:
        raise Refused(400, "No Docker host is named %s" % name,
                      field="Labels")
    return host


class _Self:
    def __init__(self, name):
        self.name = name


def _host_of_provider(app):
    own = app["config"].host_name

    def host(provider_uuid):
        row = app["hosts"].by_provider(provider_uuid)
        if row is None:
            # A provider with the host trait whose proxy does not share
            # this state (yet): it cannot be reached from here.
            LOG.warning("Placement offers provider %s, which no host in "
                        "the hosts table has", provider_uuid)
            return None
        if row.name == own:
            return _Self(own)
        return app["peers"].named(row.name)
    return host


async def _create_on(request, host, raw):
    """(status, decoded body) of the create forwarded to `host`."""
    resp, _ = await forward.send(request, host, data=raw)
    async with resp:
        body = await resp.read()
    try:
        return resp.status, json.loads(body)
    except ValueError:
        return resp.status, {"message": body.decode("utf-8", "replace")}


def _message(body):
    return body.get("message") if isinstance(body, dict) else None


def _remember(app, host, status, body):
    if status != 201:
        return
    if isinstance(body, (bytes, bytearray)):
        body = json.loads(body)
    if isinstance(body, dict) and body.get("Id"):
        app["hosts"].remember("container", body["Id"], host.name)
