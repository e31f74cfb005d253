"""A project's usage: Placement's usages of its containers.

Every container's allocation is made with the container consumer type
(placement/claims.py), so `GET /usages?project_id=…&consumer_type=…`
(microversion 1.38) counts the project's containers and sums their vCPUs
and memory on every host at once, apart from its Nova servers.
"""
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.rules import placement as placement_rules
from docker_dashboard.proxy.rules import quota as rules


async def of_project(app, project_id):
    """{"containers": n, "class:VCPU": n, "class:MEMORY_MB": n}."""
    status, answer = await app["placement"].call(
        "GET", "/usages", params={
            "project_id": project_id,
            "consumer_type": placement_rules.CONSUMER_TYPE})
    if status != 200:
        raise PlacementError("GET", "/usages", status, answer)
    return rules.usage_of(answer, placement_rules.CONSUMER_TYPE)
