"""Restart through the dashboard's api against the real proxy and dockerd
(issue 10, finding 2: docker-py's restart got timeout=None and every
restart failed)."""
import uuid
from unittest import mock

import pytest

from docker_dashboard.api import docker_proxy
from tests import stack


def demo_request():
    user = mock.Mock()
    user.token.id = stack.token("demo")
    return mock.Mock(user=user)


@pytest.fixture
def container():
    client = stack.docker_client("demo")
    created = client.create_container(
        "busybox:latest", ["sleep", "600"],
        name="it-restart-%s" % uuid.uuid4().hex[:8],
        host_config=client.create_host_config(nano_cpus=10 ** 8,
                                              mem_limit=64 << 20))
    client.start(created["Id"])
    yield created["Id"]
    client.remove_container(created["Id"], force=True)


@pytest.mark.parametrize("timeout", [None, 1])
def test_restart_with_dockers_default_or_a_given_timeout(container, timeout):
    client = stack.docker_client("demo")
    before = client.inspect_container(container)["State"]["StartedAt"]
    with mock.patch.object(docker_proxy, "proxy_url",
                           return_value=stack.PROXY_URL):
        docker_proxy.container_restart(demo_request(), container,
                                       timeout=timeout)
    state = client.inspect_container(container)["State"]
    assert state["Status"] == "running"
    assert state["StartedAt"] != before
