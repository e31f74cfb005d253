"""A container's allocation around the routes that change it: claimed
before a create (removed again if dockerd refuses it), resized before an
update of its limits, released after a delete or a prune.

Claims are always made by the proxy beside the daemon that creates the
container, on its own provider: a routing endpoint that picked this host
forwards the create here, and a host without room answers 409 with the
no-room sentence so that the next candidate is tried.
"""
import asyncio
import json
import logging
import uuid

from docker_dashboard.proxy import placement
from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.placement import claims
from docker_dashboard.proxy.placement import drain
from docker_dashboard.proxy.placement.client import DOWN
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.quotas import enforce as quota
from docker_dashboard.proxy.rules import placement as rules
from docker_dashboard.proxy.rules import quota as quota_rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)


def _unavailable(exc):
    LOG.warning("Placement unavailable for a launch: %s", exc)
    if isinstance(exc, PlacementError):
        return Refused(503, "Placement answered an error (%s): the container "
                            "cannot be placed now, try again later"
                       % exc.status)
    return Refused(503, "Placement is unavailable: the container cannot be "
                        "placed now, try again later")


async def claim_for(request, body):
    """Claim the create body's vCPUs and memory on this host for the
    caller, and label the body with the consumer (over any caller value).
    Returns the consumer uuid (None without Placement); pass it to
    `settle` once dockerd answered."""
    app = request.app
    if not placement.enabled(app):
        return None
    rp_uuid = app["placement_host"].provider_uuid
    if rp_uuid is None:
        raise Refused(503, "This Docker host is not registered in "
                           "Placement yet: try again in a moment")
    consumer = str(uuid.uuid4())
    body.setdefault("Labels", {})[rules.CONSUMER_LABEL] = consumer
    caller = request["caller"]
    resources = rules.resources_of(body)
    # The project's quota (Keystone's limits, Placement's usage): its
    # limits are read while the claim is taken, and the usage once the
    # claim is in it (quotas/enforce.py).
    deltas = quota_rules.deltas_of_launch(resources)
    app["placement_host"].in_flight.add(consumer)
    claimed = False
    # A drained host takes no new container, however the create came
    # (placed by a routing proxy that read the candidates just before the
    # drain, or sent to this host's proxy itself). Asked beside the quota
    # check and the claim, so that a launch does not wait for it in turn;
    # not asked again when this process placed the launch here a moment
    # ago (router/placing.py).
    drained = None if drain.asked(request) else asyncio.ensure_future(
        drain.is_drained(app, rp_uuid))
    limits = quota.limits_soon(app, caller.project_id, deltas)
    try:
        await claims.claim(app, consumer, rp_uuid, resources,
                           caller.project_id, caller.user_id,
                           app["config"].availability_zone)
        claimed = True
        if drained is not None and await drained:
            raise Refused(409, rules.drained_message(app["config"].host_name))
        await quota.check_claimed(app, caller.project_id, deltas, limits)
    except BaseException as exc:
        if drained is not None:
            drained.cancel()  # nothing when it has answered
            await asyncio.gather(drained, return_exceptions=True)
        quota.forget(limits)
        if claimed:
            await _release_quietly(app, consumer)
        app["placement_host"].in_flight.discard(consumer)
        # A silent Placement is its deadline's 504 (the app's `refusals`);
        # one that is away or confused, 503.
        if (isinstance(exc, DOWN + (PlacementError,))
                and not isinstance(exc, timeouts.DeadlinePassed)):
            raise _unavailable(exc) from exc
        raise
    return consumer


async def settle(request, consumer, created):
    """After dockerd answered the create: its allocation stays if the
    container was `created`, else it is removed."""
    if consumer is None:
        return
    app = request.app
    try:
        if not created:
            await _release_quietly(app, consumer)
    finally:
        app["placement_host"].in_flight.discard(consumer)


async def release_for(request, container):
    """After a successful delete of `container` (its inspect answer or
    list entry): its allocation goes."""
    if placement.enabled(request.app):
        await _release_quietly(request.app, rules.consumer_of(container))


async def _release_quietly(app, consumer):
    # The container is gone already (or never came): a Placement away now
    # leaves an allocation the next audit removes, not a failed request.
    try:
        await claims.release(app, consumer)
    except DOWN + (PlacementError,) as exc:
        LOG.warning("allocation %s left for the audit: %s", consumer, exc)


async def consumers_of_project(request):
    """{container id: consumer} of the caller's project's containers on
    this host, read before a prune (whose answer names only ids)."""
    project_filter = "%s=%s" % (PROJECT_LABEL, request["caller"].project_id)
    status, listed = await request.app["engine"].json(
        "GET", "/containers/json",
        params={"all": "1",
                "filters": json.dumps({"label": [project_filter]})})
    if status != 200 or not isinstance(listed, list):
        return {}
    return {c["Id"]: rules.consumer_of(c) for c in listed}


async def release_pruned(request, consumers, answer):
    """After a prune: the allocations of the containers it deleted go."""
    deleted = answer.get("ContainersDeleted") if isinstance(
        answer, dict) else None
    for container_id in deleted or []:
        if container_id in consumers:
            await _release_quietly(request.app, consumers[container_id])


async def resize_for(request, container, update):
    """Before a `docker update` of `container` (its inspect answer) with
    the checked `update` body: its allocation follows its new limits (a
    host without room refuses the update). Returns what `undo_resize`
    needs if dockerd then refuses the update (None: nothing changed)."""
    app = request.app
    if not placement.enabled(app) or app["placement_host"].provider_uuid \
            is None:
        return None
    host_config = container.get("HostConfig") or {}
    after = rules.resources_of_host_config(dict(host_config, **update))
    if after == rules.resources_of_host_config(host_config):
        return None
    consumer = rules.consumer_of(container)
    # Raising a limit is held to the quota of the container's project, as
    # a launch is (checked before and after the resize).
    project_id = rules.owner_of(container)[0] or request["caller"].project_id
    deltas = quota_rules.deltas_of_resize(
        rules.resources_of_host_config(host_config), after)
    before = None
    try:
        limits = await quota.before_claim(app, project_id, deltas)
        before = await claims.resize(
            app, consumer, app["placement_host"].provider_uuid, after,
            app["config"].availability_zone)
        if before is not None:
            await quota.after_claim(app, project_id, deltas, limits)
    except BaseException as exc:
        if before is not None:
            await undo_resize(request, (consumer, before))
        if isinstance(exc, timeouts.DeadlinePassed):
            raise
        if isinstance(exc, DOWN + (PlacementError,)):
            raise _unavailable(exc) from exc
        raise
    return None if before is None else (consumer, before)


async def undo_resize(request, resized):
    """dockerd refused the update: the allocation goes back as it was."""
    if resized is None:
        return
    consumer, before = resized
    try:
        await claims.resize(request.app, consumer,
                            request.app["placement_host"].provider_uuid,
                            before)
    except (Refused,) + DOWN + (PlacementError,) as exc:
        LOG.warning("allocation %s left at the refused update's size for "
                    "the audit: %s", consumer, exc)
