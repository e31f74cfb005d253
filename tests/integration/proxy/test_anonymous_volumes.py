"""Anonymous volumes (a `Volumes` entry, a sourceless mount, an image's
VOLUME) are made by the proxy as the project's, listed for it, and removed
with their container on `rm -v`."""
import docker
import pytest

from tests import stack
from tests.integration.proxy.conftest import LIMITS
from tests.integration.proxy.conftest import call
from tests.integration.proxy.conftest import unique


@pytest.fixture(scope="module")
def volume_image(shared, daemon):
    """An image of demo's that declares VOLUME /data."""
    repo = unique("p11-volimg")
    resp = call("demo", "POST", "/commit", params={
        "container": shared["demo"]["Id"], "repo": repo, "tag": "v1",
        "changes": "VOLUME /data"})
    assert resp.status_code == 201, resp.text
    yield repo + ":v1"
    daemon.remove_image(resp.json()["Id"], force=True)


@pytest.fixture()
def cleanup(daemon):
    """Containers and volumes a test made, removed even when it fails."""
    made = {"containers": [], "volumes": []}
    yield made
    for cid in made["containers"]:
        try:
            mounts = daemon.inspect_container(cid)["Mounts"]
            daemon.remove_container(cid, force=True)
        except docker.errors.NotFound:
            mounts = []
        made["volumes"] += [m["Name"] for m in mounts if m.get("Name")]
    for name in made["volumes"]:
        try:
            daemon.remove_volume(name, force=True)
        except docker.errors.NotFound:
            pass


def volume_names(user):
    return {v["Name"] for v in call(user, "GET", "/volumes").json()
            ["Volumes"] or []}


def create(cleanup, image, **fields):
    body = dict({"Image": image, "Cmd": ["sleep", "600"],
                 "HostConfig": dict(LIMITS, **fields.pop("host", {}))},
                **fields)
    resp = call("demo", "POST", "/containers/create",
                params={"name": unique("p11-anon")}, body=body)
    assert resp.status_code == 201, resp.text
    cleanup["containers"].append(resp.json()["Id"])
    return resp.json()["Id"]


def volumes_of(cid, daemon):
    return {m["Destination"]: m["Name"]
            for m in daemon.inspect_container(cid)["Mounts"]
            if m["Type"] == "volume"}


@pytest.mark.parametrize("fields, paths", [
    ({}, ["/data"]),                                   # the image's VOLUME
    ({"Volumes": {"/extra": {}}}, ["/data", "/extra"]),
    ({"host": {"Binds": ["/cache"]}}, ["/cache", "/data"]),
    ({"host": {"Mounts": [{"Type": "volume", "Target": "/m"}]}},
     ["/data", "/m"]),
])
def test_anonymous_volumes_are_the_projects(volume_image, cleanup, daemon,
                                            fields, paths):
    cid = create(cleanup, volume_image, **fields)
    made = volumes_of(cid, daemon)
    assert sorted(made) == paths
    demo_project = stack.project_ids()["demo"]
    for name in made.values():
        labels = daemon.inspect_volume(name)["Labels"] or {}
        assert labels.get("org.openstack.project-id") == demo_project
    assert set(made.values()) <= volume_names("demo")
    assert not set(made.values()) & volume_names("alt_demo")


def test_a_named_volume_over_the_images_path_makes_none(volume_image,
                                                        cleanup, daemon):
    name = unique("p11-named")
    cleanup["volumes"].append(name)
    cid = create(cleanup, volume_image, host={"Binds": ["%s:/data" % name]})
    assert volumes_of(cid, daemon) == {"/data": name}


def test_rm_v_removes_them_and_plain_rm_keeps_them(volume_image, cleanup,
                                                   daemon):
    first = create(cleanup, volume_image)
    second = create(cleanup, volume_image)
    gone, kept = volumes_of(first, daemon)["/data"], \
        volumes_of(second, daemon)["/data"]
    cleanup["volumes"].append(kept)
    assert call("demo", "DELETE", "/containers/%s" % first,
                params={"v": 1, "force": 1}).status_code == 204
    assert call("demo", "DELETE", "/containers/%s" % second,
                params={"force": 1}).status_code == 204
    names = {v["Name"] for v in daemon.volumes()["Volumes"] or []}
    assert gone not in names
    assert kept in names and kept in volume_names("demo")
    # A kept one is the project's to remove.
    assert call("demo", "DELETE", "/volumes/%s" % kept).status_code == 204


def test_a_failed_create_leaves_no_volume(volume_image, shared, daemon):
    before = {v["Name"] for v in daemon.volumes()["Volumes"] or []}
    resp = call("demo", "POST", "/containers/create",
                params={"name": shared["demo"]["Name"]},
                body={"Image": volume_image, "HostConfig": dict(LIMITS)})
    assert resp.status_code == 409
    after = {v["Name"] for v in daemon.volumes()["Volumes"] or []}
    assert not {n for n in after - before if n.startswith("anonymous-")}
