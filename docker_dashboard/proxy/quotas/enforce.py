"""Quota checks around a container's claim: before it (the launch or the
raise of a `docker update` refused with nothing made) and after it (a
second look, as Nova rechecks: two launches that each fit alone but not
together both see the other's claim, and the one over the limit gives its
claim back).

Usage is Placement's (quotas/usage.py), limits Keystone's (quotas/
limits.py); the decision is rules/quota.py's.
"""
import asyncio
import logging

from docker_dashboard.proxy import quotas
from docker_dashboard.proxy.quotas import usage
from docker_dashboard.proxy.quotas.limits import LimitsUnavailable
from docker_dashboard.proxy.rules import quota as rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)
LIMITS_DOWN = ("Keystone's limits cannot be read: the container cannot be "
               "checked against the project's quota now, try again later")


async def limits_of(app, project_id):
    try:
        return await app["quota_limits"].of_project(project_id)
    except LimitsUnavailable as exc:
        raise Refused(503, LIMITS_DOWN) from exc


async def _check(app, project_id, deltas, limits=None):
    """The decision; `limits` given (the second look) are not read again,
    and the usage read then holds the claim, which is taken out."""
    if limits is None:
        # Keystone and Placement asked at once.
        (limits, _), used = await asyncio.gather(
            limits_of(app, project_id), usage.of_project(app, project_id))
    else:
        used = rules.without(await usage.of_project(app, project_id),
                             deltas)
    sentence = rules.refusal(deltas, used, limits)
    if sentence is not None:
        LOG.info("quota refused for project %s: %s", project_id, sentence)
        raise Refused(403, sentence)
    return limits


async def before_claim(app, project_id, deltas):
    """Refused(403, "Quota exceeded for …") when `deltas` do not fit the
    project; nothing when quotas are off or nothing is asked. Returns the
    limits, for `after_claim`."""
    if not quotas.enabled(app) or not deltas:
        return None
    return await _check(app, project_id, deltas)


async def after_claim(app, project_id, deltas, limits):
    """The same decision with the claim made: the usage read now holds it
    and every claim made meanwhile. Refused(403) when they do not all fit;
    the caller then gives its claim back."""
    if limits is None:
        return
    await _check(app, project_id, deltas, limits)
