"""Daemon-wide routes the docker CLI and docker-py call: ping, version, a
redacted info, and events narrowed to the caller's project."""
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.guard import scoped_filters
from docker_dashboard.proxy.router import events as router_events
from docker_dashboard.proxy.router import find
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_json

# What `docker info` may tell a project about the host: no counts of other
# projects' objects, no paths, no registry or swarm settings.
INFO_FIELDS = ("ID", "Name", "ServerVersion", "OperatingSystem", "OSType",
               "OSVersion", "Architecture", "KernelVersion", "NCPU",
               "MemTotal", "Driver", "CgroupDriver", "CgroupVersion",
               "DefaultRuntime", "LoggingDriver")


async def ping(request):
    return await transport.forward(request, request.method, "/_ping")


@action("docker:system:info")
async def version(request):
    return await transport.forward(request, "GET", "/version")


@action("docker:system:info")
async def info(request):
    status, body = await request.app["engine"].json("GET", "/info")
    if status != 200 or not isinstance(body, dict):
        return docker_json(body, status=status)
    return docker_json({k: body[k] for k in INFO_FIELDS if k in body})


@action("docker:events")
async def events(request):
    params = transport.query_without(request, "filters", "all_projects")
    params["filters"] = scoped_filters(request)
    if find.routes(request):
        # Other hosts too: every host's events, one stream (router/).
        return await router_events.merged(request, params)
    return await transport.forward(request, "GET", "/events", params=params,
                                   endless=True)


def setup(app):
    add_route(app, "GET", "/_ping", ping)
    add_route(app, "HEAD", "/_ping", ping)
    add_route(app, "GET", "/version", version)
    add_route(app, "GET", "/info", info)
    add_route(app, "GET", "/events", events)
