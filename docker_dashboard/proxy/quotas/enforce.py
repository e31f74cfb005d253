"""Quota checks around a container's claim.

A launch is checked once, after its claim (`limits_soon`, then
`check_claimed`): Keystone's limits are read while Placement takes the
claim, and Placement's usage read then holds the claim and every claim
made before it, so two launches that each fit alone but not together see
each other, and a launch over the limit gives its claim back before
anything is created. One look instead of Nova's two: a launch waits for
the slower of the limits and the claim, then one usage read.

The raise of a `docker update` is checked before its resize (refused with
nothing changed) and after it (`before_claim`, `after_claim`).

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
    _decide(project_id, deltas, used, limits)
    return limits


def limits_soon(app, project_id, deltas):
    """The project's limits, read from now on beside the caller's claim
    (a task for `check_claimed`); None when quotas are off or nothing is
    asked."""
    if not quotas.enabled(app) or not deltas:
        return None
    return asyncio.ensure_future(limits_of(app, project_id))


async def check_claimed(app, project_id, deltas, limits_task):
    """With the claim made: Refused(403, "Quota exceeded for …") when it
    and the project's other claims do not fit its limits; the caller then
    gives its claim back. Nothing when `limits_task` is None."""
    if limits_task is None:
        return
    used, (limits, _) = await asyncio.gather(
        usage.of_project(app, project_id), limits_task)
    _decide(project_id, deltas, rules.without(used, deltas), limits)


def forget(limits_task):
    """A launch that failed before its check: its limits read stops."""
    if limits_task is None:
        return
    if not limits_task.done():
        limits_task.cancel()
    elif not limits_task.cancelled():
        limits_task.exception()  # read, so asyncio does not log it


def _decide(project_id, deltas, used, limits):
    sentence = rules.refusal(deltas, used, limits)
    if sentence is not None:
        LOG.info("quota refused for project %s: %s", project_id, sentence)
        raise Refused(403, sentence)


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
