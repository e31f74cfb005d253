"""A launch that creates volumes on the fly and then fails leaves no volume
behind (real proxy and dockerd)."""
import uuid
from unittest import mock

import pytest

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions
from docker_dashboard.panels.containers import launch_spec
from tests import stack


def demo_request():
    user = mock.Mock()
    user.token.id = stack.token("demo")
    return mock.Mock(user=user)


def volume_names(client):
    return {v["Name"] for v in (client.volumes() or {}).get("Volumes") or []}


@pytest.mark.parametrize("why", ["create refused", "start fails"])
def test_failed_launch_removes_the_volumes_it_created(why):
    prefix = "it-vol-%s" % uuid.uuid4().hex[:8]
    client = stack.docker_client("demo")
    spec = launch_spec.LaunchSpec(
        image="busybox:latest", name=prefix, command=["sleep", "60"],
        vcpus=0.1, memory_mb=64, mounts=[(prefix + "-a", "/a")],
        new_volumes=[prefix + "-a"])
    if why == "create refused":
        spec.image = "dd-no-such-image-%s:1" % prefix
    else:
        # A command that does not exist: create succeeds, start fails.
        spec.command = ["/no/such/binary"]
    with mock.patch.object(docker_proxy, "proxy_url",
                           return_value=stack.PROXY_URL):
        with pytest.raises(exceptions.DockerDashboardError):
            docker_proxy.container_create(demo_request(), spec)
    assert prefix + "-a" not in volume_names(client)
    assert not client.containers(all=True, filters={"name": prefix})
