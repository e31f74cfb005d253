"""The proxy's own endpoints for Glance transfers and their tasks.

POST /dd/images/{name}/glance-export   {glance_name?, visibility?} -> 202 task
POST /dd/glance/{glance_image_id}/load                             -> 202 task

Their tasks are read, cancelled and retried through routes/tasks.py.

The image to export is checked like `docker save` (the caller must be able
to reach it); the Glance calls carry the caller's own token, to the Glance
of the token's catalog unless DD_GLANCE_URL names one.
"""

from docker_dashboard.proxy import glance_transfer as transfer
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import glance as glance_rules
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.tasks import Task


def _glance(request):
    url = transfer.glance_url(request.app["glance_url"], request["caller"])
    return transfer.Glance(url,
                           request.headers["X-Auth-Token"],
                           request.app["glance_session"],
                           timeout=request.app["config"].glance_timeout)


def _session(app):
    if app.get("glance_session") is None or app["glance_session"].closed:
        app["glance_session"] = transfer.session(
            app["config"].glance_timeout)
    return app["glance_session"]


async def _body(request):
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise Refused(400, "The body is not JSON") from None
    if not isinstance(body, dict):
        raise Refused(400, "The body must be a JSON object")
    return body


def _started(request, task, coroutine):
    try:
        return request.app["tasks"].start(task, coroutine)
    except OverflowError:
        raise Refused(503, "Too many transfers in progress: try again later")


def _glance_failure(exc):
    if isinstance(exc, transfer.GlanceDeadline):
        return exc  # answered 504, naming Glance, by app.py's `refusals`
    return Refused(502, str(exc))


@action("docker:image:glance_export")
async def export(request):
    wanted = await _body(request)
    task = await start_export(request, {
        "image": request.match_info["name"],
        "glance_name": wanted.get("glance_name") or "",
        "visibility": wanted.get("visibility", "private")})
    return docker_json(task.as_json(), status=202)


async def start_export(request, params):
    """An export, from the route or from a task's params (Retry)."""
    caller = request["caller"]
    name = params.get("image", "")
    body, _ = await lookups.image(request, name)
    glance_name = transfer.glance_name(body, params.get("glance_name"))
    spec = transfer.export_body(body, glance_name,
                                params.get("visibility", "private"), caller)
    _session(request.app)
    glance = _glance(request)
    await transfer.delete_leftovers(request.app, caller, glance)
    try:
        created = await glance.create(spec)
    except transfer.GlanceError as exc:
        raise _glance_failure(exc)
    # Recorded with the row, before any byte moves: a proxy killed from
    # here on finds the image to delete in the task (UNFINISHED).
    task = Task("glance-export", caller.project_id, caller.user_id,
                total_bytes=int(body.get("Size") or 0), params=params)
    task.result.update({"glance_image_id": created["id"],
                        "glance_name": glance_name, "image_id": body["Id"],
                        transfer.UNFINISHED: created["id"]})
    return _started(request, task, transfer.export(
        request.app, task, glance, created["id"],
        transfer.save_ref(body, name)))


@action("docker:image:glance_import")
async def load(request):
    task = await start_load(request, {
        "glance_image_id": request.match_info["glance_id"]})
    return docker_json(task.as_json(), status=202)


async def start_load(request, params):
    """A load, from the route or from a task's params (Retry)."""
    caller = request["caller"]
    glance_id = params.get("glance_image_id", "")
    _session(request.app)
    glance = _glance(request)
    try:
        image = await glance.show(glance_id)
    except transfer.GlanceError as exc:
        if "answered 404" in str(exc):
            raise Refused(404, "No such Glance image: %s" % glance_id)
        raise _glance_failure(exc)
    glance_rules.check_loadable(image, transfer.max_load_bytes())
    task = Task("glance-load", caller.project_id, caller.user_id,
                total_bytes=int(image.get("size") or 0),
                params={"glance_image_id": image["id"]})
    task.result.update(glance_image_id=image["id"],
                       glance_name=image.get("name"))
    return _started(request, task, transfer.load(
        request.app, task, glance, image, caller))


async def delete_leftovers(request, polling=False):
    """What ended exports of the caller's project left in Glance, deleted
    with the caller's token (glance_transfer.delete_leftovers says why)."""
    _session(request.app)
    await transfer.delete_leftovers(request.app, request["caller"],
                                    _glance(request), polling=polling)


def setup(app):
    app["glance_url"] = transfer.configured_glance_url()
    app["glance_session"] = None
    # Per project: when to try its unfinished Glance images again.
    app["glance_leftover_waits"] = {}
    # Background deletes of failed exports' Glance images (glance_transfer).
    app["glance_discards"] = set()
    app.router.add_post("/dd/images/{name:.+}/glance-export", export)
    app.router.add_post("/dd/glance/{glance_id}/load", load)

    async def close(app):
        # A delete still waiting on Glance is left to the next start: the
        # task's row keeps the image's id.
        for job in list(app["glance_discards"]):
            job.cancel()
        if app["glance_session"] is not None:
            await app["glance_session"].close()
    app.on_cleanup.append(close)
