"""Images, volumes and networks across projects, against the real daemon:
a project's own objects work for it and are invisible to the others; public
images are shared and changed by admins only."""
import docker
import pytest

from tests import stack
from tests.integration.proxy.conftest import IMAGE
from tests.integration.proxy.conftest import LIMITS
from tests.integration.proxy.conftest import call
from tests.integration.proxy.conftest import create
from tests.integration.proxy.conftest import unique


@pytest.fixture(scope="module")
def snapshot(shared, daemon):
    """demo's commit of its own container, tagged."""
    repo = unique("p3i-snap")
    resp = call("demo", "POST", "/commit",
                params={"container": shared["demo"]["Name"], "repo": repo,
                        "tag": "v1"})
    assert resp.status_code == 201, resp.text
    image_id = resp.json()["Id"]
    yield {"Id": image_id, "ref": repo + ":v1", "repo": repo}
    try:
        daemon.remove_image(image_id, force=True)
    except docker.errors.NotFound:
        pass


def listed_tags(user, **params):
    rows = call(user, "GET", "/images/json", params=params).json()
    return {t for r in rows for t in (r.get("RepoTags") or [])}


def test_commit_keeps_the_source_container_on_the_image(snapshot, shared):
    body = call("demo", "GET", "/images/%s/json" % snapshot["ref"]).json()
    labels = body["Config"]["Labels"]
    assert labels["org.openstack.snapshot-of"] == shared["demo"]["Id"]


def test_own_image_is_listed_for_its_project_only(snapshot):
    assert snapshot["ref"] in listed_tags("demo")
    assert snapshot["ref"] in listed_tags("reader")
    assert snapshot["ref"] not in listed_tags("alt_demo")
    assert IMAGE in listed_tags("alt_demo")
    assert snapshot["ref"] in listed_tags("admin", all_projects=1)


@pytest.mark.parametrize("ref_kind", ["ref", "Id"])
@pytest.mark.parametrize("method, path, params", [
    ("GET", "/images/{ref}/json", None),
    ("GET", "/images/{ref}/history", None),
    ("GET", "/images/{ref}/get", None),
    ("POST", "/images/{ref}/tag", {"repo": "p3i-stolen", "tag": "x"}),
    ("POST", "/images/{ref}/push", None),
    ("DELETE", "/images/{ref}", None),
])
def test_another_projects_image_answers_like_a_missing_one(
        snapshot, ref_kind, method, path, params):
    ref = snapshot[ref_kind]
    resp = call("alt_demo", method, path.format(ref=ref), params=params)
    assert resp.status_code == 404
    assert resp.json()["message"] == "No such image: %s" % ref


def test_another_project_cannot_save_it_among_others(snapshot):
    resp = call("alt_demo", "GET", "/images/get",
                params=[("names", IMAGE), ("names", snapshot["ref"])])
    assert resp.status_code == 404


def test_another_project_cannot_launch_it(snapshot):
    resp = call("alt_demo", "POST", "/containers/create",
                body={"Image": snapshot["ref"], "Cmd": ["true"],
                      "HostConfig": LIMITS})
    assert resp.status_code == 404
    assert "No such image" in resp.json()["message"]


def test_own_project_launches_it(snapshot, made):
    resp = call("demo", "POST", "/containers/create",
                params={"name": unique("p3i-from-snap")},
                body={"Image": snapshot["ref"], "Cmd": ["true"],
                      "HostConfig": LIMITS})
    assert resp.status_code == 201, resp.text
    made.append(resp.json()["Id"])


def test_another_project_cannot_tag_over_it(snapshot):
    resp = call("alt_demo", "POST", "/images/%s/tag" % IMAGE,
                params={"repo": snapshot["repo"], "tag": "v1"})
    assert resp.status_code == 403


def test_public_image_tag_cannot_be_overwritten_by_a_member(snapshot):
    resp = call("demo", "POST", "/images/%s/tag" % snapshot["ref"],
                params={"repo": "busybox", "tag": "latest"})
    assert resp.status_code == 403
    body = call("demo", "GET", "/images/busybox:latest/json").json()
    assert body["Id"] != snapshot["Id"]


@pytest.mark.parametrize("user", ["demo", "alt_demo"])
def test_members_cannot_remove_the_public_image(user):
    resp = call(user, "DELETE", "/images/%s" % IMAGE)
    assert resp.status_code == 403


def test_members_cannot_pull_over_the_public_tag():
    resp = call("demo", "POST", "/images/create",
                params={"fromImage": "busybox", "tag": "latest"})
    assert resp.status_code == 403


def test_reader_cannot_commit_or_tag(shared, snapshot):
    assert call("reader", "POST", "/commit", params={
        "container": shared["demo"]["Name"]}).status_code == 403
    assert call("reader", "POST", "/images/%s/tag" % snapshot["ref"],
                params={"repo": "p3i-reader"}).status_code == 403


def test_commit_cannot_smuggle_openstack_labels(shared):
    resp = call("demo", "POST", "/commit", params={
        "container": shared["demo"]["Name"],
        "changes": "LABEL org.openstack.public=true"})
    assert resp.status_code == 403


def test_own_tag_and_delete_work(snapshot):
    repo = unique("p3i-retag")
    assert call("demo", "POST", "/images/%s/tag" % snapshot["ref"],
                params={"repo": repo, "tag": "t"}).status_code == 201
    assert repo + ":t" in listed_tags("demo")
    resp = call("demo", "DELETE", "/images/%s:t" % repo)
    assert resp.status_code == 200, resp.text
    assert repo + ":t" not in listed_tags("demo")


# Volumes

@pytest.fixture(scope="module")
def volume(daemon):
    name = unique("p3i-vol")
    resp = call("demo", "POST", "/volumes/create", body={"Name": name})
    assert resp.status_code == 201, resp.text
    yield name
    try:
        daemon.remove_volume(name, force=True)
    except docker.errors.NotFound:
        pass


def volume_names(user):
    return {v["Name"] for v in call(user, "GET", "/volumes").json()
            ["Volumes"] or []}


def test_volume_is_labelled_and_listed_for_its_project_only(volume):
    body = call("demo", "GET", "/volumes/%s" % volume).json()
    assert body["Labels"]["org.openstack.project-id"] == \
        stack.project_ids()["demo"]
    assert volume in volume_names("demo")
    assert volume not in volume_names("alt_demo")


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_another_projects_volume_answers_like_a_missing_one(volume, method):
    resp = call("alt_demo", method, "/volumes/%s" % volume)
    assert resp.status_code == 404
    assert resp.json()["message"] == "No such volume: %s" % volume


def test_another_project_cannot_claim_the_name(volume, daemon):
    resp = call("alt_demo", "POST", "/volumes/create", body={"Name": volume})
    assert resp.status_code == 409
    # Not whose it is: a host volume's name is refused in the same words.
    assert resp.json()["message"] == (
        "Volume name %s is not available to this project" % volume)
    host = unique("p3i-hostvol")
    daemon.create_volume(host)
    try:
        resp = call("alt_demo", "POST", "/volumes/create",
                    body={"Name": host})
        assert resp.status_code == 409
        assert resp.json()["message"] == (
            "Volume name %s is not available to this project" % host)
    finally:
        daemon.remove_volume(host)


def test_another_project_cannot_mount_it(volume):
    resp = call("alt_demo", "POST", "/containers/create",
                body={"Image": IMAGE, "Cmd": ["true"], "HostConfig": dict(
                    LIMITS, Binds=["%s:/data" % volume])})
    assert resp.status_code == 403
    assert resp.json()["field"] == "HostConfig.Binds"


def test_own_project_mounts_it(volume, made):
    resp = call("demo", "POST", "/containers/create",
                params={"name": unique("p3i-mount")},
                body={"Image": IMAGE, "Cmd": ["true"], "HostConfig": dict(
                    LIMITS, Binds=["%s:/data" % volume])})
    assert resp.status_code == 201, resp.text
    call("demo", "DELETE", "/containers/%s" % resp.json()["Id"])


def test_host_path_driver_options_are_refused():
    resp = call("demo", "POST", "/volumes/create", body={
        "Name": unique("p3i-bindvol"), "DriverOpts": {
            "type": "none", "o": "bind", "device": "/etc"}})
    assert resp.status_code == 403
    assert resp.json()["field"] == "DriverOpts"


def test_reader_cannot_create_or_delete(volume):
    assert call("reader", "POST", "/volumes/create",
                body={"Name": unique("p3i-r")}).status_code == 403
    assert call("reader", "DELETE", "/volumes/%s" % volume
                ).status_code == 403
    assert call("reader", "GET", "/volumes/%s" % volume).status_code == 200


# Networks

def test_each_project_sees_only_its_network(shared):
    ids = stack.project_ids()
    for user, project in (("demo", "demo"), ("alt_demo", "alt_demo")):
        names = {n["Name"] for n in call(user, "GET", "/networks").json()}
        assert names == {"dd-" + ids[project]}
    resp = call("alt_demo", "GET", "/networks/dd-" + ids["demo"])
    assert resp.status_code == 404


def test_containers_of_two_projects_cannot_reach_each_other(made):
    server = create("demo", cmd=("httpd", "-f", "-p", "8080"))
    made.append(server["Id"])
    ip = next(iter(call("demo", "GET", "/containers/%s/json" % server["Id"])
                   .json()["NetworkSettings"]["Networks"].values()
                   ))["IPAddress"]
    # demo's probe retries until the server listens; alt_demo's then tries
    # a server known to be up.
    probes = {
        "demo": "for i in $(seq 50); do echo x | nc -w 1 %s 8080 "
                ">/dev/null && echo reached && exit; sleep 0.1; done; "
                "echo unreachable" % ip,
        "alt_demo": "echo x | nc -w 2 %s 8080 >/dev/null && echo reached "
                    "|| echo unreachable" % ip,
    }
    results = {}
    for user in ("demo", "alt_demo"):
        probe = ("sh", "-c", probes[user])
        client = create(user, cmd=probe)
        made.append(client["Id"])
        call(user, "POST", "/containers/%s/wait" % client["Id"])
        results[user] = call(user, "GET", "/containers/%s/logs"
                             % client["Id"], params={"stdout": 1}).content
    assert b"reached" in results["demo"] and b"unreachable" not in \
        results["demo"]
    assert b"unreachable" in results["alt_demo"]


def test_only_admins_publish_and_a_published_image_is_shared(snapshot):
    path = "/dd/images/%s/publish" % snapshot["Id"]
    assert call("demo", "POST", path).status_code == 403
    assert call("admin", "POST", path).status_code == 200
    try:
        assert call("alt_demo", "GET", "/images/%s/json" % snapshot["Id"]
                    ).status_code == 200
        assert snapshot["Id"] in {r["Id"] for r in call(
            "alt_demo", "GET", "/images/json").json()}
        # Public now: changed by admins only, its makers included.
        for user in ("alt_demo", "demo"):
            assert call(user, "DELETE", "/images/%s" % snapshot["Id"]
                        ).status_code == 403
    finally:
        assert call("admin", "DELETE", path).status_code == 200
    assert call("alt_demo", "GET", "/images/%s/json" % snapshot["Id"]
                ).status_code == 404
    assert call("demo", "GET", "/images/%s/json" % snapshot["Id"]
                ).status_code == 200
