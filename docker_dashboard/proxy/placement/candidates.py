"""Which Docker hosts have room for a container: Placement answers, the
configured strategy orders."""
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.rules import placement as rules


async def hosts_with_room(app, resources, availability_zone=None):
    """Provider uuids of the Docker hosts (in `availability_zone`, when
    named) with room for `resources`, in the order DD_PLACEMENT_STRATEGY
    tries them."""
    status, body = await app["placement"].call(
        "GET", "/allocation_candidates",
        params=rules.candidates_query(resources, availability_zone))
    if status != 200:
        raise PlacementError("GET", "/allocation_candidates", status, body)
    # A summary may name a provider only as part of a tree: the candidates
    # are those an allocation request puts resources on.
    offered = {rp for request in body.get("allocation_requests") or []
               for rp in request.get("allocations") or {}}
    summaries = {rp: summary
                 for rp, summary in (body.get("provider_summaries")
                                     or {}).items() if rp in offered}
    return rules.order_candidates(summaries,
                                  app["config"].placement_strategy)
