"""Registering routes under both the versioned and unversioned Engine API
paths, as the docker CLI and docker-py use either."""
from aiohttp import web

VERSION_PREFIX = r"/{api_version:v[0-9]+\.[0-9]+}"


def add_route(app, method, path, handler):
    app.router.add_route(method, path, handler)
    app.router.add_route(method, VERSION_PREFIX + path, handler)


def docker_error(status, message):
    """An answer in the Engine API's error shape, which docker-py and the
    docker CLI show to their user."""
    return web.json_response({"message": message}, status=status)
