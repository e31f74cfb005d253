"""The proxy's own endpoints for Glance transfers and their tasks.

POST /dd/images/{name}/glance-export   {glance_name?, visibility?} -> 202 task
POST /dd/glance/{glance_image_id}/load                             -> 202 task
GET  /dd/tasks, GET /dd/tasks/{id}      progress as JSON
DELETE /dd/tasks/{id}                   cancel a running transfer

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
from docker_dashboard.proxy.tasks import TaskRegistry


def _glance(request):
    url = transfer.glance_url(request.app["glance_url"], request["caller"])
    return transfer.Glance(url,
                           request.headers["X-Auth-Token"],
                           request.app["glance_session"])


def _session(app):
    if app.get("glance_session") is None or app["glance_session"].closed:
        app["glance_session"] = transfer.session()
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
        request.app["tasks"].start(task, coroutine)
    except OverflowError:
        raise Refused(503, "Too many transfers in progress: try again later")
    return docker_json(task.as_json(), status=202)


def _glance_failure(exc):
    return Refused(502, str(exc))


@action("docker:image:glance_export")
async def export(request):
    caller = request["caller"]
    body, _ = await lookups.image(request, request.match_info["name"])
    wanted = await _body(request)
    name = transfer.glance_name(body, wanted.get("glance_name"))
    spec = transfer.export_body(body, name, wanted.get("visibility", "private"),
                                caller)
    _session(request.app)
    glance = _glance(request)
    await transfer.delete_leftovers(request.app, caller, glance)
    try:
        created = await glance.create(spec)
    except transfer.GlanceError as exc:
        raise _glance_failure(exc)
    task = Task("glance-export", caller.project_id, caller.user_id,
                total_bytes=int(body.get("Size") or 0))
    task.result.update(glance_image_id=created["id"], glance_name=name,
                       image_id=body["Id"])
    return _started(request, task, transfer.export(
        request.app, task, glance, created["id"],
        transfer.save_ref(body, request.match_info["name"])))


@action("docker:image:glance_import")
async def load(request):
    caller = request["caller"]
    _session(request.app)
    glance = _glance(request)
    try:
        image = await glance.show(request.match_info["glance_id"])
    except transfer.GlanceError as exc:
        if "answered 404" in str(exc):
            raise Refused(404, "No such Glance image: %s"
                          % request.match_info["glance_id"])
        raise _glance_failure(exc)
    glance_rules.check_loadable(image, transfer.max_load_bytes())
    task = Task("glance-load", caller.project_id, caller.user_id,
                total_bytes=int(image.get("size") or 0))
    task.result.update(glance_image_id=image["id"],
                       glance_name=image.get("name"))
    return _started(request, task, transfer.load(
        request.app, task, glance, image, caller))


def _task(request):
    task = request.app["tasks"].get(request.match_info["task_id"],
                                    request["caller"])
    if task is None:
        raise Refused(404, "No such task: %s" % request.match_info["task_id"])
    return task


@action("docker:task:show")
async def show(request):
    return docker_json(_task(request).as_json())


@action("docker:task:show")
async def list_tasks(request):
    return docker_json([t.as_json() for t in
                        request.app["tasks"].of_project(request["caller"])])


@action("docker:task:cancel")
async def cancel(request):
    task = _task(request)
    await request.app["tasks"].cancel(task)
    return docker_json(task.as_json())


def setup(app):
    app["glance_url"] = transfer.configured_glance_url()
    app["glance_session"] = None
    app["glance_leftovers"] = {}
    app["tasks"] = TaskRegistry()
    app.router.add_post("/dd/images/{name:.+}/glance-export", export)
    app.router.add_post("/dd/glance/{glance_id}/load", load)
    app.router.add_get("/dd/tasks", list_tasks)
    app.router.add_get("/dd/tasks/{task_id}", show)
    app.router.add_delete("/dd/tasks/{task_id}", cancel)

    async def close(app):
        await app["tasks"].close()
        if app["glance_session"] is not None:
            await app["glance_session"].close()
    app.on_cleanup.append(close)
