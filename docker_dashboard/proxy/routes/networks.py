"""Network routes: a project sees its own network only. Networks are made
by the proxy (project_network.py), never by callers."""
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.guard import scoped_filters
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.rules import ownership


@action("docker:network:list")
async def list_networks(request):
    return await transport.forward(request, "GET", "/networks",
                                   params={"filters": scoped_filters(request)})


@action("docker:network:inspect")
async def inspect(request):
    ref = request.match_info["ref"]
    body = await lookups.inspect(request, "network",
                                 "/networks/%s" % lookups.path_part(ref))
    ownership.check(request["caller"], (body or {}).get("Labels")
                    if body else None, "network", ref)
    return await transport.forward(request, "GET", "/networks/%s" % body["Id"])


def setup(app):
    add_route(app, "GET", "/networks", list_networks)
    add_route(app, "GET", "/networks/{ref}", inspect)
