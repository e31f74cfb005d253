"""Container routes: every answer is confined to the caller's project."""
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.rules import filters
from docker_dashboard.proxy import transport


async def list_containers(request):
    caller = request["caller"]
    params = transport.query_without(request, "filters")
    params["filters"] = filters.scope_to_project(
        request.query.get("filters"), caller.project_id)
    return await transport.forward(request, "GET", "/containers/json",
                                   params=params)


def setup(app):
    add_route(app, "GET", "/containers/json", list_containers)
