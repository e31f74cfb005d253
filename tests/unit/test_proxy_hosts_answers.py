"""What the plugin's api reads from the proxy about its Docker hosts, over
real HTTP from a stand-in proxy: the zones and hosts of `GET /dd/hosts`
(none from a proxy without the route), and the hosts a routing proxy names
in `X-DD-Unavailable-Hosts` beside a container list."""
import contextlib
import http.server
import json
import threading
from unittest import mock

import pytest

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions


class _StandIn(http.server.BaseHTTPRequestHandler):
    answers = {}      # path -> (status, headers, body)
    seen = []

    def do_GET(self):
        type(self).seen.append((self.path, self.headers.get("X-Auth-Token")))
        path = self.path.split("?")[0]
        status, headers, body = self.answers.get(
            path, (404, {}, {"message": "GET %s is not offered by this "
                                        "proxy" % path}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def stand_in(answers):
    _StandIn.answers = answers
    _StandIn.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def call():
    def run(answers, func, *args, **kwargs):
        with stand_in(answers) as url:
            with mock.patch.object(docker_proxy, "proxy_url",
                                   return_value=url):
                request = mock.Mock()
                # A token of its own: the client is cached per token.
                request.user.token.id = "token-of-%s" % url
                return func(request, *args, **kwargs)
    return run


ROW = {"Id": "a" * 64, "Names": ["/web"], "Image": "busybox:latest",
       "State": "running", "Status": "Up 1 minute", "Created": 1,
       "Labels": {"org.openstack.docker-host": "host1"}}


def test_a_proxy_without_the_hosts_route_means_no_zones(call):
    hosts = call({}, docker_proxy.docker_hosts)
    assert hosts.availability_zones == []
    assert hosts.hosts == []


def test_the_zones_and_an_admins_hosts(call):
    hosts = call({"/dd/hosts": (200, {}, {
        "availability_zones": ["nova", "az2"],
        "hosts": [{"name": "host1", "availability_zone": "nova",
                   "up": True, "url": "http://127.0.0.1:8790"},
                  {"name": "host2", "availability_zone": "az2",
                   "up": False}]})}, docker_proxy.docker_hosts)
    assert hosts.availability_zones == ["nova", "az2"]
    assert [(h.name, h.availability_zone, h.up) for h in hosts.hosts] == [
        ("host1", "nova", True), ("host2", "az2", False)]
    # The route sits beside the Engine API, not under its /v1.41 prefix,
    # and the user's own token rides along.
    assert _StandIn.seen[0][0] == "/dd/hosts"
    assert _StandIn.seen[0][1].startswith("token-of-")


def test_a_failing_hosts_route_is_an_error_not_no_zones(call):
    with pytest.raises(exceptions.ProxyUnavailable):
        call({"/dd/hosts": (503, {}, {"message": "Placement is down"})},
             docker_proxy.docker_hosts)


def test_the_list_names_the_hosts_that_did_not_answer(call):
    rows = call({"/v1.41/containers/json": (
        200, {"X-DD-Unavailable-Hosts": "host2, host3"}, [ROW])},
        docker_proxy.container_list, limit=21)
    assert [r.name for r in rows] == ["web"]
    assert rows[0].host == "host1"
    assert rows.unavailable_hosts == ["host2", "host3"]
    path = _StandIn.seen[0][0]
    assert "all=1" in path and "limit=21" in path


def test_a_list_from_hosts_that_all_answered_names_none(call):
    rows = call({"/v1.41/containers/json": (200, {}, [ROW])},
                docker_proxy.container_list,
                filters={"name": ["web"]})
    assert rows.unavailable_hosts == []
    assert "filters=" in _StandIn.seen[0][0]
