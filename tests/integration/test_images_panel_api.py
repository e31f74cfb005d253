"""The Images panel's api functions (docker_dashboard.api.docker_images)
against the real proxy, dockerd and local registry, called as Horizon calls
them: with a request holding the user's Keystone token.

demo's image is built once for the module (docker-py through the proxy) and
used by one container of demo's, so the list's container count and the
refusal to remove an image in use are checked on the real daemon."""
import io
import uuid

import docker
import pytest

from docker_dashboard.api import docker_images
from docker_dashboard.api import exceptions
from tests import registry
from tests import stack
from tests.horizon_request import HorizonRequest
from tests.build_context import dockerfile_context

UNIQUE = uuid.uuid4().hex[:8]
LIMITS = {"mem_limit": 64 * 1024 ** 2, "nano_cpus": 250000000}


@pytest.fixture(autouse=True)
def through_the_real_proxy(settings):
    settings.DOCKER_DASHBOARD = {"proxy_url": stack.PROXY_URL}


def context_of(dockerfile):
    return io.BytesIO(dockerfile_context(dockerfile))


def remove_quietly(client, reference, force=False):
    try:
        client.remove_image(reference, force=force)
    except docker.errors.APIError:
        pass


@pytest.fixture(scope="module")
def demo_image():
    """(reference, id) of an image of demo's with one container of demo's
    (created, not started) using it."""
    proxy = stack.docker_client("demo")
    reference = "dd-it-images-%s:1" % UNIQUE
    lines = list(proxy.build(
        fileobj=context_of("FROM busybox:latest\nRUN echo %s > /it\n" % UNIQUE),
        custom_context=True, tag=reference, rm=True, decode=True,
        network_mode="none"))
    assert not [line for line in lines if "error" in line], lines
    image_id = proxy.inspect_image(reference)["Id"]
    container = proxy.create_container(
        image_id, ["true"], name="dd-it-images-user-%s" % UNIQUE,
        host_config=proxy.create_host_config(**LIMITS))
    yield reference, image_id
    proxy.remove_container(container["Id"], force=True)
    remove_quietly(proxy, image_id, force=True)


def test_list_has_the_projects_and_public_images_with_container_counts(
        demo_image):
    reference, image_id = demo_image
    rows = {row.id: row for row in docker_images.image_list(HorizonRequest("demo"))}
    assert rows[image_id].containers == 1
    assert rows[image_id].tags == [reference]
    assert not rows[image_id].public
    public = [row for row in rows.values() if "busybox:latest" in row.tags]
    assert public and public[0].public
    # The layer count comes from inspect: busybox's layer and the RUN's.
    counted = docker_images.add_layer_counts(HorizonRequest("demo"),
                                             [rows[image_id]])
    assert counted[0].layer_count == 2


def test_the_reference_filter_is_dockers(demo_image):
    reference, image_id = demo_image
    rows = docker_images.image_list(HorizonRequest("demo"), "dd-it-images-%s" % UNIQUE)
    assert [row.id for row in rows] == [image_id]


def test_alt_demo_does_not_see_demos_image(demo_image):
    reference, image_id = demo_image
    alt = HorizonRequest("alt_demo")
    assert image_id not in {row.id for row in docker_images.image_list(alt)}
    assert docker_images.image_list(alt, reference.partition(":")[0]) == []
    with pytest.raises(exceptions.NotFound):
        docker_images.image_get(alt, image_id)


def test_tag_into_the_project(demo_image):
    reference, image_id = demo_image
    demo = HorizonRequest("demo")
    repository = "dd-it-tagged-%s" % UNIQUE
    docker_images.image_tag(demo, image_id, repository, "2")
    try:
        assert docker_images.image_get(demo, repository + ":2")["Id"] == image_id
        rows = docker_images.image_list(demo, repository)
        assert [row.tags for row in rows] == [[repository + ":2"]]
        # alt_demo can neither see the new name nor tag demo's image.
        assert docker_images.image_list(HorizonRequest("alt_demo"), repository) == []
        with pytest.raises(exceptions.NotFound):
            docker_images.image_tag(HorizonRequest("alt_demo"), image_id,
                                    "dd-it-stolen-%s" % UNIQUE, "1")
    finally:
        docker_images.image_delete(demo, repository + ":2")
    assert docker_images.image_get(demo, image_id)["RepoTags"] == [reference]


def test_remove_is_refused_while_a_container_uses_the_image(demo_image):
    reference, image_id = demo_image
    demo = HorizonRequest("demo")
    with pytest.raises(exceptions.ProxyRefused) as caught:
        docker_images.image_delete(demo, image_id)
    assert caught.value.status == 409
    assert "used by a stopped container" in caught.value.message
    assert docker_images.image_get(demo, image_id)["Id"] == image_id


def test_build_push_and_pull_back_stream_their_progress():
    """An image built through the api, pushed to the local registry, removed
    from the daemon and pulled back: each step's stream as the page gets it."""
    demo = HorizonRequest("demo")
    proxy = stack.docker_client("demo")
    source = "dd-it-build-%s:1" % UNIQUE
    target = "%s/dd-it-push-%s" % (registry.REGISTRY, UNIQUE)
    try:
        built = list(docker_images.image_build(
            demo, context_of("FROM busybox:latest\nRUN echo %s > /built\n"
                             % UNIQUE), source))
        assert not [line for line in built if "error" in line], built
        log = "".join(line.get("stream", "") for line in built)
        assert "RUN echo %s > /built" % UNIQUE in log
        image_id = [line["aux"]["ID"] for line in built if "aux" in line][-1]
        assert image_id in {row.id for row in docker_images.image_list(demo)}
        assert image_id not in {
            row.id for row in docker_images.image_list(HorizonRequest("alt_demo"))}

        docker_images.image_tag(demo, image_id, target, "1")
        pushed = list(docker_images.image_push(demo, target, "1"))
        assert not [line for line in pushed if "error" in line], pushed
        layers = {line["id"]: line["status"] for line in pushed if "id" in line}
        assert "Pushed" in layers.values(), pushed       # the RUN's own layer
        digest = [line["aux"]["Digest"] for line in pushed if "aux" in line]
        assert digest and digest[0].startswith("sha256:"), pushed
        assert registry.tags(target[len(registry.REGISTRY) + 1:]) == ["1"]

        # Off the daemon entirely, so the pull has a layer to download.
        docker_images.image_delete(demo, source)
        docker_images.image_delete(demo, target + ":1")
        with pytest.raises(exceptions.NotFound):
            docker_images.image_get(demo, image_id)

        pulled = list(docker_images.image_pull(demo, target, "1"))
        assert not [line for line in pulled if "error" in line], pulled
        statuses = {line["id"]: line["status"] for line in pulled
                    if "id" in line and line["id"] != "1"}
        assert "Pull complete" in statuses.values(), pulled
        assert any(line.get("progressDetail", {}).get("total")
                   for line in pulled), pulled
        assert docker_images.image_get(demo, target + ":1")["Id"] == image_id
    finally:
        registry.delete_tag(target + ":1")
        remove_quietly(proxy, target + ":1", force=True)
        remove_quietly(proxy, source, force=True)


def test_a_push_of_demos_image_is_refused_to_alt_demo(demo_image):
    reference, image_id = demo_image
    demo, alt = HorizonRequest("demo"), HorizonRequest("alt_demo")
    target = "%s/dd-it-refused-%s" % (registry.REGISTRY, UNIQUE)
    docker_images.image_tag(demo, image_id, target, "1")
    try:
        with pytest.raises(exceptions.NotFound):
            list(docker_images.image_push(alt, target, "1"))
        assert registry.tags(target[len(registry.REGISTRY) + 1:]) == []
    finally:
        docker_images.image_delete(demo, target + ":1")
