"""The Images panel in Chromium, as demo: build from a Dockerfile and watch
the log, open the new image's layers and find the added file; pull from the
local registry with per-layer progress shown; push to it with progress and
the registry's digest, and a refused push in the proxy's words."""
import uuid

import io
import tarfile

import docker
import pytest
import requests

from tests import registry
from tests import stack

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
    # The log shows the Dockerfile's own step (the proxy adds a LABEL step
    # of the project's after it, so the count is not the Dockerfile's).
    assert "RUN mkdir /hello && echo world > /hello/added.txt" in \
        page.inner_text(".dd-build-log")
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


@pytest.fixture
def demo_image(unique):
    """A small image of demo's own, built through the proxy as demo and
    already named for the local registry (not pushed)."""
    proxy = stack.docker_client("demo")
    reference = "%s/dd-e2e-push-%s:1" % (REGISTRY, unique)
    dockerfile = "FROM busybox:latest\nRUN echo %s > /pushed\n" % unique
    lines = list(proxy.build(fileobj=context_of(dockerfile), custom_context=True,
                             tag=reference, rm=True, decode=True,
                             network_mode="none"))
    assert not [line for line in lines if "error" in line], lines
    yield reference, proxy.inspect_image(reference)["Id"]
    registry.delete_tag(reference)
    try:
        proxy.remove_image(reference, force=True)
    except docker.errors.APIError:
        pass


def registry_digest(reference):
    name, _colon, tag = reference[len(REGISTRY) + 1:].rpartition(":")
    head = requests.head("http://%s/v2/%s/manifests/%s" % (REGISTRY, name, tag),
                         headers={"Accept": registry.MANIFEST_TYPES}, timeout=30)
    return head.headers.get("Docker-Content-Digest")


def test_push_shows_each_layer_and_the_registrys_digest(login, demo_image):
    reference, image_id = demo_image
    page = login("demo")
    page.goto("/project/docker_images/%s/push/" % image_id)
    page.fill("#id_reference", reference)
    page.click(".dd-stream-submit")
    page.wait_for_selector(".dd-stream-status.alert", timeout=120000)
    status = page.inner_text(".dd-stream-status")
    assert "Pushed %s" % reference in status, status
    statuses = [bar.get_attribute("data-status")
                for bar in page.query_selector_all(".dd-layer-progress")]
    assert "Pushed" in statuses, statuses          # the image's own layer
    finished = [bar.evaluate("b => { var m = b.querySelector('progress');"
                             " return m.value >= m.max; }")
                for bar in page.query_selector_all(".dd-layer-progress")]
    assert all(finished), statuses
    # The digest shown is the one the registry now serves for the tag.
    repository = reference[len(REGISTRY) + 1:].rpartition(":")[0]
    assert registry.tags(repository) == ["1"]
    digest = registry_digest(reference)
    assert digest and digest in status, (digest, status)


def test_a_refused_push_shows_the_proxys_reason(login, unique):
    """A member may tag the public base image into the project but not push
    it: the proxy's 403 is what the page says."""
    proxy = stack.docker_client("demo")
    public_id = proxy.inspect_image("busybox:latest")["Id"]
    reference = "%s/dd-e2e-refused-%s:1" % (REGISTRY, unique)
    page = login("demo")
    try:
        page.goto("/project/docker_images/%s/push/" % public_id)
        page.fill("#id_reference", reference)
        page.click(".dd-stream-submit")
        page.wait_for_selector(".dd-stream-status.alert-danger", timeout=60000)
        assert "only an admin can change it" in page.inner_text(
            ".dd-stream-status")
        assert not page.query_selector_all(".dd-layer-progress")
        repository = reference[len(REGISTRY) + 1:].rpartition(":")[0]
        assert registry.tags(repository) == []
    finally:
        # Only the project's own extra name goes; busybox keeps its tags.
        try:
            proxy.remove_image(reference)
        except docker.errors.APIError:
            pass
