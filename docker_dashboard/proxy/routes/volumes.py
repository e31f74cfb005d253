"""Volume routes: named volumes belong to the project that made them."""
from aiohttp import web

from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.guard import scoped_filters
from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.router import prunes
from docker_dashboard.proxy.router import volumes as router_volumes
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import filters
from docker_dashboard.proxy.rules import names
from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules import volume_body


async def create_labelled(request, name, labels):
    body = {"Name": name, "Driver": "local",
            "Labels": volume_body.labels(labels, request["caller"])}
    return await request.app["engine"].json("POST", "/volumes/create",
                                            json_body=body)


@action("docker:volume:list")
async def list_volumes(request):
    params = {"filters": scoped_filters(request)}
    if find.routes(request):
        # Other hosts too: every host's volumes (router/volumes.py).
        return await router_volumes.merged(request, params)
    return await transport.forward(request, "GET", "/volumes", params=params)


@action("docker:volume:create")
async def create(request):
    if find.routes(request):
        # Several hosts: this one unless the labels ask for a zone or
        # (an admin's) host (router/volumes.py).
        return await router_volumes.create(request, create_here)
    return await create_here(request)


async def create_here(request):
    """The volume created on this host's dockerd."""
    body = volume_body.check_create(await request.read())
    name = body.get("Name") or ""
    if name:
        existing = await lookups.inspect(
            request, "volume", "/volumes/%s" % lookups.path_part(name))
        labels = None if existing is None else (existing.get("Labels") or {})
        # Docker would hand back an existing volume as if made now: the
        # caller's own is, another's name is refused (rules/ownership).
        if not ownership.volume_to_make(request["caller"], labels, name,
                                        "Name", 409):
            return docker_json(existing, status=201)
    status, answer = await create_labelled(request, name,
                                           body.get("Labels"))
    return docker_json(answer, status=status)


@action("docker:volume:inspect")
async def inspect(request):
    found = await lookups.volume(request, request.match_info["name"])
    return docker_json(found)


@action("docker:volume:delete")
async def delete(request):
    found = await lookups.volume(request, request.match_info["name"])
    params = [(k, v) for k, v in request.query.items() if k == "force"]
    status, answer = await request.app["engine"].json(
        "DELETE", "/volumes/%s" % lookups.path_part(found["Name"]),
        params=params)
    if status == 409:
        # dockerd's words list the containers using it, of any project.
        raise names.volume_in_use(found["Name"])
    if status == 204:
        return web.Response(status=204)
    return docker_json(answer, status=status)


@action("docker:volume:delete")
async def prune(request):
    # Every host's unused volumes of the project (router/prunes.py).
    return await prunes.answer(request, "VolumesDeleted",
                               lambda: _prune_here(request))


async def _prune_here(request):
    """(status, answer) of this host's prune of the caller's project."""
    scoped = filters.scope_to_project(request.query.get("filters"),
                                      request["caller"].project_id)
    return await request.app["engine"].json(
        "POST", "/volumes/prune", params={"filters": scoped})


def setup(app):
    add_route(app, "GET", "/volumes", list_volumes)
    add_route(app, "POST", "/volumes/create", create)
    add_route(app, "POST", "/volumes/prune", prune)
    add_route(app, "GET", "/volumes/{name}", inspect)
    add_route(app, "DELETE", "/volumes/{name}", delete)
