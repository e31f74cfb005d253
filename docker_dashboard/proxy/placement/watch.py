"""Allocations that follow dockerd's own events, whoever caused them.

- destroy: the container's allocation is released as soon as dockerd
  destroys it, however it went (a delete through the proxy, which releases
  it too; `--rm`; a removal straight on the daemon), and the record of its
  host (object_hosts) goes with it.
- update: limits changed straight on the daemon (`docker update` on its
  socket) resize the allocation to what the container now holds; a change
  through the proxy was claimed before dockerd saw it and finds nothing to
  do. A host without room for the new size keeps the old allocation and
  says so in the log: Placement never holds more than the host has.
The audit covers what a gap in this stream (dockerd restarting) misses."""
import asyncio
import json
import logging

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.placement import claims
from docker_dashboard.proxy.placement.client import DOWN
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.rules import placement as rules
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import database

LOG = logging.getLogger(__name__)

FILTERS = json.dumps({"type": ["container"], "event": ["destroy", "update"],
                      "label": [PROJECT_LABEL]})
# After the stream ends (dockerd stopped): the next try.
RECONNECT_SECONDS = 2.0


def consumer_of_event(event):
    """The consumer of the container a destroy event names: an event's
    Actor carries the container's id and its labels."""
    actor = event.get("Actor") or {}
    return rules.consumer_of({"Id": actor.get("ID", ""),
                              "Labels": actor.get("Attributes") or {}})


async def _follow(app):
    resp = await app["engine"].request("GET", "/events",
                                       params={"filters": FILTERS})
    async with resp:
        async for line in resp.content:
            if not line.strip():
                continue
            event = json.loads(line)
            consumer = consumer_of_event(event)
            try:
                if event.get("Action") == "update":
                    await _resized(app, event, consumer)
                else:
                    await claims.release(app, consumer)
                    _forget_host(app, event)
            except DOWN + (PlacementError,) as exc:
                LOG.warning("allocation %s left for the audit: %s",
                            consumer, exc)


async def _resized(app, event, consumer):
    container_id = (event.get("Actor") or {}).get("ID", "")
    status, found = await app["engine"].json(
        "GET", "/containers/%s/json" % container_id)
    if status != 200:
        return  # gone meanwhile: its destroy event follows
    resources = rules.resources_of_host_config(found.get("HostConfig"))
    if not resources:
        return  # no limit left to count: the audit's concern
    try:
        await claims.resize(app, consumer, app["placement_host"].provider_uuid,
                            resources, app["config"].availability_zone)
    except Refused:
        LOG.warning("container %s was given %s straight on dockerd, more "
                    "than this host has room for in Placement: its "
                    "allocation keeps its former size", container_id,
                    resources)


def _forget_host(app, event):
    hosts = app.get("hosts")
    container_id = (event.get("Actor") or {}).get("ID")
    if hosts is None or not container_id:
        return
    try:
        hosts.forget("container", container_id)
    except database.Unavailable as error:
        # Only a shortcut: a call for the id asks every host instead.
        LOG.warning("the host record of destroyed container %s stays: %s",
                    container_id, error.orig)


async def follow_destroys(app):
    """Forever: each destroyed container's allocation released."""
    while True:
        try:
            await _follow(app)
        except (EngineUnavailable, OSError, ValueError) as exc:
            LOG.info("dockerd's events stream ended (%s): following again "
                     "in %g s", exc, RECONNECT_SECONDS)
        await asyncio.sleep(RECONNECT_SECONDS)
