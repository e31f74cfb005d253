"""docker-py's low-level client, plus the few calls it has no public method
for. The plugin's api modules call only public methods: docker-py's own,
and the ones below, which are the one place that builds such URLs."""
import urllib.parse

import docker
import docker.utils

UNAVAILABLE_HOSTS_HEADER = "X-DD-Unavailable-Hosts"


def _path(pathfmt, args):
    # Every argument is one path segment: an image name's '/' and ':' are
    # quoted too (the proxy's {name:.+} routes take them back whole).
    return pathfmt.format(*(urllib.parse.quote(str(a), safe="")
                            for a in args))


class ProxyClient(docker.APIClient):
    """The client the plugin uses for the docker proxy.

    `timeout` bounds actions; `page_timeout` the one-shot reads a page load
    makes (every GET that is not a stream): a page that waits on a hung
    Docker host holds one of Horizon's few worker threads meanwhile."""

    def __init__(self, *args, page_timeout=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_timeout = page_timeout or self.timeout

    def _get(self, url, **kwargs):
        # A stream (a log download, `docker save`) may idle longer.
        if not kwargs.get("stream"):
            kwargs.setdefault("timeout", self.page_timeout)
        return super()._get(url, **kwargs)

    def diff(self, container):
        """A container's changes: dockerd walks its whole writable layer,
        which for a large one takes longer than a page read may (the proxy
        bounds it by dockerd's ping, not by a fixed time)."""
        url = self._url("/containers/{0}/changes", container)
        return self._result(self._get(url, timeout=self.timeout), True)

    def update_resources(self, container, body):
        """`POST /containers/{id}/update` with the body as the Engine API
        documents it: docker-py's update_container has no NanoCpus."""
        url = self._url("/containers/{0}/update", container)
        return self._result(self._post_json(url, data=body), True)

    def create_from_body(self, name, body):
        """`POST /containers/create?name=` with a whole create body (a roll
        back copies one from an inspect answer); returns Docker's answer."""
        url = self._url("/containers/create")
        return self._result(self._post_json(url, data=body,
                                            params={"name": name}), True)

    def containers_and_gaps(self, filters=None, limit=None,
                            all_projects=False):
        """docker-py's `containers(all=True, ...)`, one `GET
        /containers/json`, plus the Docker hosts a routing proxy could not
        reach: it lists what the others answered and names the silent ones
        in its `X-DD-Unavailable-Hosts` header (comma-separated).
        `all_projects`: every project's (the proxy allows it to admins)."""
        params = {"all": 1, "limit": limit}
        if all_projects:
            params["all_projects"] = 1
        if filters:
            params["filters"] = docker.utils.convert_filters(filters)
        response = self._get(self._url("/containers/json"), params=params)
        rows = self._result(response, True)
        named = response.headers.get(UNAVAILABLE_HOSTS_HEADER, "")
        return rows, [host.strip() for host in named.split(",")
                      if host.strip()]

    def proxy_json(self, method, pathfmt, *args, params=None, body=None,
                   versioned=True, timeout=None):
        """One of the proxy's own `/dd/` endpoints, answered in JSON.
        `versioned`: the route sits under the Engine API's /vX.Y prefix
        (layer analysis) or beside it (Glance transfers and tasks).
        `timeout`: a GET is a page's read unless the caller says longer."""
        path = _path(pathfmt, args)
        url = ("%s/v%s%s" % (self.base_url, self._version, path)
               if versioned else self.base_url + path)
        kwargs = {"params": params}
        if body is not None:
            kwargs["json"] = body
        if timeout is None:
            timeout = self.page_timeout if method == "GET" else self.timeout
        response = self.request(method, url, timeout=timeout, **kwargs)
        return self._result(response, True)
