"""Exec routes: an exec is reached through its container's ownership."""
from docker_dashboard.proxy import hijack
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.rules import exec_body


@action("docker:container:exec")
async def create(request):
    found = await lookups.container(request, request.match_info["ref"])
    body = exec_body.check_create(await request.read())
    return await transport.forward(
        request, "POST", "/containers/%s/exec" % found["Id"], json_body=body)


@action("docker:container:exec")
async def start(request):
    found = await lookups.exec_instance(request, request.match_info["id"])
    body = exec_body.check_start(await request.read())
    path = "/exec/%s/start" % found["ID"]
    if hijack.wants_upgrade(request):
        config = request.app["config"]
        return await hijack.upgrade(request, config.docker_socket,
                                    config.engine_api_version, path,
                                    json_body=body)
    return await transport.forward(request, "POST", path, json_body=body)


@action("docker:container:exec")
async def resize(request):
    found = await lookups.exec_instance(request, request.match_info["id"])
    params = [(k, v) for k, v in request.query.items() if k in ("h", "w")]
    return await transport.forward(
        request, "POST", "/exec/%s/resize" % found["ID"], params=params)


@action("docker:container:exec")
async def inspect(request):
    found = await lookups.exec_instance(request, request.match_info["id"])
    return await transport.forward(request, "GET",
                                   "/exec/%s/json" % found["ID"])


def setup(app):
    add_route(app, "POST", "/containers/{ref}/exec", create)
    add_route(app, "POST", "/exec/{id}/start", start)
    add_route(app, "POST", "/exec/{id}/resize", resize)
    add_route(app, "GET", "/exec/{id}/json", inspect)
