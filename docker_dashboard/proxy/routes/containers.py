"""Container routes: every answer is confined to the caller's project.

Lists are narrowed by Docker's own label filter; every per-container route
checks ownership (lookups.container) and then forwards by full id.
"""
from aiohttp import web

from docker_dashboard.proxy import hijack
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import placement
from docker_dashboard.proxy import project_network
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.guard import scoped_filters
from docker_dashboard.proxy.placement import launch as placement_launch
from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.router import lists
from docker_dashboard.proxy.router import placing
from docker_dashboard.proxy.router import prunes
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.routing import docker_json_bytes
from docker_dashboard.proxy.rules import anonymous_volumes
from docker_dashboard.proxy.rules import create_body
from docker_dashboard.proxy.rules import filters
from docker_dashboard.proxy.rules import healthcheck
from docker_dashboard.proxy.rules import hosts as host_rules
from docker_dashboard.proxy.rules import names
from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules import update_body
from docker_dashboard.proxy.rules.errors import Refused


@action("docker:container:list")
async def list_containers(request):
    params = transport.query_without(request, "filters", "all_projects")
    params["filters"] = scoped_filters(request)
    if find.routes(request):
        # Other hosts too: every host's list, merged (router/lists.py).
        return await lists.merged(request, params)
    return await transport.forward(request, "GET", "/containers/json",
                                   params=params)


def limits(config):
    return create_body.Limits(max_memory=config.max_memory,
                              max_cpus=config.max_cpus,
                              max_tmpfs=config.max_tmpfs,
                              max_pids=config.max_pids,
                              min_health_interval=config.min_health_interval)


async def _check_references(request, plan):
    """Check what the body names; return (image inspect, the paths the
    VolumesFrom containers provide)."""
    caller = request["caller"]
    shared_paths = []
    for field, ref in plan.containers:
        try:
            found = await lookups.container(request, ref)
        except Refused:
            found = None
        ownership.check_reference(
            caller, found["Config"]["Labels"] if found else None, field, ref)
        if field == "HostConfig.VolumesFrom":
            shared_paths += [m.get("Destination")
                             for m in found.get("Mounts") or []]
    for field, name in plan.volumes:
        await _own_volume(request, field, name)
    image, _ = await lookups.image(request, plan.image)
    return image, shared_paths


async def _own_volume(request, field, name):
    """A named volume of the caller's project, made now (labelled) if it
    does not exist yet, so dockerd never makes an unlabelled one."""
    from docker_dashboard.proxy.routes import volumes
    body = await lookups.inspect(request, "volume",
                                 "/volumes/%s" % lookups.path_part(name))
    labels = None if body is None else (body.get("Labels") or {})
    if ownership.volume_to_make(request["caller"], labels, name, field, 403):
        await volumes.create_labelled(request, name, {})


async def _make_anonymous(request, paths):
    """One labelled volume per path; {path: name}."""
    made = {}
    labels = anonymous_volumes.labels(request["caller"])
    for path in paths:
        name = anonymous_volumes.new_name()
        status, answer = await request.app["engine"].json(
            "POST", "/volumes/create",
            json_body={"Name": name, "Driver": "local", "Labels": labels})
        if status != 201:
            await _remove_volumes(request, made.values())
            message = (answer.get("message") if isinstance(answer, dict)
                       else answer)
            raise Refused(status, "The volume for %s could not be made: %s"
                          % (path, message or status))
        made[path] = name
    return made


async def _remove_volumes(request, volume_names):
    for name in volume_names:
        await request.app["engine"].json(
            "DELETE", "/volumes/%s" % lookups.path_part(name))


@action("docker:container:create")
async def create(request):
    if placing.places(request):
        # Several hosts: Placement chooses; this host's own create path
        # below is one of the candidates (router/placing.py).
        return await placing.create(request, limits(request.app["config"]),
                                    create_here)
    return await create_here(request)


async def create_here(request):
    """The container created on this host's dockerd."""
    caller = request["caller"]
    name = request.query.get("name", "")
    names.check_container_name(name)
    network = await project_network.ensure(request, caller.project_id)
    config = request.app["config"]
    plan = create_body.check_create(await request.read(), caller,
                                    limits(config), network)
    # Which host and zone it is on, over any caller value (like the
    # project label): lists and inspects show it with no other call.
    plan.body["Labels"].update(host_rules.labels_of(config))
    image, shared_paths = await _check_references(request, plan)
    image_config = image.get("Config") or {}
    healthcheck.check_intervals(plan.body.get("Healthcheck"),
                                image_config.get("Healthcheck"),
                                config.min_health_interval)
    # Placement (when configured): the vCPUs and memory claimed on this
    # host first, removed again if the container is not created.
    consumer = await placement_launch.claim_for(request, plan.body)
    try:
        made = await _make_anonymous(request, anonymous_volumes.targets(
            plan.body, image_config.get("Volumes"), shared_paths))
        anonymous_volumes.bind(plan.body, made)
        params = {k: v for k, v in request.query.items()
                  if k in ("name", "platform")}
        status, answer = await request.app["engine"].json(
            "POST", "/containers/create", params=params,
            json_body=plan.body)
    except BaseException:
        await placement_launch.settle(request, consumer, created=False)
        raise
    await placement_launch.settle(request, consumer, created=status == 201)
    if status != 201:
        await _remove_volumes(request, made.values())
    if status == 409:
        raise names.container_name_taken(name)
    return docker_json(answer, status=status)


@action("docker:container:rename")
async def rename(request):
    found = await lookups.container(request, request.match_info["ref"])
    name = request.query.get("name", "")
    names.check_container_name(name)
    status, answer = await request.app["engine"].json(
        "POST", "/containers/%s/rename" % found["Id"],
        params={"name": name})
    if status == 409:
        raise names.container_name_taken(name)
    if status == 204:
        return web.Response(status=204)
    return docker_json(answer, status=status)


@action("docker:container:delete")
async def delete(request):
    """Remove the container; with `v`, the anonymous volumes the proxy made
    for it go too, as dockerd's own would."""
    found = await lookups.container(request, request.match_info["ref"])
    params = [(k, v) for k, v in request.query.items()
              if k in ("v", "force")]
    status, answer = await request.app["engine"].json(
        "DELETE", "/containers/%s" % found["Id"], params=params)
    if status != 204:
        return docker_json(answer, status=status)
    await placement_launch.release_for(request, found)
    # Go's strconv.ParseBool, which dockerd reads `v` with.
    if request.query.get("v", "") in ("1", "t", "T", "true", "TRUE", "True"):
        for mount in found.get("Mounts") or []:
            if mount.get("Type") != "volume" or not mount.get("Name"):
                continue
            volume = await lookups.inspect(
                request, "volume",
                "/volumes/%s" % lookups.path_part(mount["Name"]))
            if volume and anonymous_volumes.removable(
                    found["Config"].get("Labels"), volume.get("Labels")):
                # Still used by another container (VolumesFrom): dockerd
                # answers 409 and the volume stays, as with its own.
                await _remove_volumes(request, [mount["Name"]])
    return web.Response(status=204)


def _dockerd_bool(query, name, default=False):
    # dockerd's httputils.BoolValue(OrDefault), which it reads `follow`
    # and `stream` with (not Go's ParseBool).
    if name not in query:
        return default
    return query[name].strip().lower() not in ("", "0", "no", "false",
                                                "none")


def _endless(verb, query):
    """A stream dockerd ends only when its client leaves (or the container
    stops): the proxy ends it itself when it stops (transport.forward)."""
    if verb == "/logs":
        return _dockerd_bool(query, "follow")
    if verb == "/stats":
        return _dockerd_bool(query, "stream", default=True)
    return False


def _simple(method, verb, policy, keep=()):
    """A per-container route that forwards as is after the ownership check,
    keeping only the query parameters named in `keep`."""
    @action(policy)
    async def handler(request):
        found = await lookups.container(request, request.match_info["ref"])
        params = [(k, v) for k, v in request.query.items() if k in keep]
        path = "/containers/%s%s" % (found["Id"], verb)
        return await transport.forward(request, method, path, params=params,
                                       endless=_endless(verb, request.query))
    handler.__name__ = "container_" + (verb.strip("/") or "inspect")
    return handler


@action("docker:container:inspect")
async def inspect(request):
    """The ownership check already read dockerd's inspect answer: it is the
    answer, unless the caller asked for sizes (`size=1`, a costlier inspect
    dockerd makes only when asked). One round trip to dockerd, not two,
    and dockerd's bytes sent on as they came, not decoded and encoded
    again."""
    found, raw = await lookups.container_and_bytes(
        request, request.match_info["ref"])
    if "size" in request.query:
        params = [("size", request.query["size"])]
        return await transport.forward(
            request, "GET", "/containers/%s/json" % found["Id"],
            params=params)
    return docker_json_bytes(raw)


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
                                    limits(request.app["config"]),
                                    found.get("HostConfig") or {})
    # Placement (when configured): the allocation follows the new limits.
    resized = await placement_launch.resize_for(request, found, body)
    try:
        answer = await transport.forward(
            request, "POST", "/containers/%s/update" % found["Id"],
            json_body=body)
    except BaseException:
        await placement_launch.undo_resize(request, resized)
        raise
    if answer.status != 200:
        await placement_launch.undo_resize(request, resized)
    return answer


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
    return await transport.forward(
        request, "POST", path + "?" + query,
        endless=_dockerd_bool(request.query, "stream"))


@action("docker:container:prune")
async def prune(request):
    # Every host's stopped containers of the project (router/prunes.py).
    return await prunes.answer(request, "ContainersDeleted",
                               lambda: _prune_here(request))


async def _prune_here(request):
    """(status, answer) of this host's prune of the caller's project."""
    params = {"filters": filters.scope_to_project(
        request.query.get("filters"), request["caller"].project_id)}
    if not placement.enabled(request.app):
        return await request.app["engine"].json(
            "POST", "/containers/prune", params=params)
    # The answer names the deleted containers by id only: their consumers
    # are read first, so that their allocations go with them.
    consumers = await placement_launch.consumers_of_project(request)
    status, answer = await request.app["engine"].json(
        "POST", "/containers/prune", params=params)
    if status == 200:
        await placement_launch.release_pruned(request, consumers, answer)
    return status, answer


ROUTES = [
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
]


def setup(app):
    # The most frequent calls first: aiohttp tries a path's candidate
    # routes in the order they were added (the row updates' inspect would
    # otherwise be tried after fifteen others on every call).
    add_route(app, "GET", "/containers/json", list_containers)
    add_route(app, "GET", "/containers/{ref}/json", inspect)
    add_route(app, "POST", "/containers/create", create)
    add_route(app, "POST", "/containers/prune", prune)
    for method, verb, policy, keep in ROUTES:
        add_route(app, method, "/containers/{ref}" + verb,
                  _simple(method, verb, policy, keep))
    add_route(app, "PUT", "/containers/{ref}/archive", put_archive)
    add_route(app, "POST", "/containers/{ref}/update", update)
    add_route(app, "POST", "/containers/{ref}/attach", attach)
    add_route(app, "POST", "/containers/{ref}/rename", rename)
    add_route(app, "DELETE", "/containers/{ref}", delete)
