"""Which host holds a container, an exec (or a volume a create names) that
this host's dockerd does not know.

proxy/lookups.py asks here when its own dockerd answered "no such
object": if another host holds it, `Elsewhere` is raised, and the router's
middleware forwards the whole request there. The host is the one recorded
(object_hosts, from creates and lists), else the first that knows the
object when every peer is asked at once with the caller's own token, so a
host answers only for what the caller may reach: another project's
container is "missing" everywhere, and the caller gets the same 404 as
today.

Only the object a request is about moves it (the container of a
per-container route, the exec of an exec route, the container a commit
names): a container that a create body references places the create
instead (placing.py).
"""
import asyncio
import json
from urllib.parse import quote

from docker_dashboard.proxy.router import forward
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.rules import hosts as rules

CONTAINER = "container"
EXEC = "exec"
VOLUME = "volume"
_INSPECT = {CONTAINER: "/containers/%s/json", EXEC: "/exec/%s/json",
            VOLUME: "/volumes/%s"}


class Elsewhere(Exception):
    """The request's object is on other hosts (`hosts`, the most likely
    first; one for HTTP, candidates for a ticketed WebSocket). Caught by
    the router's middleware, which forwards the request."""

    def __init__(self, hosts, object_id=None):
        super().__init__(", ".join(host.name for host in hosts))
        self.hosts = hosts
        self.object_id = object_id


def routes(request):
    """True when this request may be sent to another host: the proxy has
    peers and the caller did not ask for this host's answer only."""
    known = request.app.get("peers")
    return (known is not None and known.any
            and not rules.is_local(request.headers))


def _is_target(request, kind, ref):
    if kind == EXEC:
        return ref == request.match_info.get("id")
    if kind == VOLUME:
        # A volume route's own (inspect, remove); a volume a container
        # create mounts places the create instead.
        return (ref == request.match_info.get("name")
                and "/volumes/" in request.path)
    if ref == request.match_info.get("ref"):
        return True
    return (request.path.endswith("/commit")
            and ref == request.query.get("container"))


# Also asked by lookups.py: is `ref` the object the request acts on?
is_target = _is_target


async def look_elsewhere(request, kind, ref):
    """Raise Elsewhere when another host holds the request's own object
    `ref`, which this host's dockerd does not know; return otherwise."""
    if not routes(request) or not _is_target(request, kind, ref):
        return
    found = await on_peers(request, kind, ref)
    if found is not None:
        raise Elsewhere([found[0]], found[1])


async def on_peers(request, kind, ref):
    """(host, full id) of the peer that holds `ref` for the caller: the
    recorded one, else the first to know it when all are asked; or None."""
    app = request.app
    recorded = app["peers"].named(app["hosts"].where(kind, ref) or "")
    if recorded is not None:
        return recorded, ref
    found = await ask_every_peer(request, kind, ref)
    if found is not None:
        host, object_id = found
        app["hosts"].remember(kind, object_id, host.name)
    return found


async def ask_every_peer(request, kind, ref):
    """(host, full id) of the first peer whose dockerd knows `ref` for the
    caller, or None."""
    up, _ = request.app["peers"].up()
    asked = [asyncio.ensure_future(_inspect(request, host, kind, ref))
             for host in up]
    try:
        for done in asyncio.as_completed(asked):
            found = await done
            if found is not None:
                return found
        return None
    finally:
        for task in asked:
            task.cancel()
        await asyncio.gather(*asked, return_exceptions=True)


async def _inspect(request, host, kind, ref):
    app = request.app
    config = app["config"]
    path = "/v%s%s" % (config.engine_api_version,
                       _INSPECT[kind] % quote(ref, safe=""))
    headers = {"X-Auth-Token": request.headers.get("X-Auth-Token", ""),
               rules.LOCAL_HEADER: "1"}
    try:
        async with asyncio.timeout(config.docker_timeout):
            async with app["peers"].session.get(host.url + path,
                                               headers=headers) as resp:
                if resp.status != 200:
                    return None
                body = json.loads(await resp.read())
    except forward.UNREACHABLE as exc:
        # A host that does not answer holds nothing we can reach now.
        app["peers"].failed(host, peers.describe(exc))
        return None
    except ValueError:
        return None
    app["peers"].answered(host)
    if not isinstance(body, dict):
        return None
    # A container's inspect says "Id", an exec's "ID", a volume "Name".
    return host, body.get("Id") or body.get("ID") or body.get("Name") or ref


async def socket_elsewhere(request, container_ref):
    """For a ticketed WebSocket whose container this host's dockerd does
    not know: raise Elsewhere with the recorded host, or every peer (a
    WebSocket carries no token to ask them with: the router opens it on
    each, and only the host holding the container accepts the ticket)."""
    if not routes(request):
        return
    app = request.app
    recorded = app["peers"].named(
        app["hosts"].where(CONTAINER, container_ref) or "")
    candidates = ([recorded] if recorded is not None
                  else app["peers"].up()[0])
    if candidates:
        raise Elsewhere(candidates, container_ref)
