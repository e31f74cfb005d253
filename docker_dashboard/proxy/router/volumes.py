"""Named volumes on several hosts: one list, and creates on a chosen host.

A named volume lives on one host (the containers that mount it are placed
there, placing.py). The list is every host's, each host scoping its own
answer as for containers (lists.py), one that fails named in the answer's
Warnings (Docker's own place for what the list may lack) and in
X-DD-Unavailable-Hosts. A per-volume call (inspect, remove) for a volume
this host's dockerd does not have goes to the host that has it
(lookups.volume, find.py). A create goes to this host unless its labels ask
for an availability zone or, for an admin, a host (as a container create
does), and its host is recorded.
"""
import json
import logging
from urllib.parse import quote

from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.router import lists
from docker_dashboard.proxy.router import placing
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import hosts as rules
from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules import volume_body
from docker_dashboard.proxy.state import database

LOG = logging.getLogger(__name__)


async def merged(request, local_params):
    """The answer to `GET /volumes`: every host's volumes, the caller's
    project's only (each host scopes its own)."""
    found = await lists.every_host(request, "/volumes", local_params, dict)
    if found.refusal is not None:
        return docker_json(found.refusal[1], status=found.refusal[0])
    answers = [answer for _, answer in found.answers]
    return lists.with_unavailable(
        docker_json(rules.merge_volume_lists(answers, found.unavailable)),
        found.unavailable)


async def create(request, create_here):
    """The answer to `POST /volumes/create` on a proxy with peers;
    `create_here(request)` is this host's own create path."""
    app = request.app
    config = app["config"]
    raw = await request.read()
    zone, pinned = rules.chosen_place(
        raw, app["policy"].allowed("docker:host:choose", request["caller"]),
        fields=volume_body.FIELDS)
    name = volume_body.check_create(raw).get("Name") or ""
    here, host = False, None
    if name:
        # Docker hands back the caller's existing volume of that name:
        # wherever it is (a name another project uses elsewhere is not
        # seen; this host's create path answers for one here).
        here = await _is_here(request, name)
        found = None if here else await find.ask_every_peer(
            request, find.VOLUME, name)
        host = None if found is None else found[0]
    if not here and host is None:
        if pinned:
            # Refused before anything is made when no such host exists.
            host = placing.host_named(app, pinned)
        else:
            up, _ = app["peers"].up()
            host = app["peers"].named(rules.volume_host(
                config.host_name, config.availability_zone,
                [(peer.name, peer.availability_zone) for peer in up], zone))
    if host is None or host.name == config.host_name:
        answer = await create_here(request)
        if answer.status == 201:
            _remember(app, answer.body, config.host_name)
        return answer
    return await forward.to_host(request, host,
                                 learn=_learner(app, host.name))


async def _is_here(request, name):
    """True when this host's dockerd has the caller's volume of that name
    (another project's here is refused by this host's create path, unless
    the caller's is on another host)."""
    status, body = await request.app["engine"].json(
        "GET", "/volumes/%s" % quote(name, safe=""))
    return status == 200 and isinstance(body, dict) and ownership.reachable(
        request["caller"], body.get("Labels") or {})


def _learner(app, host_name):
    def learn(status, body):
        if status == 201:
            _remember(app, body, host_name)
    return learn


def _remember(app, body, host_name):
    try:
        name = json.loads(body)["Name"]
    except (ValueError, KeyError, TypeError):
        return
    try:
        app["hosts"].remember(find.VOLUME, name, host_name)
    except database.Unavailable as error:
        # Only a shortcut for later calls (they ask every host instead).
        LOG.warning("the host of volume %s cannot be recorded: %s", name,
                    error.orig)
