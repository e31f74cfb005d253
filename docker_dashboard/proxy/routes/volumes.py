"""Volume routes: named volumes belong to the project that made them."""
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.guard import scoped_filters
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import filters
from docker_dashboard.proxy.rules import volume_body
from docker_dashboard.proxy.rules.errors import Refused


async def create_labelled(request, name, labels):
    body = {"Name": name, "Driver": "local",
            "Labels": volume_body.labels(labels, request["caller"])}
    return await request.app["engine"].json("POST", "/volumes/create",
                                            json_body=body)


@action("docker:volume:list")
async def list_volumes(request):
    return await transport.forward(request, "GET", "/volumes",
                                   params={"filters": scoped_filters(request)})


@action("docker:volume:create")
async def create(request):
    body = volume_body.check_create(await request.read())
    name = body.get("Name") or ""
    if name:
        existing = await lookups.inspect(
            request, "volume", "/volumes/%s" % lookups.path_part(name))
        if existing is not None:
            owner = (existing.get("Labels") or {}).get(
                "org.openstack.project-id")
            if owner != request["caller"].project_id:
                # Docker would hand back the existing volume as if made now.
                # The same words for another project's volume and the
                # host's own: the answer must not say whose the name is.
                raise Refused(409, "Volume name %s is not available to this "
                                   "project" % name, field="Name")
            return docker_json(existing, status=201)
    status, answer = await create_labelled(request, name,
                                           body.get("Labels"))
    return docker_json(answer, status=status)


def _per_volume(method, policy):
    @action(policy)
    async def handler(request):
        found = await lookups.volume(request, request.match_info["name"])
        params = [(k, v) for k, v in request.query.items() if k == "force"]
        return await transport.forward(
            request, method, "/volumes/%s" % lookups.path_part(found["Name"]),
            params=params)
    return handler


@action("docker:volume:delete")
async def prune(request):
    scoped = filters.scope_to_project(request.query.get("filters"),
                                      request["caller"].project_id)
    return await transport.forward(request, "POST", "/volumes/prune",
                                   params={"filters": scoped})


def setup(app):
    add_route(app, "GET", "/volumes", list_volumes)
    add_route(app, "POST", "/volumes/create", create)
    add_route(app, "POST", "/volumes/prune", prune)
    add_route(app, "GET", "/volumes/{name}",
              _per_volume("GET", "docker:volume:inspect"))
    add_route(app, "DELETE", "/volumes/{name}",
              _per_volume("DELETE", "docker:volume:delete"))
