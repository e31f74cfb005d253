"""Heals drift between this host's containers and its allocations.

A container of a project without an allocation (made before the proxy had
Placement, or while a release or claim failed) gets one from its limits,
for its project and user; an allocation against this host whose container
is gone is removed. Run every inventory interval by the proxy, and once by

    python -m docker_dashboard.proxy.placement.audit

with the proxy's environment, which prints what it healed. The command
does not see the creates the proxy has in flight: an allocation claimed a
moment before its container exists may be removed by it, and is made again
by the next audit.
"""
import asyncio
import json
import logging
import sys

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.placement import claims
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.rules import placement as rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)


async def _allocated(app, rp_uuid):
    path = "/resource_providers/%s/allocations" % rp_uuid
    status, body = await app["placement"].call("GET", path)
    if status != 200:
        raise PlacementError("GET", path, status, body)
    return body.get("allocations") or {}


async def _project_containers(app):
    status, listed = await app["engine"].json(
        "GET", "/containers/json",
        params={"all": "1", "filters": json.dumps({"label": [PROJECT_LABEL]})})
    if status != 200 or not isinstance(listed, list):
        raise EngineUnavailable("dockerd answered %s to the list" % status)
    return listed


async def _claim_for_container(app, rp_uuid, container_id, consumer):
    """Claim for a container found without an allocation; why not, if
    not ("" when claimed)."""
    status, found = await app["engine"].json(
        "GET", "/containers/%s/json" % container_id)
    if status == 404:
        return "removed meanwhile"
    if status != 200:
        raise EngineUnavailable("dockerd answered %s to inspect" % status)
    resources = rules.resources_of_host_config(found.get("HostConfig"))
    project_id, user_id = rules.owner_of(found)
    if not resources or not user_id:
        return "no limits or no user label: nothing to claim"
    try:
        await claims.claim(app, consumer, rp_uuid, resources, project_id,
                           user_id)
    except claims.AlreadyClaimed:
        return "claimed meanwhile"
    except Refused as refusal:
        return refusal.message
    return ""


async def audit(app):
    """{"claimed": [container ids], "released": [consumer uuids],
    "skipped": {container id: why}} of one pass over this host."""
    rp_uuid = app["placement_host"].provider_uuid
    # Allocations first, containers second, creates in flight last: a
    # container created between two reads is in the list, and one still
    # being created is in flight (launch.py).
    allocated = await _allocated(app, rp_uuid)
    listed = await _project_containers(app)
    in_flight = set(app["placement_host"].in_flight)
    ids = {rules.consumer_of(container): container["Id"]
           for container in listed}
    missing, gone = rules.drift(ids, allocated, in_flight)
    healed = {"claimed": [], "released": [], "skipped": {}}
    for consumer in missing:
        why = await _claim_for_container(app, rp_uuid, ids[consumer],
                                         consumer)
        if why:
            healed["skipped"][ids[consumer]] = why
        else:
            healed["claimed"].append(ids[consumer])
    for consumer in gone:
        await claims.release(app, consumer)
        healed["released"].append(consumer)
    return healed


async def _once(config):
    from docker_dashboard.proxy.engine import Engine
    from docker_dashboard.proxy.placement import registration
    from docker_dashboard.proxy.placement.client import PlacementClient
    from docker_dashboard.proxy.placement.this_host import ThisHost
    rp_uuid = registration.provider_uuid(config)
    app = {"config": config, "placement_host": ThisHost(rp_uuid),
           "engine": Engine(config.docker_socket, config.engine_api_version,
                            timeout=config.docker_timeout),
           "placement": PlacementClient(config)}
    try:
        status, _ = await app["placement"].call(
            "GET", "/resource_providers/%s" % rp_uuid)
        if status == 404:
            print("This host (%s) is not registered in Placement yet: start "
                  "its proxy first" % config.host_name, file=sys.stderr)
            return 1
        healed = await audit(app)
    finally:
        await app["placement"].close()
        await app["engine"].close()
    for container_id in healed["claimed"]:
        print("claimed: container %s had no allocation" % container_id)
    for consumer in healed["released"]:
        print("released: allocation %s had no container" % consumer)
    for container_id, why in healed["skipped"].items():
        print("skipped: container %s: %s" % (container_id, why))
    print("audit of %s: %d claimed, %d released" % (
        config.host_name, len(healed["claimed"]), len(healed["released"])))
    return 0


def main():
    from docker_dashboard.proxy.config import ProxyConfig
    config = ProxyConfig.from_env()
    if not config.placement_url:
        print("DD_PLACEMENT_URL is not set: this host uses no Placement",
              file=sys.stderr)
        return 2
    return asyncio.run(_once(config))


if __name__ == "__main__":
    sys.exit(main())
