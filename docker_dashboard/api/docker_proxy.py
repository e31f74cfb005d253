"""The docker proxy, reached with docker-py's low-level client.

The proxy speaks the Docker Engine API, so docker-py works against it
unchanged; the user's Keystone token rides in the X-Auth-Token header and the
proxy scopes every answer to the token's project. Views never build Engine
API URLs: they call the functions here.
"""
import functools
import hashlib
import logging

from django.utils.translation import gettext as _
from docker import errors as docker_errors
import requests
from openstack_dashboard.api import base

from docker_dashboard import settings as dd_settings
from docker_dashboard.api import exceptions
from docker_dashboard.api.proxy_client import ProxyClient
from docker_dashboard.api.wrappers import Container
from docker_dashboard.api.wrappers import ContainerDetail
from docker_dashboard.api.wrappers import DockerHosts
from docker_dashboard.api.wrappers import Image
from docker_dashboard.api.wrappers import Volume

ENGINE_API_VERSION = "1.41"
SERVICE_TYPE = "docker"

LOG = logging.getLogger(__name__)


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
    client = ProxyClient(base_url=url, version=ENGINE_API_VERSION,
                         timeout=dd_settings.get('timeout'),
                         page_timeout=dd_settings.get('page_timeout'))
    client.headers['X-Auth-Token'] = token
    return client


def client(request):
    token = request.user.token.id
    digest = hashlib.sha256(token.encode()).hexdigest()
    return _cached_client(proxy_url(request), digest, token)


def _refused_field(exc):
    """The create-body field a refusal names (`"field"` beside Docker's
    `"message"` in the proxy's error answer), or None."""
    response = getattr(exc, 'response', None)
    try:
        body = response.json() if response is not None else None
    except ValueError:
        return None
    return body.get('field') if isinstance(body, dict) else None


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
        if status == 504:
            return exceptions.ProxyUnavailable(_not_answering(message),
                                               status=status)
        if status in (502, 503):
            return exceptions.ProxyUnavailable(message, status=status)
        return exceptions.ProxyRefused(message, status=status,
                                       field=_refused_field(exc))
    # The transport's own text names URLs and pools: for the log, not for
    # the page.
    LOG.warning("A call to the docker proxy failed: %s", exc)
    if isinstance(exc, requests.Timeout):
        return exceptions.ProxyUnavailable(_not_answering(""))
    return exceptions.ProxyUnavailable(
        _("The docker service is not reachable. Try again in a moment."))


def _not_answering(proxy_sentence):
    """The page's words for a deadline that passed: the proxy's (or this
    client's) wait for the Docker host, or the proxy naming another service
    ("Keystone did not answer within 10 s")."""
    if proxy_sentence and "Docker" not in proxy_sentence:
        return _("%s. Try again in a moment.") % proxy_sentence.rstrip(".")
    return _("The Docker host is not answering. Try again in a moment.")


def _call(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except (docker_errors.APIError, requests.RequestException,
            docker_errors.DockerException) as exc:
        raise _translate(exc) from exc


class ContainerList(list):
    """Container rows, and the Docker hosts whose containers are missing
    from them because they did not answer (`unavailable_hosts`)."""

    def __init__(self, rows=(), unavailable_hosts=()):
        super().__init__(rows)
        self.unavailable_hosts = list(unavailable_hosts)


def container_list(request, filters=None, limit=None, all_projects=False):
    """The project's containers, running or not, newest first, in one Engine
    API call (at most `limit` of them when given), as a ContainerList;
    with `all_projects`, every project's (for an admin).

    One `GET /containers/json`; no container is inspected one by one.
    """
    rows, unavailable = _call(client(request).containers_and_gaps,
                              filters=filters, limit=limit or None,
                              all_projects=all_projects)
    return ContainerList([Container(row) for row in rows], unavailable)


def docker_hosts(request):
    """The cloud's availability zones and, for an admin, its Docker hosts
    (`GET /dd/hosts`), as DockerHosts. A proxy without that route serves one
    Docker host and no zones to choose from: its 404 means none."""
    try:
        answer = _call(client(request).proxy_json, "GET", "/dd/hosts",
                       versioned=False)
    except exceptions.NotFound:
        answer = None
    return DockerHosts(answer)


def container_get(request, container_id):
    """One container, inspected (`GET /containers/{id}/json`)."""
    return ContainerDetail(_call(client(request).inspect_container,
                                 container_id))


def container_create(request, spec, start=True):
    """Creates a container from a `LaunchSpec` (see launch_spec.py), creating
    its new named volumes first, and starts it when asked. Returns its id.
    When the launch fails, the volumes it created are removed again."""
    api = client(request)
    created_volumes = []
    try:
        for volume in spec.new_volumes:
            _call(api.create_volume, name=volume)
            created_volumes.append(volume)
        return _create_and_start(api, spec, start)
    except exceptions.DockerDashboardError:
        for volume in created_volumes:
            try:
                _call(api.remove_volume, volume)
            except exceptions.DockerDashboardError:
                pass
        raise


def _create_and_start(api, spec, start):
    host_config = _call(api.create_host_config, **spec.host_config_kwargs())
    created = _call(api.create_container, host_config=host_config,
                    **spec.create_kwargs())
    container_id = created["Id"]
    if start:
        start_or_remove(api, container_id)
    return container_id


def start_or_remove(api, container_id):
    """Starts a container just created, or removes it and raises: Docker
    leaves a container that could not start (a host port already taken,
    say) behind as "created", and the user corrects the form and launches
    again under the same name."""
    try:
        _call(api.start, container_id)
    except exceptions.DockerDashboardError:
        try:
            _call(api.remove_container, container_id, force=True)
        except exceptions.DockerDashboardError:
            pass
        raise


def container_start(request, container_id):
    _call(client(request).start, container_id)


def container_stop(request, container_id, timeout=None):
    _call(client(request).stop, container_id, timeout=timeout)


def container_restart(request, container_id, timeout=None):
    # docker-py's restart adds the timeout to its own connection timeout:
    # None there is a TypeError, so "Docker's default" means not passing it.
    kwargs = {} if timeout is None else {"timeout": timeout}
    _call(client(request).restart, container_id, **kwargs)


def container_pause(request, container_id):
    _call(client(request).pause, container_id)


def container_unpause(request, container_id):
    _call(client(request).unpause, container_id)


def container_kill(request, container_id, signal=None):
    _call(client(request).kill, container_id, signal=signal)


def container_rename(request, container_id, name):
    _call(client(request).rename, container_id, name)


def container_update(request, container_id, nano_cpus=None, memory=None):
    """New CPU and memory limits. docker-py's update_container has no
    NanoCpus (and Docker refuses CpuQuota beside NanoCpus set at create), so
    the body is sent as the Engine API documents it."""
    body = {}
    if nano_cpus is not None:
        body["NanoCpus"] = int(nano_cpus)
    if memory is not None:
        body["Memory"] = int(memory)
        # Docker refuses a memory limit above the swap limit set at create;
        # twice the memory is what Docker itself sets when given only Memory.
        body["MemorySwap"] = int(memory) * 2
    _call(client(request).update_resources, container_id, body)


def container_delete(request, container_id, force=False):
    """Removes the container with its anonymous volumes (`docker rm -v`):
    the proxy made them the project's, and nothing else can mount them
    again. Named volumes stay."""
    _call(client(request).remove_container, container_id, v=True,
          force=force)


def container_top(request, container_id):
    """{"Titles": [...], "Processes": [[...], ...]}"""
    return _call(client(request).top, container_id)


def container_changes(request, container_id):
    """[{"Path": ..., "Kind": 0 changed | 1 added | 2 deleted}, ...]"""
    return _call(client(request).diff, container_id) or []


def container_logs(request, container_id, tail=100):
    raw = _call(client(request).logs, container_id, tail=tail)
    return raw.decode('utf-8', 'replace')


def image_list(request):
    """The images the project may launch: its own and the public ones (the
    proxy decides which those are)."""
    return [Image(row) for row in _call(client(request).images)]


def volume_list(request):
    answer = _call(client(request).volumes) or {}
    return [Volume(row) for row in answer.get("Volumes") or []]
