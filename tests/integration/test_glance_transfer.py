"""Export to and load from the real Glance through the real proxy.

Each test makes its own container and images (unique names) and removes
them, and deletes the Glance images it made.
"""
import tarfile
import time
import uuid

import docker
import pytest
import requests

from tests import stack
from tests.unit.snapshots.crafted import archive

GLANCE = stack.os.environ.get("DD_GLANCE_URL", "http://127.0.0.1:9292")


def headers(user):
    return {"X-Auth-Token": stack.token(user)}


def wait_task(task_id, user="demo", proxy=stack.PROXY_URL):
    """Poll the task until it is no longer running (a condition, not a
    sleep of a guessed length)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        task = requests.get("%s/dd/tasks/%s" % (proxy, task_id),
                            headers=headers(user), timeout=30).json()
        if task["Status"] != "running":
            return task
        time.sleep(0.1)
    raise AssertionError("task %s still running" % task_id)


def glance_image(image_id, user="demo"):
    resp = requests.get("%s/v2/images/%s" % (GLANCE, image_id),
                        headers=headers(user), timeout=30)
    return resp.json() if resp.status_code == 200 else None


def glance_delete(image_id, user="demo"):
    requests.delete("%s/v2/images/%s" % (GLANCE, image_id),
                    headers=headers(user), timeout=30)


def glance_upload(data, name, user="demo"):
    """An image put into Glance directly, as any Glance user could."""
    created = requests.post(GLANCE + "/v2/images", headers=headers(user),
                            json={"name": name, "container_format": "docker",
                                  "disk_format": "raw"}, timeout=30).json()
    resp = requests.put("%s/v2/images/%s/file" % (GLANCE, created["id"]),
                        data=data, timeout=60, headers=dict(
                            headers(user),
                            **{"Content-Type": "application/octet-stream"}))
    assert resp.status_code == 204, resp.text
    return created["id"]


def export(ref, user="demo", proxy=stack.PROXY_URL, **body):
    return requests.post("%s/dd/images/%s/glance-export" % (proxy, ref),
                         json=body, headers=headers(user), timeout=60)


def load(glance_id, user="demo", proxy=stack.PROXY_URL):
    return requests.post("%s/dd/glance/%s/load" % (proxy, glance_id),
                         headers=headers(user), timeout=60)


@pytest.fixture
def snapshot():
    """A demo container with /marker written, committed as a demo image."""
    client = stack.docker_client("demo")
    name = "it-glance-%s" % uuid.uuid4().hex[:8]
    container = client.create_container(
        "busybox:latest", command="sleep 600", name=name,
        host_config=client.create_host_config(mem_limit=64 * 1024 ** 2,
                                              nano_cpus=500000000))
    client.start(container)
    run = client.exec_create(container, "sh -c 'echo %s > /marker'" % name)
    client.exec_start(run)
    client.commit(container, repository=name, tag="snap")
    yield "%s:snap" % name, name
    client.remove_container(container, force=True)
    try:
        client.remove_image("%s:snap" % name, force=True)
    except docker.errors.APIError:
        pass


def test_export_then_load_gives_the_same_image_back(snapshot):
    ref, name = snapshot
    client = stack.docker_client("demo")
    image_id = client.inspect_image(ref)["Id"]
    started = export(ref)
    assert started.status_code == 202, started.text
    task = wait_task(started.json()["Id"])
    glance_id = task["Result"]["glance_image_id"]
    try:
        assert task["Status"] == "succeeded", task
        image = glance_image(glance_id)
        assert image["status"] == "active"
        assert (image["name"], image["container_format"],
                image["disk_format"]) == (ref, "docker", "raw")
        assert image["docker_image_id"] == image_id
        assert image["docker_source_project"] == stack.project_ids()["demo"]
        assert task["Progress"] == 1.0 and task["DoneBytes"] == image["size"]

        client.remove_image(ref)
        loaded = wait_task(load(glance_id).json()["Id"])
        assert loaded["Status"] == "succeeded", loaded
        assert client.inspect_image(ref)["Id"] == image_id
        # The loaded image is demo's: alt_demo cannot see it.
        other = stack.docker_client("alt_demo")
        with pytest.raises(docker.errors.NotFound):
            other.inspect_image(ref)
    finally:
        glance_delete(glance_id)


def test_another_projects_image_cannot_be_exported(snapshot):
    ref, _ = snapshot
    answer = export(ref, user="alt_demo")
    assert answer.status_code == 404
    assert "No such image" in answer.json()["message"]


def test_a_reader_cannot_export(snapshot):
    answer = export(snapshot[0], user="reader")
    assert answer.status_code == 403


def test_another_projects_task_answers_as_missing(snapshot):
    started = export(snapshot[0]).json()
    task = wait_task(started["Id"])
    try:
        for method in ("get", "delete"):
            answer = getattr(requests, method)(
                "%s/dd/tasks/%s" % (stack.PROXY_URL, started["Id"]),
                headers=headers("alt_demo"), timeout=30)
            assert answer.status_code == 404
    finally:
        glance_delete(task["Result"]["glance_image_id"])


def test_a_non_docker_glance_image_is_refused():
    created = requests.post(GLANCE + "/v2/images", headers=headers("demo"),
                            json={"name": "it-not-docker",
                                  "container_format": "bare",
                                  "disk_format": "raw"}, timeout=30).json()
    try:
        answer = load(created["id"])
        assert answer.status_code == 400
        assert "not a docker image" in answer.json()["message"]
    finally:
        glance_delete(created["id"])


def _load_refused(data, match):
    glance_id = glance_upload(data, "it-crafted-%s" % uuid.uuid4().hex[:6])
    try:
        task = wait_task(load(glance_id).json()["Id"])
        assert task["Status"] == "failed"
        assert match in task["Error"], task["Error"]
    finally:
        glance_delete(glance_id)


def test_a_tarball_tagging_a_public_image_is_refused():
    before = stack.docker_client("admin").inspect_image("busybox:latest")["Id"]
    _load_refused(archive(tags=("busybox:latest",)),
                  "Tag busybox:latest is not available to this project")
    after = stack.docker_client("admin").inspect_image("busybox:latest")["Id"]
    assert after == before


def test_a_tarball_tagging_another_projects_image_is_refused(snapshot):
    ref, _ = snapshot
    before = stack.docker_client("demo").inspect_image(ref)["Id"]
    glance_id = glance_upload(archive(tags=(ref,)), "it-crafted-foreign",
                              user="alt_demo")
    try:
        task = wait_task(load(glance_id, user="alt_demo").json()["Id"],
                         user="alt_demo")
        assert task["Status"] == "failed"
        # Refused without saying whose the tag is.
        assert task["Error"].endswith(
            "Tag %s is not available to this project" % ref), task["Error"]
    finally:
        glance_delete(glance_id, user="alt_demo")
    assert stack.docker_client("demo").inspect_image(ref)["Id"] == before


def test_a_tarball_with_an_escaping_path_is_refused():
    _load_refused(archive(extra=[("../../etc/evil", b"x")]), "escapes")


def test_a_tarball_with_an_escaping_symlink_is_refused():
    _load_refused(archive(extra=[("l", b"", tarfile.SYMTYPE, "/etc")]),
                  "absolute")


def test_a_refused_tarball_loads_nothing():
    """The refusal comes after the tag list passed dockerd's way: the held
    back end of the archive means dockerd never completes the load."""
    name = "it-never-%s:1" % uuid.uuid4().hex[:6]
    data = archive(tags=(name,), extra=[("dev", b"", tarfile.CHRTYPE)])
    _load_refused(data, "device")
    with pytest.raises(docker.errors.NotFound):
        stack.docker_client("demo").inspect_image(name)
