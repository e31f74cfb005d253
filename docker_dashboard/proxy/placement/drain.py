"""Draining a Docker host: its provider carries rules.DRAINED_TRAIT, and
launches ask Placement for candidates with that trait forbidden, so no new
container goes there while the ones it runs stay (as Nova disables a
compute service). The trait lives in Placement only: every proxy, and the
periodic registration that keeps a host's traits (it adds the host trait
and keeps every other), sees the same answer.
"""
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.placement.registration import \
    update_with_generation
from docker_dashboard.proxy.rules import placement as rules


# Kept on a create's request by the routing code of the same process once
# it has asked Placement about this host's drain for that very launch (the
# candidates it chose from forbid the trait; a launch bound to one host had
# the trait itself asked): the claim then does not ask again. The request's
# own mapping, which no client writes to.
_ASKED = "docker_dashboard.drain_asked"


def mark_asked(request):
    request[_ASKED] = True


def asked(request):
    """True when this request's host was checked for its drain already."""
    return request.get(_ASKED, False)


def _traits_path(rp_uuid):
    return "/resource_providers/%s/traits" % rp_uuid


async def is_drained(app, rp_uuid):
    """True when the provider's host is drained."""
    status, body = await app["placement"].call("GET", _traits_path(rp_uuid))
    if status != 200:
        raise PlacementError("GET", _traits_path(rp_uuid), status, body)
    return rules.is_drained(body.get("traits"))


async def set_drained(app, rp_uuid, drained):
    """Put (`drained`) or take away the drain trait, keeping the provider's
    other traits; True when something changed."""
    def change(current):
        traits = rules.with_drain(current["traits"], drained)
        return None if traits is None else {"traits": traits}
    return await update_with_generation(app["placement"],
                                        _traits_path(rp_uuid), change)


async def any_host_accepts(app, availability_zone=None):
    """True when some Docker host (of the zone) is not drained: an empty
    candidates answer then means no room, else that every host is
    drained."""
    status, body = await app["placement"].call(
        "GET", "/resource_providers",
        params=rules.accepting_hosts_query(availability_zone))
    if status != 200:
        raise PlacementError("GET", "/resource_providers", status, body)
    return bool(body.get("resource_providers"))
