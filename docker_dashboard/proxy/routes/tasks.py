"""The project's tasks: Glance exports and loads, pulls, pushes and builds.

GET    /dd/tasks                 the project's tasks, newest first
GET    /dd/tasks/{id}            one task's progress and outcome
DELETE /dd/tasks/{id}            cancel a running export or load
POST   /dd/tasks/{id}/retry      start a failed or cancelled task's work
                                 again, as a new task (202); its row goes

A task of another project answers exactly like a missing one. A retry is
checked as the original request was (the same policy action and the same
ownership decisions, with the caller's token): it only saves typing. A
build's context is not kept, so a build is not retried.
"""
import logging

from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.routes import glance as glance_routes
from docker_dashboard.proxy.routes import images as image_routes
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy import tasks

LOG = logging.getLogger(__name__)

# Per kind: the policy action of the request that started it, and how to
# start it again from its params.
RETRY = {
    "glance-export": ("docker:image:glance_export",
                      glance_routes.start_export),
    "glance-load": ("docker:image:glance_import", glance_routes.start_load),
    "pull": ("docker:image:pull", image_routes.start_pull),
    "push": ("docker:image:push", image_routes.start_push),
}


def _task(request):
    task = request.app["tasks"].get(request.match_info["task_id"],
                                    request["caller"])
    if task is None:
        raise Refused(404, "No such task: %s" % request.match_info["task_id"])
    return task


async def _clear_leftovers(request):
    # Best effort: a Glance that does not answer leaves them for next time;
    # the list is still answered.
    try:
        await glance_routes.delete_leftovers(request, polling=True)
    except Exception:
        LOG.exception("Clearing unfinished Glance images failed")


@action("docker:task:show")
async def show(request):
    await _clear_leftovers(request)
    return docker_json(_task(request).as_json())


@action("docker:task:show")
async def list_tasks(request):
    await _clear_leftovers(request)
    return docker_json([t.as_json() for t in
                        request.app["tasks"].of_project(request["caller"])])


@action("docker:task:cancel")
async def cancel(request):
    task = _task(request)
    await request.app["tasks"].cancel(task)
    return docker_json(_task(request).as_json())


@action("docker:task:retry")
async def retry(request):
    caller = request["caller"]
    task = _task(request)
    if not ownership.own_project_id(caller, task.project_id):
        # An admin of another project would start it in its own project.
        raise Refused(404, "No such task: %s" % task.id)
    if task.kind not in RETRY:
        raise Refused(409, "A build's context is not kept: start the build "
                           "again")
    if task.status not in (tasks.FAILED, tasks.CANCELLED):
        raise Refused(409, "Only a failed or cancelled task can be retried; "
                           "this one is %s" % task.status)
    rule, start = RETRY[task.kind]
    request.app["policy"].enforce(rule, caller)
    # What the failed one left in Glance goes before the work starts again.
    await glance_routes.delete_leftovers(request)
    started = await start(request, task.params)
    request.app["tasks"].replace(task)
    return docker_json(started.as_json(), status=202)


def setup(app):
    config = app["config"]
    app["tasks"] = tasks.TaskRegistry(
        app["database"], config.proxy_name,
        keep_seconds=config.task_keep_seconds)
    app.router.add_get("/dd/tasks", list_tasks)
    app.router.add_get("/dd/tasks/{task_id}", show)
    app.router.add_delete("/dd/tasks/{task_id}", cancel)
    app.router.add_post("/dd/tasks/{task_id}/retry", retry)

    async def recover(app):
        failed = app["tasks"].recover()
        if failed:
            LOG.warning("%d task(s) of this proxy were still running when it "
                        "stopped: failed (%s)", len(failed), tasks.RESTARTED)
    app.on_startup.append(recover)

    async def close(app):
        await app["tasks"].close(tasks.STOPPED)
    app.on_shutdown.append(close)
