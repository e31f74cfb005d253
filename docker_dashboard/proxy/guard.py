"""Per-route policy: each handler is registered with the oslo.policy action
it performs, and the caller's roles are checked before anything else."""
import functools

from docker_dashboard.proxy.rules import filters


def action(name):
    def wrap(handler):
        @functools.wraps(handler)
        async def guarded(request):
            request.app["policy"].enforce(name, request["caller"])
            return await handler(request)
        guarded.policy_action = name
        return guarded
    return wrap


def all_projects(request):
    """True when an admin asked to see every project (`?all_projects=1`);
    for anyone else the parameter is ignored, never an error."""
    wanted = request.query.get("all_projects", "") in ("1", "true", "True")
    return wanted and request.app["policy"].allowed(
        "docker:all_projects", request["caller"])


def scoped_filters(request):
    """The caller's `filters` narrowed to its project (or, for an admin who
    asked for all projects, to objects of any project): Docker applies it,
    so a list never carries another project's objects through the proxy."""
    return scope(request, request.query.get("filters"))


def scope(request, raw):
    """`raw` (a `filters` value) narrowed as scoped_filters narrows the
    caller's own."""
    if all_projects(request):
        return filters.scope_to_any_project(raw)
    return filters.scope_to_project(raw, request["caller"].project_id)

