"""Registering routes under both the versioned and unversioned Engine API
paths, as the docker CLI and docker-py use either."""
import json

from aiohttp import web

VERSION_PREFIX = r"/{api_version:v[0-9]+\.[0-9]+}"


def add_route(app, method, path, handler):
    app.router.add_route(method, path, handler)
    app.router.add_route(method, VERSION_PREFIX + path, handler)


def docker_error(status, message, field=None):
    """An answer in the Engine API's error shape, which docker-py and the
    docker CLI show to their user; `field` names the refused part of the
    request so the dashboard can show the message beside it."""
    body = {"message": message}
    if field:
        body["field"] = field
    # Exactly "application/json": the docker CLI shows the message only then
    # (with aiohttp's "; charset=utf-8" it prints the raw JSON).
    return web.Response(body=json.dumps(body).encode(), status=status,
                        headers={"Content-Type": "application/json"})


def docker_json(body, status=200):
    """A JSON answer typed exactly as dockerd types it."""
    return docker_json_bytes(json.dumps(body).encode(), status)


def docker_json_bytes(body, status=200):
    """docker_json() for a body already encoded (dockerd's own bytes)."""
    return web.Response(body=body, status=status,
                        headers={"Content-Type": "application/json"})
