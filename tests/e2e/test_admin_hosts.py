"""Admin -> Docker -> Hosts in a real browser: an admin reaches it from the
menu and sees each of the stack's Docker hosts with its usage bars, its
dockerd's version and its container count, drains host2 through the row
action's confirmation and enables it again; a member has no such menu
entry, is refused the page and the drain route.

The stack's hosts are everyone's: host2 is drained for as short a time as
the clicks take, and enabled again at the end whatever happens."""
import re

import requests

from tests import stack
from tests.e2e import containers_ui as ui

PANEL_URL = "/admin/docker_hosts/"
TABLE = "#docker_hosts"


def proxy_view(user="admin"):
    answer = requests.get(stack.PROXY_URL + "/dd/admin/hosts", timeout=60,
                          headers={"X-Auth-Token": stack.token(user)})
    return answer


def set_drained(name, drained, user="admin"):
    return requests.post(
        stack.PROXY_URL + "/dd/admin/hosts/%s/%s" % (
            name, "drain" if drained else "undrain"), timeout=60,
        headers={"X-Auth-Token": stack.token(user)})


def _expand(page, target):
    toggle = page.locator('#sidebar a[data-target="%s"]' % target)
    toggle.wait_for(state="visible")
    if "collapsed" in (toggle.get_attribute("class") or ""):
        toggle.click()


def open_hosts_panel(page):
    """From the project's Containers page through the menu: Admin, Docker,
    Hosts."""
    page.goto("/project/docker_containers/")
    _expand(page, "#sidebar-accordion-admin")
    _expand(page, "#sidebar-accordion-admin-docker_admin")
    link = page.locator('#sidebar a[href$="%s"]' % PANEL_URL)
    link.wait_for(state="visible")
    link.click()
    page.wait_for_selector(TABLE)


def host_row(page, name):
    return page.locator('%s tr[data-display="%s"]' % (TABLE, name))


def column_text(page, name, header):
    """The text of `name`'s cell under the column headed `header`."""
    headers = [text.strip() for text in page.locator(
        "%s thead tr.table_column_header th" % TABLE).all_inner_texts()]
    index = headers.index(header)
    return host_row(page, name).locator("td").nth(index).inner_text().strip()


def test_an_admin_sees_each_host_and_drains_one(login):
    answer = proxy_view()
    assert answer.status_code == 200, answer.text
    hosts = {row["name"]: row for row in answer.json()["hosts"]}
    assert {"host1", "host2"} <= set(hosts)
    page = login("admin")
    try:
        open_hosts_panel(page)
        for name in ("host1", "host2"):
            assert column_text(page, name, "State") == "Up"
            assert column_text(page, name, "Launches") == "Enabled"
            assert column_text(page, name, "Docker Version") == \
                hosts[name]["docker_version"]
            assert re.fullmatch(r"\d+ running of \d+",
                                column_text(page, name, "Containers"))
            vcpus = column_text(page, name, "vCPUs")
            assert re.match(r"\d+ of %d" % hosts[name]["resources"]["VCPU"][
                "capacity"], vcpus), vcpus
            # A usage bar in each inventory's cell, and the summary's charts.
            assert host_row(page, name).locator(
                ".dd-host-usage .progress-bar").count() == 3
            assert page.locator('.dd-host-summary[data-host="%s"] '
                                '.pie-chart-usage' % name).count() == 3

        ui.dismiss_messages(page)
        host_row(page, "host2").locator('[id$="__action_drain"]').click()
        dialog = page.locator("#modal_wrapper .modal")
        dialog.wait_for()
        assert "keep running" in dialog.inner_text()
        ui.confirm(page)
        assert "Drained Host: host2" in ui.message(page)
        page.wait_for_selector(TABLE)
        assert column_text(page, "host2", "Launches") == "Drained"
        assert column_text(page, "host1", "Launches") == "Enabled"
        assert {row["name"]: row["drained"] for row in
                proxy_view().json()["hosts"]}["host2"] is True

        ui.dismiss_messages(page)
        host_row(page, "host2").locator('[id$="__action_enable"]').click()
        assert "Enabled Host: host2" in ui.message(page)
        page.wait_for_selector(TABLE)
        assert column_text(page, "host2", "Launches") == "Enabled"
        assert {row["name"]: row["drained"] for row in
                proxy_view().json()["hosts"]}["host2"] is False
    finally:
        set_drained("host2", False)


def test_a_member_has_no_hosts_panel_and_no_drain(login):
    page = login("demo")
    page.goto("/project/docker_containers/")
    page.wait_for_selector("#sidebar")
    assert page.locator('#sidebar a[href$="%s"]' % PANEL_URL).count() == 0
    answer = page.goto(PANEL_URL)
    assert answer.status in (403, 404)
    assert page.locator(TABLE).count() == 0
    refused = set_drained("host2", True, user="demo")
    assert refused.status_code == 403
    assert proxy_view("demo").status_code == 403
    assert {row["name"]: row["drained"] for row in
            proxy_view().json()["hosts"]}["host2"] is False
