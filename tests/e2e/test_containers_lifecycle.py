"""A demo user launches a container from the browser and follows it through
its life: running by itself, details, processes, live stats, filesystem
changes, stop, start, delete."""
import re

import pytest

from tests import stack
from tests.e2e import containers_ui as ui

PREFIX = "e2e-life"


@pytest.fixture
def names():
    name = ui.unique(PREFIX)
    yield name, name + "-vol"
    ui.remove_by_prefix(name)


def test_launch_follow_and_delete_a_container(login, names):
    name, volume = names
    page = login("demo")
    ui.launch(page, name, flavor="2", ports="80",
              volumes="%s:/data" % volume,
              environment="E2E_GREETING=hello-from-e2e\nAPI_TOKEN=s3cret")
    page.wait_for_url("**/project/docker_containers/")
    # The row reaches Running by itself (Horizon's row update, no reload).
    ui.wait_row_state(page, name, "Running")
    ports = ui.row(page, name).locator("td").nth(5).inner_text()
    assert "->80/tcp" in ports
    container_id = ui.row(page, name).get_attribute("data-object-id")

    # Details: the env var, the secret one masked until revealed.
    ui.row(page, name).locator("a", has_text=name).click()
    page.wait_for_selector(".dd-container-overview")
    overview = page.locator(".dd-container-overview")
    assert "E2E_GREETING" in overview.inner_text()
    assert "hello-from-e2e" in overview.inner_text()
    assert "s3cret" not in overview.inner_text()
    overview.locator("details.dd-secret summary").click()
    assert "s3cret" in overview.inner_text()
    assert volume in overview.inner_text()

    # A process.
    ui.open_tab(page, "processes")
    page.locator(".dd-processes td", has_text="sleep 3600").wait_for()

    # A stats chart with data, streamed.
    ui.open_tab(page, "stats")
    page.wait_for_selector('.dd-chart[data-series="mem"][data-points]')
    assert page.locator('.dd-chart[data-series="mem"] polyline').count() == 1

    # A file written in the container appears under Changes.
    client = stack.docker_client("demo")
    run = client.exec_create(container_id,
                             ["sh", "-c", "echo hi > /tmp/e2e-written.txt"])
    client.exec_start(run["Id"])
    ui.open_tab(page, "changes")
    added = page.locator('li.dd-added[data-path="/tmp/e2e-written.txt"]')
    added.wait_for()
    assert "added" in added.inner_text()

    # Stop, start, delete from the list.
    page.goto(ui.CONTAINERS)
    ui.row_action(page, name, "stop", needs_confirm=True)
    # The page answers at once; the row settles by Horizon's row update.
    ui.row(page, name).locator(
        "td", has_text=re.compile(r"^\s*Exited\s*$")).wait_for(
            timeout=60000)
    ui.row_action(page, name, "start")
    ui.wait_row_state(page, name, "Running")
    ui.row_action(page, name, "force_delete", needs_confirm=True)
    assert "Force Deleted Container: %s" % name in ui.message(page)
    assert ui.row(page, name).count() == 0
    assert not client.containers(all=True, filters={"name": name})
