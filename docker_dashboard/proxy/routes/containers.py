"""Container routes: every answer is confined to the caller's project.

Lists are narrowed by Docker's own label filter; every per-container route
checks ownership (lookups.container) and then forwards by full id.
"""
from docker_dashboard.proxy import hijack
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import project_network
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.guard import scoped_filters
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.rules import create_body
from docker_dashboard.proxy.rules import filters
from docker_dashboard.proxy.rules import update_body
from docker_dashboard.proxy.rules.errors import Refused


@action("docker:container:list")
async def list_containers(request):
    params = transport.query_without(request, "filters", "all_projects")
    params["filters"] = scoped_filters(request)
    return await transport.forward(request, "GET", "/containers/json",
                                   params=params)


def limits(config):
    return create_body.Limits(max_memory=config.max_memory,
                              max_cpus=config.max_cpus,
                              max_tmpfs=config.max_tmpfs,
                              max_pids=config.max_pids)


async def _check_references(request, plan):
    caller = request["caller"]
    for field, ref in plan.containers:
        try:
            found = await lookups.container(request, ref)
        except Refused:
            found = None
        if not found or found["Config"]["Labels"].get(
                "org.openstack.project-id") != caller.project_id:
            raise Refused(403, "%s: %s is not a container of your project"
                          % (field, ref), field=field)
    for field, name in plan.volumes:
        await _own_volume(request, field, name)
    await lookups.image(request, plan.image)


async def _own_volume(request, field, name):
    """A named volume of the caller's project, made now (labelled) if it
    does not exist yet, so dockerd never makes an unlabelled one."""
    from docker_dashboard.proxy.routes import volumes
    body = await lookups.inspect(request, "volume",
                                 "/volumes/%s" % lookups.path_part(name))
    if body is None:
        await volumes.create_labelled(request, name, {})
        return
    labels = body.get("Labels") or {}
    if labels.get("org.openstack.project-id") != request["caller"].project_id:
        raise Refused(403, "%s: volume %s is not one of your project's"
                      % (field, name), field=field)


@action("docker:container:create")
async def create(request):
    caller = request["caller"]
    network = await project_network.ensure(request, caller.project_id)
    plan = create_body.check_create(await request.read(), caller,
                                    limits(request.app["config"]), network)
    await _check_references(request, plan)
    params = {k: v for k, v in request.query.items()
              if k in ("name", "platform")}
    return await transport.forward(request, "POST", "/containers/create",
                                   params=params, json_body=plan.body)


def _simple(method, verb, policy, keep=()):
    """A per-container route that forwards as is after the ownership check,
    keeping only the query parameters named in `keep`."""
    @action(policy)
    async def handler(request):
        found = await lookups.container(request, request.match_info["ref"])
        params = [(k, v) for k, v in request.query.items() if k in keep]
        path = "/containers/%s%s" % (found["Id"], verb)
        return await transport.forward(request, method, path, params=params)
    handler.__name__ = "container_" + (verb.strip("/") or "inspect")
    return handler


@action("docker:container:archive")
async def put_archive(request):
    found = await lookups.container(request, request.match_info["ref"])
    params = [(k, v) for k, v in request.query.items()
              if k in ("path", "noOverwriteDirNonDir", "copyUIDGID")]
    return await transport.forward(
        request, "PUT", "/containers/%s/archive" % found["Id"], params=params,
        data=request.content.iter_chunked(transport.CHUNK),
        headers={"Content-Type": request.content_type or "application/x-tar"})


@action("docker:container:update")
async def update(request):
    found = await lookups.container(request, request.match_info["ref"])
    body = update_body.check_update(await request.read(),
                                    limits(request.app["config"]))
    return await transport.forward(
        request, "POST", "/containers/%s/update" % found["Id"],
        json_body=body)


@action("docker:container:attach")
async def attach(request):
    found = await lookups.container(request, request.match_info["ref"])
    keep = ("detachKeys", "logs", "stream", "stdin", "stdout", "stderr")
    query = "&".join("%s=%s" % (k, lookups.path_part(v))
                     for k, v in request.query.items() if k in keep)
    path = "/containers/%s/attach" % found["Id"]
    if hijack.wants_upgrade(request):
        config = request.app["config"]
        return await hijack.upgrade(request, config.docker_socket,
                                    config.engine_api_version, path, query)
    return await transport.forward(request, "POST", path + "?" + query)


@action("docker:container:prune")
async def prune(request):
    params = {"filters": filters.scope_to_project(
        request.query.get("filters"), request["caller"].project_id)}
    return await transport.forward(request, "POST", "/containers/prune",
                                   params=params)


ROUTES = [
    ("GET", "/json", "docker:container:inspect", ("size",)),
    ("POST", "/start", "docker:container:start", ("detachKeys",)),
    ("POST", "/stop", "docker:container:stop", ("t", "signal")),
    ("POST", "/restart", "docker:container:restart", ("t", "signal")),
    ("POST", "/kill", "docker:container:kill", ("signal",)),
    ("POST", "/pause", "docker:container:pause", ()),
    ("POST", "/unpause", "docker:container:unpause", ()),
    ("POST", "/wait", "docker:container:wait", ("condition",)),
    ("GET", "/logs", "docker:container:logs",
     ("follow", "stdout", "stderr", "since", "until", "timestamps", "tail")),
    ("GET", "/stats", "docker:container:stats", ("stream", "one-shot")),
    ("GET", "/top", "docker:container:top", ("ps_args",)),
    ("GET", "/changes", "docker:container:changes", ()),
    ("GET", "/export", "docker:container:export", ()),
    ("GET", "/archive", "docker:container:archive", ("path",)),
    ("HEAD", "/archive", "docker:container:archive", ("path",)),
    ("POST", "/resize", "docker:container:resize", ("h", "w")),
    ("POST", "/rename", "docker:container:rename", ("name",)),
    ("DELETE", "", "docker:container:delete", ("v", "force")),
]


def setup(app):
    add_route(app, "GET", "/containers/json", list_containers)
    add_route(app, "POST", "/containers/create", create)
    add_route(app, "POST", "/containers/prune", prune)
    for method, verb, policy, keep in ROUTES:
        add_route(app, method, "/containers/{ref}" + verb,
                  _simple(method, verb, policy, keep))
    add_route(app, "PUT", "/containers/{ref}/archive", put_archive)
    add_route(app, "POST", "/containers/{ref}/update", update)
    add_route(app, "POST", "/containers/{ref}/attach", attach)
