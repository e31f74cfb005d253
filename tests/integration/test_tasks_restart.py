"""Tasks outlive the proxy: a proxy of the test's own is killed (SIGKILL)
in the middle of a Glance export and of a pull, and started again over the
same state database under the same name (DD_PROXY_NAME). The task is shown
before (running, with progress) and after (failed, with the reason), what
it left in Glance is gone, and Retry does the work.
"""
import threading
import time
import uuid

import docker
import pytest
import requests

from docker_dashboard.proxy import tasks
from tests import registry
from tests import big_images
from tests.build_context import build_that_fails
from tests import stack
from tests.integration.test_glance_faults import big_image  # noqa: F401
from tests.integration.test_glance_transfer import export
from tests.integration.test_glance_transfer import glance_delete
from tests.integration.test_glance_transfer import glance_image
from tests.integration.test_glance_transfer import headers
from tests.integration.test_glance_transfer import wait_task


def task_of(proxy, task_id, user="demo"):
    resp = requests.get("%s/dd/tasks/%s" % (proxy, task_id),
                        headers=headers(user), timeout=60)
    return resp.status_code, resp.json()


def wait_for_progress(proxy, find):
    """Polls until the task `find()` names has moved some bytes while
    running (enough that the throttled row holds progress too)."""
    while True:
        task = find()
        if task is not None and (task["Status"] != "running" or task[
                "DoneBytes"] >= 2 * tasks.PROGRESS_BYTES):
            return task


def retry(proxy, task_id, user="demo"):
    return requests.post("%s/dd/tasks/%s/retry" % (proxy, task_id),
                         headers=headers(user), timeout=60)


@pytest.fixture
def proxy_name():
    return "it-tasks-%s" % uuid.uuid4().hex[:8]


def test_export_killed_mid_transfer_then_retried(big_image,  # noqa: F811
                                                 proxy_name):
    made = []
    try:
        with stack.own_proxy(DD_PROXY_NAME=proxy_name) as (process, proxy):
            started = export(big_image, proxy=proxy)
            assert started.status_code == 202, started.text
            task_id = started.json()["Id"]
            glance_id = started.json()["Result"]["glance_image_id"]
            made.append(glance_id)
            before = wait_for_progress(
                proxy, lambda: task_of(proxy, task_id)[1])
            assert before["Status"] == "running", before
            assert 0 < before["Progress"] < 1
            process.kill()
            process.wait()
        # Killed mid-upload, the Glance image is there, never active.
        left = glance_image(glance_id)
        assert left is not None and left["status"] != "active", left

        with stack.own_proxy(DD_PROXY_NAME=proxy_name) as (_, proxy):
            status, after = task_of(proxy, task_id)
            assert status == 200
            assert (after["Status"], after["Error"]) == ("failed",
                                                         tasks.RESTARTED)
            # The progress written before the kill survived it.
            assert after["DoneBytes"] > 0
            # Read with a token of the project, the partial image is
            # deleted (at once, or at a later read if Glance was still busy
            # with the upload the kill cut).
            deadline = time.monotonic() + 120
            while "unfinished_glance_image_id" in after["Result"]:
                assert time.monotonic() < deadline, after
                time.sleep(1)
                after = task_of(proxy, task_id)[1]
            assert glance_image(glance_id) is None
            # Another project can neither see nor retry it.
            assert task_of(proxy, task_id, "alt_demo")[0] == 404
            assert retry(proxy, task_id, "alt_demo").status_code == 404

            again = retry(proxy, task_id)
            assert again.status_code == 202, again.text
            made.append(again.json()["Result"]["glance_image_id"])
            done = wait_task(again.json()["Id"], proxy=proxy)
            assert done["Status"] == "succeeded", done
            assert done["Params"]["image"] == big_image
            assert glance_image(made[-1])["status"] == "active"
            # The failed task was replaced by the retry.
            assert task_of(proxy, task_id)[0] == 404
    finally:
        for glance_id in made:
            glance_delete(glance_id)


@pytest.fixture
def big_in_registry():
    """A 100 MB image in the local registry and nowhere on the daemon, so
    a pull downloads every byte."""
    client = stack.docker_client("demo")
    target = registry.repository("it-tasks-pull")
    image = big_images.commit(client, target, 100, tag="1")
    try:
        for line in client.push(target, tag="1", stream=True, decode=True):
            assert "error" not in line, line
        client.remove_image(image, force=True)
        yield target
    finally:
        try:
            client.remove_image(target + ":1", force=True)
        except docker.errors.APIError:
            pass  # already gone
        registry.delete_tag(target + ":1")


def test_pull_killed_mid_stream_then_retried(big_in_registry, proxy_name):
    client = stack.docker_client("demo")
    with stack.own_proxy(DD_PROXY_NAME=proxy_name) as (process, proxy):
        stream = requests.post(
            "%s/v1.41/images/create" % proxy, stream=True, timeout=120,
            params={"fromImage": big_in_registry, "tag": "1"},
            headers=headers("demo"))
        assert stream.status_code == 200
        # The caller reads its stream as usual, unchanged by the task,
        # until the kill cuts it.
        def read():
            try:
                for _ in stream.iter_lines():
                    pass
            except requests.RequestException:
                pass
        reader = threading.Thread(target=read, daemon=True)
        reader.start()

        def find():
            listed = requests.get(proxy + "/dd/tasks", headers=headers("demo"),
                                  timeout=60).json()
            return next((t for t in listed if t["Kind"] == "pull" and t[
                "Params"]["fromImage"] == big_in_registry), None)
        before = wait_for_progress(proxy, find)
        assert before["Status"] == "running", before
        assert before["Progress"] > 0
        process.kill()
        process.wait()
        reader.join(timeout=60)

    with stack.own_proxy(DD_PROXY_NAME=proxy_name) as (_, proxy):
        status, after = task_of(proxy, before["Id"])
        assert (after["Status"], after["Error"]) == ("failed",
                                                     tasks.RESTARTED)
        assert after["Params"] == {"fromImage": big_in_registry, "tag": "1"}
        again = retry(proxy, before["Id"])
        assert again.status_code == 202, again.text
        done = wait_task(again.json()["Id"], proxy=proxy)
        assert done["Status"] == "succeeded", done
        assert done["Progress"] == 1.0
    # Pulled by the retry, the image is the project's.
    assert client.inspect_image(big_in_registry + ":1")["Id"]
    with pytest.raises(docker.errors.NotFound):
        stack.docker_client("alt_demo").inspect_image(big_in_registry + ":1")


def test_a_build_is_a_task_that_is_not_retried(proxy_name):
    client = stack.docker_client("demo")
    tag = "it-tasks-build-%s:1" % uuid.uuid4().hex[:8]
    output = build_that_fails(client, "FROM busybox:latest\nRUN false\n",
                              tag)
    assert any("error" in line for line in output)
    listed = requests.get(stack.PROXY_URL + "/dd/tasks",
                          headers=headers("demo"), timeout=60).json()
    build = next(t for t in listed if t["Kind"] == "build"
                 and t["Params"]["tags"] == [tag])
    assert build["Status"] == "failed" and build["Retryable"] is False
    answer = retry(stack.PROXY_URL, build["Id"])
    assert answer.status_code == 409
    assert "start the build again" in answer.json()["message"]
