"""Allocations released as soon as dockerd destroys a container, however
it went: a delete through the proxy (which releases it too), `--rm`
(dockerd removes the container itself when it exits), or a removal
straight on the daemon. The audit covers what a gap in this stream (dockerd
restarting) misses."""
import asyncio
import json
import logging

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.placement import claims
from docker_dashboard.proxy.placement.client import DOWN
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.rules import placement as rules

LOG = logging.getLogger(__name__)

FILTERS = json.dumps({"type": ["container"], "event": ["destroy"],
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
            consumer = consumer_of_event(json.loads(line))
            try:
                await claims.release(app, consumer)
            except DOWN + (PlacementError,) as exc:
                LOG.warning("allocation %s left for the audit: %s",
                            consumer, exc)


async def follow_destroys(app):
    """Forever: each destroyed container's allocation released."""
    while True:
        try:
            await _follow(app)
        except (EngineUnavailable, OSError, ValueError) as exc:
            LOG.info("dockerd's events stream ended (%s): following again "
                     "in %g s", exc, RECONNECT_SECONDS)
        await asyncio.sleep(RECONNECT_SECONDS)
