"""The launch form and the details page as a user meets them (issue 10):
ports typed in Docker's order in row editors, sizes set without a flavor,
environment and labels as rows, a registry image that does not exist, Launch
from an image row, and the details' Changes, Stats, Overview and Logs."""
import re

import pytest

from tests import stack
from tests.e2e import containers_ui as ui

PREFIX = "e2e-ux"


@pytest.fixture
def name(login):
    name = ui.unique(PREFIX)
    yield name
    ui.remove_by_prefix(name)


def expected_ports(cid):
    """The Ports column as `docker ps` prints it, for what Docker bound."""
    bound = stack.docker_client("demo").inspect_container(cid)[
        "NetworkSettings"]["Ports"]["80/tcp"]
    texts = []
    for binding in bound:
        address = binding["HostIp"] or "0.0.0.0"
        if ":" in address:
            address = "[%s]" % address
        texts.append("%s:%s->80/tcp" % (address, binding["HostPort"]))
    return texts


def test_ports_env_labels_and_sizes_from_the_row_editors(login, name):
    host_port = stack.free_port()
    assert host_port >= 1024
    page = login("demo")
    ui.launch(page, name, flavor="custom", vcpus="0.5", memory_mb="96",
              ports="%d:80" % host_port,
              environment="GREETING=hello there\nURL=a=b",
              labels="tier=web")
    page.wait_for_url("**/project/docker_containers/")
    client = stack.docker_client("demo")
    found = client.containers(all=True, filters={"name": "^/%s$" % name})
    assert found, ui.message(page, "danger")
    cid = found[0]["Id"]
    detail = client.inspect_container(cid)
    # 18081:80 style: the container's port 80 on the host port typed first.
    assert detail["HostConfig"]["PortBindings"]["80/tcp"][0]["HostPort"] == \
        str(host_port)
    assert (detail["HostConfig"]["NanoCpus"],
            detail["HostConfig"]["Memory"]) == (5 * 10 ** 8, 96 << 20)
    assert "GREETING=hello there" in detail["Config"]["Env"]
    assert "URL=a=b" in detail["Config"]["Env"]
    assert detail["Config"]["Labels"]["tier"] == "web"
    try:
        ui.filter_by_name(page, name)
        ui.wait_row_state(page, name, "Running")
        ports = ui.row(page, name).locator("td").nth(5).inner_text()
        # Each address family as Docker prints it ([::]: kept for IPv6).
        for text in expected_ports(cid):
            assert text in ports
    finally:
        ui.clear_filter(page)


def test_a_refused_launch_keeps_the_rows_typed(login, name):
    page = login("demo")
    ui.launch(page, name, ports="80:80\n8080")
    page.locator(".modal .form-group.has-error").first.wait_for()
    ui.open_step(page, "network")
    rows = page.locator('.modal .dd-rows[data-dd-rows-for="ports"] tbody tr')
    assert rows.count() == 2
    assert rows.nth(0).locator('[data-dd-col="host"]').input_value() == "80"
    assert rows.nth(1).locator('[data-dd-col="container"]').input_value() \
        == "8080"


def test_a_registry_image_that_does_not_exist_claims_no_success(login, name):
    page = login("demo")
    ui.open_launch(page)
    ui.choose(page, "source", "registry")
    page.fill(".modal #id_registry_ref",
              "127.0.0.1:5005/%s:missing" % name)
    page.fill(".modal #id_name", name)
    ui.open_step(page, "resources")
    ui.choose(page, "flavor", "2")
    ui.modal_submit(page)
    page.wait_for_url("**/launch/pending/**")
    page.locator(".dd-launch-failed").wait_for()
    assert page.locator(".messages .alert-success").count() == 0
    assert not stack.docker_client("demo").containers(
        all=True, filters={"name": name})


def test_launch_from_an_image_row_opens_the_modal(login):
    page = login("demo")
    page.goto("/project/docker_images/")
    ui.dismiss_messages(page)
    the_row = page.locator('#docker_images tbody tr',
                           has=page.locator('td', has_text=re.compile(
                               r"^\s*busybox:latest\s*$"))).first
    button = the_row.locator('[id$="__action_launch"]')
    if not button.is_visible():
        the_row.locator(".dropdown-toggle").click()
    button.click()
    page.wait_for_selector(".modal #id_name")
    title = page.locator(".modal .modal-title").inner_text()
    assert "Launch Container" in title
    assert page.locator(".modal select[name=image]").input_value() == \
        "busybox:latest"
    assert "/launch/" not in page.url


def test_details_changes_refresh_stats_scale_command_and_log_name(login,
                                                                  name):
    cid = ui.make_container(name, command=("sh", "-c", "echo hi; sleep 600"),
                            nano_cpus=10 ** 9)
    client = stack.docker_client("demo")
    page = login("demo")
    # From the panel, as a user gets there: the row's name opens the page.
    ui.filter_by_name(page, name)
    try:
        ui.row(page, name).locator("a", has_text=name).click()
        page.wait_for_url("**/%s/" % cid)
        _check_details(page, client, cid, name)
    finally:
        # Horizon keeps the table's filter in the session.
        ui.clear_filter(page)


def _check_details(page, client, cid, name):
    overview = page.locator(".dd-container-overview")
    overview.wait_for()
    # The command as it would be typed again, quoting kept.
    assert "sh -c 'echo hi; sleep 600'" in overview.inner_text()

    # The Changes tab refreshes by itself while the container runs.
    ui.open_tab(page, "changes")
    page.locator("[data-dd-changes]").wait_for()
    run = client.exec_create(cid, ["sh", "-c", "echo a > /tmp/auto.txt"])
    client.exec_start(run["Id"])
    page.locator('li.dd-added[data-path="/tmp/auto.txt"]').wait_for(
        timeout=60000)
    # And at once on Refresh.
    run = client.exec_create(cid, ["sh", "-c", "echo b > /tmp/now.txt"])
    client.exec_start(run["Id"])
    page.click('[data-dd-changes] [data-dd-action="refresh"]')
    page.locator('li.dd-added[data-path="/tmp/now.txt"]').wait_for()

    # Stats: a scale from 0 to the container's CPU limit (1 CPU = 100 %),
    # so an idle container is drawn at the bottom.
    ui.open_tab(page, "stats")
    cpu = page.locator('.dd-chart[data-series="cpu"][data-points]')
    cpu.wait_for()
    box = page.locator('.dd-chart-box:has(.dd-chart[data-series="cpu"])')
    assert box.locator('[data-tick="1"]').inner_text() == "100 %"
    assert box.locator('[data-tick="0"]').inner_text() == "0.0 %"
    ys = [float(point.split(",")[1]) for point in cpu.locator(
        "polyline").get_attribute("points").split()]
    assert min(ys) > 90       # near 0 %, the bottom of a 100-high chart

    # The downloaded log is named by the container and the time.
    ui.open_tab(page, "logs")
    with page.expect_download() as download:
        page.click("[data-dd-download]")
    assert re.match(r"^%s-\d{8}-\d{6}Z\.log$" % re.escape(name),
                    download.value.suggested_filename)
