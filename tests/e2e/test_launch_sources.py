"""Launch Container in Chromium, as demo, from each image source: an image
preselected by the Images panel's Launch action, a registry reference
(pulled first, progress shown) and a docker image in Glance (loaded first,
progress shown); each container is then running in demo's project."""
import uuid

import docker
import pytest

from tests import registry
from tests import stack
from tests.e2e import containers_ui as ui
from tests.e2e.test_images import context_of
from tests.e2e.test_images import local_daemon
from tests.integration.test_glance_transfer import export
from tests.integration.test_glance_transfer import glance_delete
from tests.integration.test_glance_transfer import wait_task


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:8]


@pytest.fixture
def leftovers(unique):
    """Removes what a test launched and the images it fetched."""
    refs = []
    yield refs
    ui.remove_by_prefix("dd-e2e-src-%s" % unique)
    daemon = local_daemon()
    for ref in refs:
        try:
            daemon.remove_image(ref, force=True)
        except docker.errors.APIError:
            pass


def fill_and_launch(page, name, source, field, value):
    page.goto(ui.CONTAINERS)
    ui.dismiss_messages(page)
    page.click("#containers__action_launch")
    page.wait_for_selector(".modal #id_name")
    ui.choose(page, "source", source)
    if field == "registry_ref":
        page.fill(".modal #id_registry_ref", value)
    else:
        ui.choose(page, field, value)
    page.fill(".modal #id_name", name)
    page.fill(".modal #id_command", "sleep 600")
    ui.open_step(page, "resources")
    ui.choose(page, "flavor", "1")
    page.click('.modal [type="submit"].btn-primary')


def wait_running(page, name):
    """The pending page creates the container and lands on the index."""
    page.wait_for_url("**/project/docker_containers/", timeout=120000)
    found = stack.docker_client("demo").containers(
        filters={"name": name, "status": "running"})
    assert [c["Names"] for c in found] == [["/" + name]], \
        page.locator(".messages").inner_text()
    return found[0]


def test_images_panel_launch_preselects_the_image(login):
    page = login("demo")
    page.goto("/project/docker_images/")
    # The filter, not the first page: other tests add many images.
    page.fill('input[name="docker_images__filter__q"]', "busybox:latest")
    page.click("#docker_images__action_filter")
    try:
        page.locator('#docker_images tr:has-text("busybox:latest") '
                     '[id$="__action_launch"]').first.click()
        page.wait_for_selector("#id_image", state="attached")
        assert page.input_value("#id_image") == "busybox:latest"
        assert page.input_value("#id_source") == "image"
    finally:
        page.goto("/project/docker_images/")
        page.fill('input[name="docker_images__filter__q"]', "")
        page.click("#docker_images__action_filter")


@pytest.fixture
def pushed(unique):
    """An image only in the local registry; deleted from it afterwards."""
    daemon = local_daemon()
    repository = "%s/dd-e2e-src-%s" % (registry.REGISTRY, unique)
    dockerfile = "FROM busybox:latest\nRUN echo %s > /unique\n" % unique
    lines = list(daemon.build(fileobj=context_of(dockerfile),
                              custom_context=True, tag=repository + ":1",
                              rm=True, decode=True, network_mode="none"))
    assert not [line for line in lines if "error" in line], lines
    lines = list(daemon.push(repository, tag="1", stream=True, decode=True))
    assert not [line for line in lines if "error" in line], lines
    daemon.remove_image(repository + ":1")
    yield repository + ":1"
    registry.delete_tag(repository + ":1")
    assert registry.tags("dd-e2e-src-%s" % unique) == []


def test_launch_from_a_registry_reference(login, unique, pushed, leftovers):
    leftovers.append(pushed)
    page = login("demo")
    name = "dd-e2e-src-%s-reg" % unique
    # The pending page streams the pull (its per-layer progress), then
    # creates the container.
    with page.expect_response(lambda r: "/docker_images/pull/stream/"
                              in r.url, timeout=120000) as pull:
        fill_and_launch(page, name, "registry", "registry_ref", pushed)
    assert pull.value.status == 200
    container = wait_running(page, name)
    assert container["Image"] == pushed


@pytest.fixture
def in_glance(unique):
    """A demo image exported to Glance through the proxy, then removed from
    Docker, so launching it needs the load."""
    client = stack.docker_client("demo")
    ref = "dd-e2e-src-%s-glance:1" % unique
    # Committed through the proxy so that the image is demo's own.
    limits = client.create_host_config(nano_cpus=10 ** 8, mem_limit=64 << 20)
    holder = client.create_container("busybox:latest", ["true"],
                                     host_config=limits)["Id"]
    client.commit(holder, repository="dd-e2e-src-%s-glance" % unique,
                  tag="1")
    client.remove_container(holder, force=True)
    started = export(ref)
    assert started.status_code in (200, 201, 202), started.text
    task = wait_task(started.json()["Id"])
    assert task["Status"] == "succeeded", task
    glance_id = task["Result"]["glance_image_id"]
    client.remove_image(ref)
    yield ref, glance_id
    glance_delete(glance_id)


def test_launch_from_a_glance_image(login, unique, in_glance, leftovers):
    ref, glance_id = in_glance
    leftovers.append(ref)
    page = login("demo")
    name = "dd-e2e-src-%s-gl" % unique
    with page.expect_response(lambda r: "/docker_snapshots/tasks/" in r.url,
                              timeout=120000) as progress:
        fill_and_launch(page, name, "glance", "glance_image", glance_id)
    assert progress.value.status == 200
    container = wait_running(page, name)
    assert container["Image"] == ref
