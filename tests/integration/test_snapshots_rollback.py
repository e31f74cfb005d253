"""Snapshots and roll back through the plugin's api functions, against the
real proxy and dockerd (the Horizon request only supplies the user)."""
import uuid
from unittest import mock

import django
import docker
import pytest

from tests import stack


@pytest.fixture(scope="module")
def api():
    from django.conf import settings
    if not settings.configured:
        import os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.unit.settings")
    django.setup()
    from docker_dashboard.api import snapshots
    return snapshots


@pytest.fixture
def demo(api):
    """A fake Horizon request for demo whose client is the real proxy's."""
    from docker_dashboard.api.proxy_client import ProxyClient
    # The plugin's own client class (its extra calls), as Horizon makes it.
    client = ProxyClient(base_url=stack.PROXY_URL, version="1.41", timeout=60)
    client.headers["X-Auth-Token"] = stack.token("demo")
    request = mock.Mock()
    request.user.username = "demo"
    with mock.patch.object(api, "client", lambda r: client):
        yield request, client


@pytest.fixture
def container(demo):
    _, client = demo
    name = "it-snap-%s" % uuid.uuid4().hex[:8]
    made = client.create_container(
        "busybox:latest", command="sleep 600", name=name,
        environment={"KEEP": "me"}, labels={"app": "shop"},
        stop_signal="SIGKILL",  # busybox sleep ignores SIGTERM: no 10 s wait
        host_config=client.create_host_config(
            mem_limit=64 * 1024 ** 2, nano_cpus=500000000,
            restart_policy={"Name": "unless-stopped"}))
    client.start(made)
    client.exec_start(client.exec_create(made, "sh -c 'echo kept > /marker'"))
    created = [made["Id"]]
    yield name, made["Id"], created
    for ref in [name] + created:
        try:
            client.remove_container(ref, force=True)
        except docker.errors.APIError:
            pass
    for image in client.images(filters={"label": ["org.openstack.snapshot-of=%s"
                                                  % made["Id"]]}):
        try:
            client.remove_image(image["Id"], force=True)
        except docker.errors.APIError:
            pass


def test_a_snapshot_records_its_container_comment_and_author(api, demo,
                                                             container):
    request, client = demo
    name, container_id, _ = container
    image_id = api.snapshot_create(request, container_id, name, "s1",
                                   comment="before the upgrade")
    listed = api.snapshot_list(request, container_id)
    assert [(s.id, s.name, s.comment) for s in listed] == [
        (image_id, name + ":s1", "before the upgrade")]
    assert client.inspect_image(image_id)["Author"] == "demo"
    # Another project sees none of it.
    other = stack.docker_client("alt_demo")
    assert image_id not in [i["Id"] for i in other.images()]


def test_roll_back_restores_a_deleted_file_and_keeps_the_configuration(
        api, demo, container):
    request, client = demo
    name, container_id, created = container
    image_id = api.snapshot_create(request, container_id, name, "s1")
    client.exec_start(client.exec_create(container_id, "rm /marker"))
    new_id = api.rollback(request, container_id, image_id)
    created.append(new_id)
    new = client.inspect_container(new_id)
    assert new["Name"] == "/" + name and new["State"]["Running"]
    assert "KEEP=me" in new["Config"]["Env"]
    assert new["Config"]["Labels"]["app"] == "shop"
    assert new["HostConfig"]["RestartPolicy"]["Name"] == "unless-stopped"
    assert new["HostConfig"]["Memory"] == 64 * 1024 ** 2
    out = client.exec_start(client.exec_create(new_id, "cat /marker"))
    assert out == b"kept\n"
    with pytest.raises(docker.errors.NotFound):
        client.inspect_container(container_id)  # the old one, once replaced


def test_a_roll_back_that_cannot_start_leaves_the_old_one_running(
        api, demo, container):
    from docker_dashboard.api import exceptions
    request, client = demo
    name, container_id, _ = container
    broken = client.commit(container_id, repository=name, tag="broken",
                           changes=['ENTRYPOINT ["/no/such/program"]'])["Id"]
    with pytest.raises(exceptions.DockerDashboardError):
        api.rollback(request, container_id, broken)
    old = client.inspect_container(name)
    assert old["Id"] == container_id and old["State"]["Running"]
    assert len(client.containers(all=True, filters={"name": name})) == 1


def test_the_panels_list_shows_the_comment_and_the_container_by_name(
        api, demo, container):
    request, _ = demo
    name, container_id, _ = container
    image_id = api.snapshot_create(request, container_id, name, "s1",
                                   comment="before the upgrade")
    listed = [s for s in api.snapshot_list(request) if s.id == image_id]
    assert [(s.comment, s.container) for s in listed] == [
        ("before the upgrade", {"id": container_id, "name": name})]


def test_after_a_roll_back_the_snapshot_stays_with_the_container_and_launches(
        api, demo, container):
    """The roll back removes the container the snapshot was taken of: the
    new one (same name) still lists the snapshot, shows the snapshot's
    name as its image, can be rolled back to it again, and the snapshot
    launches from its image alone."""
    from docker_dashboard.api import docker_proxy
    request, client = demo
    name, container_id, created = container
    image_id = api.snapshot_create(request, container_id, name, "s1",
                                   comment="first")
    new_id = api.rollback(request, container_id, image_id)
    created.append(new_id)

    assert [s.id for s in api.snapshot_list(request, new_id, name)] == [
        image_id]
    assert [s.id for s in api.snapshot_list(request, new_id)] == [image_id]
    listed = [s for s in api.snapshot_list(request) if s.id == image_id]
    assert listed[0].container == {"id": new_id, "name": name}

    # The Containers table's Image column: the snapshot's name, not an id.
    with mock.patch.object(docker_proxy, "client", lambda r: client):
        rows = docker_proxy.container_list(
            request, filters={"id": [new_id]})
    assert [r.image for r in rows] == [name + ":s1"]

    again = api.rollback(request, listed[0].container["id"], image_id)
    created.append(again)
    assert client.inspect_container(name)["Id"] == again

    launched = api.launch_from_snapshot(request, image_id, name + "-copy",
                                        memory=64 * 1024 ** 2,
                                        nano_cpus=500000000)
    created.append(launched)
    copy = client.inspect_container(launched)
    assert copy["State"]["Running"]
    assert copy["Config"]["Cmd"] == ["sleep", "600"]     # from the image
    assert "KEEP=me" in copy["Config"]["Env"]
    assert copy["HostConfig"]["Memory"] == 64 * 1024 ** 2
    assert not copy["HostConfig"].get("PortBindings")
    assert client.exec_start(client.exec_create(launched, "cat /marker")) \
        == b"kept\n"


def test_another_project_cannot_open_or_launch_the_snapshot(api, demo,
                                                            container):
    """alt_demo asks for demo's snapshot by id (the modal's URL): not
    found, as a missing one; and a launch from it is refused."""
    from docker_dashboard.api import exceptions
    from docker_dashboard.api.proxy_client import ProxyClient
    request, client = demo
    name, container_id, created = container
    image_id = api.snapshot_create(request, container_id, name, "private")
    other = ProxyClient(base_url=stack.PROXY_URL, version="1.41", timeout=60)
    other.headers["X-Auth-Token"] = stack.token("alt_demo")
    with mock.patch.object(api, "client", lambda r: other):
        with pytest.raises(exceptions.NotFound):
            api.snapshot_get(request, image_id)
        assert image_id not in [s.id for s in api.snapshot_list(request)]
        with pytest.raises(exceptions.DockerDashboardError):
            api.launch_from_snapshot(request, image_id, name + "-stolen",
                                     memory=64 * 1024 ** 2,
                                     nano_cpus=500000000)
    assert not client.containers(all=True,
                                 filters={"name": name + "-stolen"})
