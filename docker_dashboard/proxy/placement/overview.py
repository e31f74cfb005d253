"""What an admin's hosts page shows of a host from Placement: its
inventories with their usage, and whether it is drained; three calls made
at once."""
import asyncio

from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.rules import placement as rules


async def _get(app, path):
    status, body = await app["placement"].call("GET", path)
    if status != 200:
        raise PlacementError("GET", path, status, body)
    return body


async def provider_overview(app, rp_uuid):
    """{"resources": rules.resource_view(...), "drained": bool} of a
    provider."""
    base = "/resource_providers/%s" % rp_uuid
    inventories, usages, traits = await asyncio.gather(
        _get(app, base + "/inventories"), _get(app, base + "/usages"),
        _get(app, base + "/traits"))
    return {"resources": rules.resource_view(inventories.get("inventories"),
                                             usages.get("usages")),
            "drained": rules.is_drained(traits.get("traits"))}
