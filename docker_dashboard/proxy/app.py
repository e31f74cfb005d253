"""The proxy application: authentication first, then the routes.

Anything not routed is refused: the proxy exposes the Engine API subset it
has decided how to scope, and nothing else.
"""
import logging

from aiohttp import web

from docker_dashboard import tickets
from docker_dashboard.proxy import delivery
from docker_dashboard.proxy import placement
from docker_dashboard.proxy import public_images
from docker_dashboard.proxy import quotas
from docker_dashboard.proxy import router
from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy.engine import Engine
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.keystone import KeystoneUnavailable
from docker_dashboard.proxy.keystone import TokenValidator
from docker_dashboard.proxy.routes import builds
from docker_dashboard.proxy.routes import containers
from docker_dashboard.proxy.routes import execs
from docker_dashboard.proxy.routes import glance
from docker_dashboard.proxy.routes import hosts
from docker_dashboard.proxy.routes import images
from docker_dashboard.proxy.routes import layers
from docker_dashboard.proxy.routes import networks
from docker_dashboard.proxy.routes import quotas as quota_routes
from docker_dashboard.proxy.routes import system
from docker_dashboard.proxy.routes import tasks
from docker_dashboard.proxy.routes import transfers
from docker_dashboard.proxy.routes import volumes
from docker_dashboard.proxy.routes import websockets
from docker_dashboard.proxy.routing import docker_error
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.rules.policy import Policy
from docker_dashboard.proxy.state import Ownership
from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.timeouts import DeadlinePassed
from docker_dashboard.proxy.ws import events as ws_events

LOG = logging.getLogger(__name__)

# Each module registers its own routes; a new kind of object is one more
# entry here.
ROUTE_MODULES = [containers, execs, images, volumes, networks, system,
                 transfers, builds,
                 websockets, layers, glance, tasks, hosts, quota_routes,
                 ws_events]

# Paths that answer without a token: only the liveness probe.
PUBLIC_PATHS = frozenset(["/healthz"])
# The log, console and stats WebSockets: a browser cannot send X-Auth-Token on a
# WebSocket, so their own handler checks a signed ticket and the Origin
# before it accepts (routes/websockets.py). Nothing else lives under /ws/.
PUBLIC_PREFIXES = ("/ws/",)


@web.middleware
async def authenticate(request, handler):
    if (request.path in PUBLIC_PATHS
            or request.path.startswith(PUBLIC_PREFIXES)):
        return await handler(request)
    token = request.headers.get("X-Auth-Token", "")
    try:
        caller = await request.app["validator"].validate(token)
    except DeadlinePassed:
        raise  # answered 504 by `refusals`
    except KeystoneUnavailable:
        LOG.warning("Keystone unavailable: the caller cannot be identified")
        return docker_error(503, "Keystone is unavailable: the proxy cannot "
                                 "check who you are")
    if caller is None:
        return docker_error(401, "A valid project-scoped Keystone token is "
                                 "required in the X-Auth-Token header")
    request["caller"] = caller
    return await handler(request)


@web.middleware
async def refusals(request, handler):
    """Turns decisions and outages into Engine API error answers."""
    try:
        return await handler(request)
    except Refused as refusal:
        return docker_error(refusal.status, refusal.message,
                            field=refusal.field)
    except DeadlinePassed as passed:
        # A hung service: say which, and how long the proxy waited.
        LOG.warning("%s for %s %s", passed.sentence, request.method,
                    request.path)
        return docker_error(504, passed.sentence)
    except database.Unavailable as error:
        # The state database is down, full or locked for too long: without
        # the ownership record nothing can be decided, so nothing is done.
        LOG.warning("state database unavailable for %s %s: %s",
                    request.method, request.path, error.orig)
        return docker_error(503, database.unavailable_sentence(error))
    except EngineUnavailable:
        LOG.warning("dockerd unavailable for %s %s", request.method,
                    request.path)
        return docker_error(502, "The Docker daemon is not reachable")
    except web.HTTPNotFound:
        return docker_error(404, "%s %s is not offered by this proxy"
                            % (request.method, request.path))
    except web.HTTPMethodNotAllowed:
        return docker_error(405, "%s %s is not offered by this proxy"
                            % (request.method, request.path))


async def healthz(request):
    return web.json_response({"status": "ok"})


def make_app(config, validator=None, engine=None):
    # A connection that never finishes its request headers (or idles
    # between requests) is closed after header_timeout: aiohttp's keep-alive
    # timer runs from the connection's start and closes it while no whole
    # request has arrived.
    app = web.Application(middlewares=[refusals, authenticate],
                          client_max_size=1024 ** 2,
                          handler_args={
                              "keepalive_timeout": config.header_timeout})
    app["config"] = config
    app["validator"] = validator or TokenValidator(
        config.keystone_url, ttl=config.token_ttl, region=config.region,
        timeout=config.keystone_timeout)
    app["engine"] = engine or Engine(config.docker_socket,
                                     config.engine_api_version,
                                     timeout=config.docker_timeout)
    # The roles' rules (oslo.policy), and who owns which image.
    app["policy"] = (Policy(config.policy_file) if config.policy_file
                     else Policy())
    # The state database (SQLite in state_dir unless DD_DATABASE_URL), its
    # schema migrated to the newest revision before the first request.
    app["database"] = database.open_database(config.database_url,
                                             legacy_dir=config.state_dir)
    app["ownership"] = Ownership(app["database"])
    app["public_images"] = public_images.OperatorPublic(config.public_images)
    # WebSocket tickets already used: each opens one socket (ws_auth).
    app["used_tickets"] = tickets.UsedTickets()
    # Project networks known to exist: made once, on first use.
    app["known_networks"] = set()
    app["network_locks"] = {}
    # Live streams and what ends them on SIGTERM (shutdown.py).
    shutdown.setup(app)
    app.router.add_get("/healthz", healthz)
    for module in ROUTE_MODULES:
        module.setup(app)
    # This host in Placement (DD_PLACEMENT_URL; nothing when unset).
    placement.setup(app)
    # Quotas: Keystone's limits held against Placement's usage (with
    # Placement only).
    quotas.setup(app)
    # Images across hosts: the fill route, and the public images this
    # host lacks copied from its peers at start (delivery/).
    delivery.setup(app)
    # The other Docker hosts sharing the state: requests routed to them.
    router.setup(app)

    async def resolve_public(app):
        try:
            await public_images.ensure(app)
        except EngineUnavailable:
            # dockerd not up yet: the first image request resolves them.
            LOG.warning("dockerd unavailable: DD_PUBLIC_IMAGES resolved later")
    app.on_startup.append(resolve_public)

    async def close(app):
        await app["validator"].close()
        await app["engine"].close()
        app["database"].dispose()
    app.on_cleanup.append(close)
    return app
