"""Deleting a container from the dashboard removes its anonymous volumes
(as `docker rm -v` does) and keeps its named ones, through the dashboard's
api against the real proxy and dockerd."""
import uuid
from unittest import mock

import docker
import pytest

from docker_dashboard.api import docker_proxy
from tests import stack


def demo_request():
    user = mock.Mock()
    user.token.id = stack.token("demo")
    return mock.Mock(user=user)


def volume_names(client):
    return {v["Name"] for v in client.volumes()["Volumes"] or []}


@pytest.fixture
def made():
    """What the test made, removed even when it fails."""
    client = stack.docker_client("demo")
    objects = {"containers": [], "volumes": []}
    yield objects
    for cid in objects["containers"]:
        try:
            client.remove_container(cid, v=True, force=True)
        except docker.errors.NotFound:
            pass
    for name in objects["volumes"]:
        try:
            client.remove_volume(name, force=True)
        except docker.errors.NotFound:
            pass


def test_delete_removes_anonymous_volumes_and_keeps_named_ones(made):
    client = stack.docker_client("demo")
    named = "it-keep-%s" % uuid.uuid4().hex[:8]
    made["volumes"].append(named)
    created = client.create_container(
        "busybox:latest", ["sleep", "600"], volumes=["/scratch", "/data"],
        name="it-delvol-%s" % uuid.uuid4().hex[:8],
        host_config=client.create_host_config(
            binds={named: {"bind": "/data", "mode": "rw"}},
            nano_cpus=10 ** 8, mem_limit=64 << 20))
    made["containers"].append(created["Id"])
    mounts = client.inspect_container(created["Id"])["Mounts"]
    anonymous = {m["Name"] for m in mounts if m["Destination"] == "/scratch"}
    made["volumes"] += sorted(anonymous)
    assert anonymous and anonymous <= volume_names(client)

    with mock.patch.object(docker_proxy, "proxy_url",
                           return_value=stack.PROXY_URL):
        docker_proxy.container_delete(demo_request(), created["Id"])

    left = volume_names(client)
    assert not anonymous & left, "the anonymous volume outlived its container"
    assert named in left, "a named volume must outlive its container"
