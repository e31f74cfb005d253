"""The Tasks table in Chromium, as demo: a pull failed (the registry did not
have the image yet) is listed as failed with Docker's words; once the
image is in the registry, Retry from the row starts it again and the row
ends as succeeded, the image now the project's. A build's row offers no
Retry: Build Again instead."""
import uuid

import docker
import pytest

from tests import registry
from tests import stack
from tests.build_context import build_that_fails
from tests.e2e import containers_ui as ui

IMAGES = "/project/docker_images/"
TASKS = IMAGES + "tasks/"


def open_tasks(page):
    """Images, then its Tasks button, as a user reaches the table."""
    page.goto(IMAGES)
    page.click("#docker_images__action_tasks")
    page.wait_for_url("**" + TASKS)


def task_row(page, kind, what):
    return page.locator('#tasks tr[data-display="%s %s"]' % (kind, what))


@pytest.fixture
def missing_then_pushed():
    """A registry reference a pull first fails on; `push()` puts an image
    there afterwards (and nowhere else on the daemon)."""
    client = stack.docker_client("demo")
    target = registry.repository("e2e-retry")
    reference = target + ":1"

    def push():
        name = "e2e-retry-src-%s" % uuid.uuid4().hex[:8]
        container = client.create_container(
            "busybox:latest", name=name, command="sh -c 'echo %s > /m'" % name,
            host_config=client.create_host_config(mem_limit=64 * 1024 ** 2,
                                                  nano_cpus=500000000))
        try:
            client.start(container)
            client.wait(container)
            image = client.commit(container, repository=target,
                                  tag="1")["Id"]
        finally:
            client.remove_container(container, force=True)
        for line in client.push(target, tag="1", stream=True, decode=True):
            assert "error" not in line, line
        client.remove_image(image, force=True)
    try:
        yield reference, push
    finally:
        try:
            client.remove_image(reference, force=True)
        except docker.errors.APIError:
            pass  # never pulled, or already gone
        registry.delete_tag(reference)


def test_retry_a_failed_pull_from_the_tasks_table(login, missing_then_pushed):
    reference, push = missing_then_pushed
    client = stack.docker_client("demo")
    with pytest.raises(docker.errors.APIError):
        for line in client.pull(reference, stream=True, decode=True):
            if "error" in line:
                raise docker.errors.APIError(line["error"])
    push()

    page = login("demo")
    open_tasks(page)
    row = task_row(page, "Pull", reference)
    assert "Failed" in row.inner_text()
    ui.dismiss_messages(page)
    row.locator('[id$="__action_retry"]').click()
    page.wait_for_selector(".alert-success")
    assert "Started again" in ui.message(page)
    row = task_row(page, "Pull", reference)
    # The row updates itself (Horizon's ajax row update) until it ends.
    row.locator("td", has_text="Succeeded").wait_for(timeout=120000)
    assert "100%" in row.inner_text()
    assert row.locator('[id$="__action_retry"]').count() == 0
    # Pulled by the retry, the image is the project's.
    assert client.inspect_image(reference)["Id"]
    with pytest.raises(docker.errors.NotFound):
        stack.docker_client("alt_demo").inspect_image(reference)


def test_a_failed_build_offers_build_again_not_retry(login):
    client = stack.docker_client("demo")
    tag = "e2e-retry-build-%s:1" % uuid.uuid4().hex[:8]
    build_that_fails(client, "FROM busybox:latest\nRUN exit 3\n", tag)
    page = login("demo")
    open_tasks(page)
    row = task_row(page, "Build", tag)
    assert "Failed" in row.inner_text()
    assert "build again" in row.inner_text()
    assert row.locator('[id$="__action_retry"]').count() == 0
    row.locator('[id$="__action_build_again"]').click()
    page.wait_for_url("**/project/docker_images/build/")
