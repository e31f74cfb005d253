"""The docker proxy, reached with docker-py's low-level client.

The proxy speaks the Docker Engine API, so docker-py works against it
unchanged; the user's Keystone token rides in the X-Auth-Token header and the
proxy scopes every answer to the token's project. Views never build Engine
API URLs: they call the functions here.
"""
import functools
import hashlib

import docker
from docker import errors as docker_errors
import requests
from openstack_dashboard.api import base

from docker_dashboard import settings as dd_settings
from docker_dashboard.api import exceptions
from docker_dashboard.api.wrappers import Container

ENGINE_API_VERSION = "1.41"
SERVICE_TYPE = "docker"


def proxy_url(request):
    configured = dd_settings.get('proxy_url')
    if configured:
        return configured
    return base.url_for(request, SERVICE_TYPE,
                        endpoint_type=dd_settings.get('endpoint_type'))


@functools.lru_cache(maxsize=64)
def _cached_client(url, token_digest, token):
    # Keyed by the token's digest and endpoint like Horizon's own client
    # factories, so one user's client is reused across requests and never
    # shared with another token.
    client = docker.APIClient(base_url=url, version=ENGINE_API_VERSION,
                              timeout=dd_settings.get('timeout'))
    client.headers['X-Auth-Token'] = token
    return client


def client(request):
    token = request.user.token.id
    digest = hashlib.sha256(token.encode()).hexdigest()
    return _cached_client(proxy_url(request), digest, token)


def _translate(exc):
    """A docker-py or transport error as one of the plugin's own errors."""
    if isinstance(exc, docker_errors.APIError):
        status = exc.status_code
        message = exc.explanation or str(exc)
        if isinstance(message, bytes):
            message = message.decode('utf-8', 'replace')
        if status == 404:
            return exceptions.NotFound(message, status=status)
        if status == 401:
            return exceptions.Unauthorized(message, status=status)
        if status in (502, 503, 504):
            return exceptions.ProxyUnavailable(message, status=status)
        return exceptions.ProxyRefused(message, status=status)
    return exceptions.ProxyUnavailable(
        "The docker service is not reachable: %s" % exc)


def _call(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except (docker_errors.APIError, requests.RequestException,
            docker_errors.DockerException) as exc:
        raise _translate(exc) from exc


def container_list(request, filters=None):
    """The project's containers, running or not, in one Engine API call.

    The low-level client's `containers()` is one `GET /containers/json`;
    no container is inspected one by one.
    """
    rows = _call(client(request).containers, all=True, filters=filters)
    return [Container(row) for row in rows]
