"""The Images panel in Chromium, as demo: build from a Dockerfile and watch
the log, open the new image's layers and find the added file; pull from the
local registry with per-layer progress shown."""
import uuid

import io
import tarfile

import docker
import pytest

from tests import registry

REGISTRY = "127.0.0.1:5005"


def local_daemon():
    """dockerd itself, for the fixture's setup and clean-up only (pushing a
    test image to the registry; removing what these tests made)."""
    return docker.APIClient(base_url="unix:///var/run/docker.sock",
                            version="1.41", timeout=120)


def context_of(dockerfile):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(dockerfile.encode())
        archive.addfile(info, io.BytesIO(dockerfile.encode()))
    buffer.seek(0)
    return buffer


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:8]


@pytest.fixture
def cleanup():
    refs = []
    yield refs
    daemon = local_daemon()
    for ref in refs:
        try:
            daemon.remove_image(ref, force=True)
        except docker.errors.APIError:
            pass


@pytest.fixture
def registry_image(unique, cleanup):
    """An image in the local registry with a layer of its own (busybox's is
    already on the daemon), not on the daemon itself."""
    daemon = local_daemon()
    repository = "%s/dd-e2e-pull-%s" % (REGISTRY, unique)
    dockerfile = "FROM busybox:latest\nRUN echo %s > /unique\n" % unique
    lines = list(daemon.build(fileobj=context_of(dockerfile), custom_context=True,
                              tag=repository + ":1", rm=True, decode=True,
                              network_mode="none"))
    assert not [line for line in lines if "error" in line], lines
    lines = list(daemon.push(repository, tag="1", stream=True, decode=True))
    assert not [line for line in lines if "error" in line], lines
    daemon.remove_image(repository + ":1")
    cleanup.append(repository + ":1")
    yield repository + ":1"
    # Out of the registry again, so repositories do not pile up run by run.
    registry.delete_tag(repository + ":1")


def test_build_watch_the_log_and_find_the_added_file(login, unique, cleanup):
    page = login("demo")
    tag = "dd-e2e-build-%s:1" % unique
    cleanup.append(tag)
    page.goto("/project/docker_images/")
    page.click("text=Build Image")
    page.fill("#id_reference", tag)
    page.fill("#id_dockerfile", "FROM busybox:latest\n"
                                "RUN mkdir /hello && echo world > /hello/added.txt\n")
    page.click(".dd-stream-submit")
    page.wait_for_selector(".dd-stream-status.alert", timeout=120000)
    assert "Done" in page.inner_text(".dd-stream-status"), page.inner_text(
        ".dd-stream-status")
    assert "Step 2/2" in page.inner_text(".dd-build-log")
    page.click(".dd-stream-link")
    # The top layer is shown first: open /hello and find the file, added.
    page.click(".dd-entry[data-path='/hello'] .dd-entry-name")
    added = page.wait_for_selector(".dd-entry[data-path='/hello/added.txt']")
    assert added.get_attribute("data-status") == "added"
    assert "added" in added.inner_text()


def test_pull_from_the_local_registry_shows_each_layer(login, registry_image):
    page = login("demo")
    page.goto("/project/docker_images/pull/")
    page.fill("#id_reference", registry_image)
    page.click(".dd-stream-submit")
    page.wait_for_selector(".dd-stream-status.alert", timeout=120000)
    assert "Done" in page.inner_text(".dd-stream-status"), page.inner_text(
        ".dd-stream-status")
    bars = page.query_selector_all(".dd-layer-progress")
    assert bars
    statuses = [bar.get_attribute("data-status") for bar in bars]
    assert "Pull complete" in statuses, statuses       # the image's own layer
    assert set(statuses) <= {"Pull complete", "Already exists"}, statuses
    page.click(".dd-stream-link")
    page.wait_for_selector(".dd-layer-table")


def test_a_registry_image_that_does_not_exist_says_so(login, unique):
    page = login("demo")
    page.goto("/project/docker_images/pull/")
    page.fill("#id_reference", "%s/dd-e2e-missing-%s:1" % (REGISTRY, unique))
    page.click(".dd-stream-submit")
    page.wait_for_selector(".dd-stream-status.alert-danger")
    assert "not found" in page.inner_text(".dd-stream-status")
