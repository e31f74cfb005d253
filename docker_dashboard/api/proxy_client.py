"""docker-py's low-level client, plus the few calls it has no public method
for. The plugin's api modules call only public methods: docker-py's own,
and the ones below, which are the one place that builds such URLs."""
import urllib.parse

import docker


def _path(pathfmt, args):
    # Every argument is one path segment: an image name's '/' and ':' are
    # quoted too (the proxy's {name:.+} routes take them back whole).
    return pathfmt.format(*(urllib.parse.quote(str(a), safe="")
                            for a in args))


class ProxyClient(docker.APIClient):
    """The client the plugin uses for the docker proxy."""

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

    def proxy_json(self, method, pathfmt, *args, params=None, body=None,
                   versioned=True):
        """One of the proxy's own `/dd/` endpoints, answered in JSON.
        `versioned`: the route sits under the Engine API's /vX.Y prefix
        (layer analysis) or beside it (Glance transfers and tasks)."""
        path = _path(pathfmt, args)
        url = ("%s/v%s%s" % (self.base_url, self._version, path)
               if versioned else self.base_url + path)
        kwargs = {"params": params}
        if body is not None:
            kwargs["json"] = body
        response = self.request(method, url, timeout=self.timeout, **kwargs)
        return self._result(response, True)
