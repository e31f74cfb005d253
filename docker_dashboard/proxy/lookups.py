"""Finding an object on dockerd and checking that the caller may reach it.

Docker resolves an id, an id prefix or a name the same way on inspect, so
every per-object route inspects first, compares labels, then forwards using
the full id dockerd answered with (never the caller's reference again).
"""
import logging
from urllib.parse import quote

from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.rules import audit
from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules.errors import Refused

AUDIT_LOG = logging.getLogger(audit.LOGGER_NAME)


def path_part(ref):
    # The reference becomes one path segment, never `..` or a query.
    return quote(ref, safe="")


async def inspect(request, kind, path):
    body, _ = await inspect_and_bytes(request, path)
    return body


async def inspect_and_bytes(request, path):
    """(decoded inspect answer, its bytes as dockerd sent them), or
    (None, None) when dockerd has no such object."""
    status, body, raw = await request.app["engine"].json_and_bytes(
        "GET", path)
    if status == 404:
        return None, None
    if status != 200:
        message = body.get("message") if isinstance(body, dict) else body
        raise Refused(status, message or "dockerd answered %s" % status)
    return body, raw


async def container(request, ref):
    """dockerd's inspect answer for a container the caller may reach."""
    body, _ = await container_and_bytes(request, ref)
    return body


async def container_and_bytes(request, ref):
    """container(), with the answer's bytes as dockerd sent them (the
    inspect route sends them on as they came)."""
    body, raw = await inspect_and_bytes(
        request, "/containers/%s/json" % path_part(ref))
    if body is None:
        # Another host may hold it: the request goes there (router/).
        await find.look_elsewhere(request, find.CONTAINER, ref)
    labels = (body or {}).get("Config", {}).get("Labels") if body else None
    ownership.check(request["caller"], labels if body else None,
                    "container", ref)
    if find.is_target(request, find.CONTAINER, ref):
        # The request's own container (not one a create body names).
        record_admin_action(request, body["Id"], labels)
    return body, raw


def record_admin_action(request, container_id, labels):
    """One audit line when an admin acts on another project's container
    (rules/audit decides; this host's proxy, the one next to the
    container, writes it)."""
    caller = request["caller"]
    # The route's handler carries its policy action (guard.action).
    handler = getattr(request.match_info, "handler", None)
    text = audit.line(caller.user_id, caller.project_id, caller.is_admin,
                      getattr(handler, "policy_action", None),
                      container_id, ownership.project_of(labels))
    if text:
        AUDIT_LOG.info(text)


async def exec_instance(request, exec_id):
    """dockerd's inspect answer for an exec whose container the caller may
    reach; a foreign exec answers like a missing one."""
    body = await inspect(request, "exec", "/exec/%s/json" % path_part(exec_id))
    if body is None:
        await find.look_elsewhere(request, find.EXEC, exec_id)
        raise ownership.missing("exec instance", exec_id)
    try:
        await container(request, body.get("ContainerID", ""))
    except Refused:
        raise ownership.missing("exec instance", exec_id)
    return body


async def volume(request, name):
    body = await inspect(request, "volume", "/volumes/%s" % path_part(name))
    labels = (body.get("Labels") or {}) if body else None
    if labels is None or not ownership.reachable(request["caller"], labels):
        # Another host may hold it, the caller's (a name is unique on one
        # host only): the request goes there (router/).
        await find.look_elsewhere(request, find.VOLUME, name)
    ownership.check(request["caller"], labels, "volume", name)
    return body


async def image(request, ref):
    """(inspect answer, owner) for an image the caller may see."""
    from docker_dashboard.proxy import public_images
    from docker_dashboard.proxy.rules import images
    await public_images.ensure(request.app)
    body = await inspect(request, "image", "/images/%s/json" % path_part(ref))
    if body is None:
        raise missing_image(ref)
    owner = request.app["ownership"].image_owner(body["Id"])
    images.check_visible(request["caller"], owner, ref)
    return body, owner


def missing_image(ref):
    return Refused(404, "No such image: %s" % ref)
