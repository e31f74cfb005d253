"""Admin -> Docker -> Images' api functions (docker_admin_images) against
the real routing endpoint and dockerd, as Horizon calls them with the
admin's token: every project's images with their owner and users, and
Publish / Withdraw, checked from the other side as alt_demo through the
proxy: published, demo's image is alt_demo's to see; withdrawn, it is
gone again. A member may do neither."""
import io
import uuid

import docker
import pytest

from docker_dashboard.api import docker_admin_images
from docker_dashboard.api import exceptions
from tests import stack
from tests.horizon_request import HorizonRequest
from tests.build_context import dockerfile_context

UNIQUE = uuid.uuid4().hex[:8]
LIMITS = {"mem_limit": 64 * 1024 ** 2, "nano_cpus": 250000000}


@pytest.fixture(autouse=True)
def through_the_real_proxy(settings):
    settings.DOCKER_DASHBOARD = {"proxy_url": stack.PROXY_URL}


@pytest.fixture
def demo_image():
    """(id, container name) of a fresh image of demo's, built through the
    proxy, used by one (created) container of demo's; both removed after,
    whatever the test did to the image."""
    proxy = stack.docker_client("demo")
    reference = "dd-it-admin-images-%s:1" % UNIQUE
    lines = list(proxy.build(
        fileobj=io.BytesIO(dockerfile_context(
            "FROM busybox:latest\nRUN echo %s > /it\n" % UNIQUE)),
        custom_context=True, tag=reference, rm=True, decode=True,
        network_mode="none"))
    assert not [line for line in lines if "error" in line], lines
    image_id = proxy.inspect_image(reference)["Id"]
    name = "dd-it-admin-images-user-%s" % UNIQUE
    container = proxy.create_container(
        image_id, ["true"], name=name,
        host_config=proxy.create_host_config(**LIMITS))
    try:
        yield image_id, name
    finally:
        proxy.remove_container(container["Id"], force=True)
        admin = stack.docker_client("admin")
        try:
            admin.remove_image(image_id, force=True)
        except docker.errors.NotFound:
            pass


def admin_row(image_id):
    rows = {row.id: row for row in
            docker_admin_images.image_list(HorizonRequest("admin"))}
    return rows.get(image_id)


def seen_by_alt(image_id):
    alt = stack.docker_client("alt_demo")
    listed = image_id in {row["Id"] for row in alt.images()}
    try:
        alt.inspect_image(image_id)
        inspected = True
    except docker.errors.NotFound:
        inspected = False
    assert listed == inspected
    return listed


def test_every_projects_image_is_listed_with_its_owner_and_users(demo_image):
    image_id, container_name = demo_image
    row = admin_row(image_id)
    assert row is not None
    assert row.owner_id == stack.project_ids()["demo"]
    assert not row.public
    assert row.containers == 1
    assert row.user_names == [container_name]
    assert row.size > 0


def test_a_members_list_names_no_owner(demo_image):
    image_id, _ = demo_image
    rows = stack.docker_client("demo").images()
    mine = [row for row in rows if row["Id"] == image_id]
    assert mine and docker_admin_images.OWNER_FIELD not in mine[0]


def test_publish_shows_the_image_to_other_projects_and_withdraw_hides_it(
        demo_image):
    image_id, _ = demo_image
    assert not seen_by_alt(image_id)
    docker_admin_images.image_publish(HorizonRequest("admin"), image_id)
    assert seen_by_alt(image_id)
    row = admin_row(image_id)
    assert row.public and row.owner_id == ""
    docker_admin_images.image_withdraw(HorizonRequest("admin"), image_id)
    assert not seen_by_alt(image_id)
    row = admin_row(image_id)
    assert not row.public
    assert row.owner_id == stack.project_ids()["demo"]


@pytest.mark.parametrize("user", ["demo", "alt_demo"])
def test_a_member_may_neither_publish_nor_withdraw(demo_image, user):
    image_id, _ = demo_image
    with pytest.raises(exceptions.DockerDashboardError):
        docker_admin_images.image_publish(HorizonRequest(user), image_id)
    assert not seen_by_alt(image_id)
    docker_admin_images.image_publish(HorizonRequest("admin"), image_id)
    with pytest.raises(exceptions.DockerDashboardError):
        docker_admin_images.image_withdraw(HorizonRequest(user), image_id)
    assert seen_by_alt(image_id)
    docker_admin_images.image_withdraw(HorizonRequest("admin"), image_id)


def test_an_image_the_operator_lists_stays_public_when_withdrawn():
    """busybox:latest is in the stack's DD_PUBLIC_IMAGES: a withdraw cannot
    hide it, and the proxy's answer says it is still public (the panel
    shows that rather than a success)."""
    base_id = stack.docker_client("admin").inspect_image(
        "busybox:latest")["Id"]
    answer = docker_admin_images.image_withdraw(HorizonRequest("admin"), base_id)
    assert answer == {"Id": base_id, "public": True}
    assert seen_by_alt(base_id)
    assert admin_row(base_id).public
