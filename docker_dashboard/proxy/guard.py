"""Per-route policy: each handler is registered with the oslo.policy action
it performs, and the caller's roles are checked before anything else."""
import functools


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
