"""Keystone's limits read again when a kept connection is reset.

Keystone's server closes a connection that has been idle for a while; a
launch whose limits read reuses it just then meets a reset. The proxy
gives oslo.limit connect retries (quotas/limits.py), so that read is made
again on a new connection instead of refusing the launch with "Keystone's
limits cannot be read". Here a Keystone stand-in resets the first read;
the identity connection is built as oslo.limit builds it, from the
[oslo_limit] options the proxy sets.
"""
import json
import socket
import struct
import threading
import types

import pytest
from keystoneauth1 import exceptions as ksa_exceptions
from keystoneauth1 import loading
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
from openstack import connection
from oslo_config import cfg

from docker_dashboard.proxy.quotas import limits

SETTINGS = types.SimpleNamespace(
    keystone_url="http://127.0.0.1:5000/v3", service_user="docker-proxy",
    service_password="unused", service_domain="Default",
    service_project="service", keystone_timeout=5.0, limits_endpoint_id="",
    region="RegionOne")


class ResettingKeystone:
    """Answers version discovery, resets the first limits read (as an
    idle connection closed under a request does), answers the rest."""

    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.requests = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _answer(self, client, document):
        body = json.dumps(document).encode()
        client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json"
                       b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                       % len(body) + body)

    def _serve(self):
        reset_done = False
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed at the test's end
            with client:
                line = client.recv(65536).split(b"\r\n")[0].decode()
                self.requests.append(line)
                if line.startswith("GET /v3 "):
                    self._answer(client, {"version": {
                        "id": "v3.14", "status": "stable", "links": [{
                            "rel": "self",
                            "href": "http://127.0.0.1:%d/v3/" % self.port}]}})
                elif not reset_done:
                    reset_done = True
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
                else:
                    self._answer(client, {"limits": []})

    def close(self):
        self._listener.close()


@pytest.fixture
def keystone():
    stand_in = ResettingKeystone()
    yield stand_in
    stand_in.close()


def identity(port, conf):
    """The identity proxy as oslo.limit makes it: every adapter option of
    [oslo_limit] passed on as identity_<option>."""
    settings = {"identity_" + opt.dest: getattr(conf.oslo_limit, opt.dest)
                for opt in loading.get_adapter_conf_options(
                    include_deprecated=False)
                if opt.dest not in ("valid_interfaces", "endpoint_override",
                                    "service_type", "region_name")}
    url = "http://127.0.0.1:%d/v3" % port
    session = ks_session.Session(auth=token_endpoint.Token(url, "token"))
    return connection.Connection(
        session=session, identity_endpoint_override=url,
        identity_api_version="3", **settings).identity


def test_a_reset_limits_read_is_made_again(keystone):
    limits.configure(SETTINGS)
    answer = identity(keystone.port, cfg.CONF).get("/limits")
    assert answer.status_code == 200
    assert answer.json() == {"limits": []}
    assert keystone.requests.count("GET /v3/limits HTTP/1.1") == 2


def test_without_retries_the_same_reset_fails_the_read(keystone):
    # The stand-in is what the retries are for: one try meets the reset.
    conf = cfg.ConfigOpts()
    loading.register_adapter_conf_options(conf, "oslo_limit")
    conf([])
    with pytest.raises(ksa_exceptions.ConnectFailure):
        identity(keystone.port, conf).get("/limits")
