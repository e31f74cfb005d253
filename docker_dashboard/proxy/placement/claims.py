"""A container's claim on its host: one allocation per container, whose
consumer is the container and whose project and user are its owner's, so
Placement's usages are each project's usage."""
import logging

from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.rules import placement as rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)


class AlreadyClaimed(Exception):
    """The consumer holds an allocation already (made meanwhile, by an
    audit or another create of the same container)."""


async def claim(app, consumer_uuid, provider_uuid, resources, project_id,
                user_id, availability_zone=None):
    """Allocate `resources` of `provider_uuid` to a new consumer.
    Refused(409, the no-room sentence) when the host has no room."""
    path = "/allocations/%s" % consumer_uuid
    status, answer = await app["placement"].call("PUT", path, json_body={
        "allocations": {provider_uuid: {"resources": resources}},
        # None: the consumer must be new; a second claim of it is refused
        # instead of replacing the first.
        "consumer_generation": None,
        "project_id": project_id,
        "user_id": user_id,
        # Placement's usages count each type apart (1.38): a project's
        # containers beside its Nova servers (INSTANCE).
        "consumer_type": rules.CONSUMER_TYPE,
    })
    if status == 204:
        return
    if status == 409 and rules.is_concurrent_update(answer):
        raise AlreadyClaimed(consumer_uuid)
    if status == 409:
        # Placement's "Unable to allocate inventory": over capacity.
        LOG.info("Placement refused %s on %s: %s", resources, provider_uuid,
                 rules.error_detail(answer))
        raise Refused(409, rules.no_room_message(resources,
                                                 availability_zone))
    raise PlacementError("PUT", path, status, answer)


async def release(app, consumer_uuid):
    """Remove the consumer's allocation (none is fine)."""
    path = "/allocations/%s" % consumer_uuid
    status, answer = await app["placement"].call("DELETE", path)
    if status not in (204, 404):
        raise PlacementError("DELETE", path, status, answer)


async def resize(app, consumer_uuid, provider_uuid, resources,
                 availability_zone=None):
    """Change the consumer's allocation on `provider_uuid` to `resources`
    (a `docker update` of its limits); returns what it held before, or
    None when it holds nothing there (the audit claims it later).
    Refused(409, the no-room sentence) when the host has no room."""
    path = "/allocations/%s" % consumer_uuid
    for _ in range(3):
        status, held = await app["placement"].call("GET", path)
        if status != 200:
            raise PlacementError("GET", path, status, held)
        before = ((held.get("allocations") or {}).get(provider_uuid)
                  or {}).get("resources")
        if not before:
            return None
        if before == resources:
            return before  # already this size (the update event's echo)
        status, answer = await app["placement"].call("PUT", path, json_body={
            "allocations": {provider_uuid: {"resources": resources}},
            "consumer_generation": held["consumer_generation"],
            "project_id": held["project_id"],
            "user_id": held["user_id"],
            "consumer_type": held.get("consumer_type") or rules.CONSUMER_TYPE,
        })
        if status == 204:
            return before
        if status == 409 and rules.is_concurrent_update(answer):
            continue  # changed meanwhile: read again
        if status == 409:
            raise Refused(409, rules.no_room_message(resources,
                                                     availability_zone))
        raise PlacementError("PUT", path, status, answer)
    raise PlacementError("PUT", path, 409, "the consumer kept changing")
