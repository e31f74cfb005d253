"""Admin -> Docker -> Images in a real Chromium: an admin clicks from the
menu into the panel, publishes a fresh image of demo's through the row's
Publish action and its confirmation, sees it among the public images (and
alt_demo, through the proxy, sees it too), then withdraws it the same way.
A member has no such panel in the menu, and its address refuses them."""
import io
import uuid

import docker
import pytest
from playwright.sync_api import expect

from tests import stack
from tests.build_context import dockerfile_context
from tests.e2e import containers_ui as ui

LIMITS = {"mem_limit": 64 * 1024 ** 2, "nano_cpus": 250000000}


def open_admin_panel(page, slug):
    """Admin -> Docker -> <panel>, clicked in the sidebar as a user does."""
    page.goto("/project/")
    link = page.locator('#sidebar a[href="/admin/%s/"]' % slug)
    if not link.is_visible():
        if not page.locator("#sidebar-accordion-admin").is_visible():
            page.click('#sidebar a[data-target="#sidebar-accordion-admin"]')
        page.click('#sidebar a[data-target='
                   '"#sidebar-accordion-admin-docker_admin"]')
    link.click()
    page.wait_for_url("**/admin/%s/" % slug)


def refused_to_member(page, slug):
    """A member has no link to the panel, and its address answers 403 or
    404 (Horizon's refusal page), never the panel."""
    page.goto("/project/")
    assert page.locator('#sidebar a[href="/admin/%s/"]' % slug).count() == 0
    assert page.locator("#sidebar-accordion-admin-docker_admin").count() == 0
    answer = page.goto("/admin/%s/" % slug)
    assert answer.status in (403, 404)
    return page


@pytest.fixture
def demo_image():
    """The id of a fresh image of demo's (built through the proxy, with a
    container of demo's using it); removed after, public or not."""
    proxy = stack.docker_client("demo")
    unique = uuid.uuid4().hex[:8]
    reference = "dd-e2e-admin-img-%s:1" % unique
    lines = list(proxy.build(
        fileobj=io.BytesIO(dockerfile_context(
            "FROM busybox:latest\nRUN echo %s > /it\n" % unique)),
        custom_context=True, tag=reference, rm=True, decode=True,
        network_mode="none"))
    assert not [line for line in lines if "error" in line], lines
    image_id = proxy.inspect_image(reference)["Id"]
    container = proxy.create_container(
        image_id, ["true"], name="dd-e2e-admin-img-user-%s" % unique,
        host_config=proxy.create_host_config(**LIMITS))
    try:
        yield image_id
    finally:
        proxy.remove_container(container["Id"], force=True)
        try:
            stack.docker_client("admin").remove_image(image_id, force=True)
        except docker.errors.NotFound:
            pass


def alt_demo_sees(image_id):
    return image_id in {row["Id"] for row in
                        stack.docker_client("alt_demo").images()}


def image_row(page, table, image_id):
    return page.locator('#%s tr[data-object-id="%s"]' % (table, image_id))


def click_row_action(page, table, image_id, action):
    ui.dismiss_messages(page)
    row = image_row(page, table, image_id)
    button = row.locator('[id$="__action_%s"]' % action)
    if not button.is_visible():
        row.locator(".dropdown-toggle").click()
    button.click()
    # Horizon's confirmation modal: the action changes what every project
    # sees.
    modal = page.locator("#modal_wrapper .modal")
    expect(modal).to_be_visible()
    ui.confirm(page)


def test_an_admin_publishes_and_withdraws_a_projects_image(login,
                                                           demo_image):
    page = login("admin")
    open_admin_panel(page, "docker_images")
    row = image_row(page, "project_images", demo_image)
    expect(row).to_be_visible()
    # Its owner (the project's name), and the container that uses it.
    expect(row).to_contain_text("demo")
    expect(row).to_contain_text("dd-e2e-admin-img-user-")
    expect(image_row(page, "public_images", demo_image)).to_have_count(0)
    assert not alt_demo_sees(demo_image)

    click_row_action(page, "project_images", demo_image, "publish")
    assert "Published Image" in ui.message(page)
    expect(image_row(page, "public_images", demo_image)).to_be_visible()
    expect(image_row(page, "project_images", demo_image)).to_have_count(0)
    assert alt_demo_sees(demo_image)

    click_row_action(page, "public_images", demo_image, "withdraw")
    assert "Withdrew Image" in ui.message(page)
    expect(image_row(page, "project_images", demo_image)).to_be_visible()
    expect(image_row(page, "public_images", demo_image)).to_have_count(0)
    assert not alt_demo_sees(demo_image)


def test_a_member_has_no_admin_images_panel(login):
    refused_to_member(login("demo"), "docker_images")
