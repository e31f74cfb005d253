"""Admin -> Docker -> Containers in a real Chromium (issue 14): an admin
clicks there from the menu, sees demo's and alt_demo's containers with
their projects' names, hosts and limits, filters them by project, host,
state and name, stops one through its row action and confirm dialog, and
opens another's logs and console; each of those acts is a line of the
proxy's audit log. A member has neither the menu entry nor the page."""
import contextlib
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests import stack
from tests.e2e.containers_ui import dismiss_messages
from tests.e2e.containers_ui import row
from tests.e2e.containers_ui import row_action
from tests.e2e.containers_ui import wait_row_state
from tests.proxy_audit_log import audit_lines
from tests.proxy_audit_log import container_of
from tests.proxy_audit_log import expected
from tests.proxy_audit_log import proxy_logs

PAGE = "/admin/docker_containers/"
# The table's cells after the checkbox, in order.
COLUMNS = ("name", "project", "host", "state", "image", "limits")


@pytest.fixture
def spread():
    """demo's running container on host1, alt_demo's on host2, and demo's
    exited one, made through the proxy (zones nova and az2); removed
    afterwards whatever the test did."""
    tag = uuid.uuid4().hex[:8]
    with contextlib.ExitStack() as made:
        names = {}
        for key, user, host, command in (
                ("demo", "demo", "host1", ["sleep", "600"]),
                ("alt", "alt_demo", "host2",
                 ["sh", "-c", "echo hello-%s; sleep 600" % tag]),
                ("done", "demo", "host1", ["true"])):
            cid = made.enter_context(container_of(
                user, command, host=host, name="adm-%s-%s" % (tag, key)))
            names[key] = ("adm-%s-%s" % (tag, key), cid)
        stack.docker_client("demo").wait(names["done"][1])
        yield tag, names


def cells(page, name):
    texts = row(page, name).locator("td").all_inner_texts()
    return dict(zip(COLUMNS, [text.strip() for text in texts[1:]]))


def filter_table(page, field, text):
    """The table's own filter: the field from its dropdown, then the text."""
    dismiss_messages(page)
    page.click(".table_search .themable-select button.dropdown-toggle")
    page.click('.table_search a[data-select-value="%s"]' % field)
    page.fill('input[name="containers__filter__q"]', text)
    page.click("#containers__action_filter")
    page.wait_for_selector("#containers")


def column(page, name):
    index = COLUMNS.index(name) + 2  # nth-child counts the checkbox cell
    return [text.strip() for text in page.locator(
        "#containers tbody tr:not(.empty) td:nth-child(%d)"
        % index).all_inner_texts()]


def open_admin_panel(page):
    """Admin -> Docker -> Containers, as a person clicks the menu."""
    page.goto("/project/docker_containers/")
    page.click('#sidebar a[data-target="#sidebar-accordion-admin"]')
    page.click('#sidebar a[data-target='
               '"#sidebar-accordion-admin-docker_admin"]')
    page.click('#sidebar a[href$="%s"]' % PAGE)
    page.wait_for_selector("#containers")


def test_an_admin_sees_filters_and_acts_on_every_projects_containers(
        login, spread):
    tag, names = spread
    page = login("admin")
    open_admin_panel(page)
    try:
        filter_table(page, "name", "adm-%s" % tag)
        assert cells(page, names["demo"][0]) == {
            "name": names["demo"][0], "project": "demo", "host": "host1",
            "state": "Running", "image": "busybox:latest",
            "limits": "0.1 CPUs, 64 MiB"}
        assert cells(page, names["alt"][0])["project"] == "alt_demo"
        assert cells(page, names["alt"][0])["host"] == "host2"
        assert cells(page, names["done"][0])["state"] == "Exited"

        filter_table(page, "project", "alt_demo")
        expect(row(page, names["alt"][0])).to_be_visible()
        assert set(column(page, "project")) == {"alt_demo"}

        filter_table(page, "host", "host2")
        expect(row(page, names["alt"][0])).to_be_visible()
        assert set(column(page, "host")) == {"host2"}

        filter_table(page, "status", "exited")
        expect(row(page, names["done"][0])).to_be_visible()
        assert set(column(page, "state")) == {"Exited"}

        # Stop demo's container: the row action, then the confirm dialog.
        filter_table(page, "name", "adm-%s" % tag)
        with proxy_logs() as written:
            row_action(page, names["demo"][0], "stop", needs_confirm=True)
            # PID 1 ignores SIGTERM: down after Docker's grace period.
            wait_row_state(page, names["demo"][0], "Exited", timeout=60000)
        assert [line.split(": ", 1)[1] for line in audit_lines(
            written("host1"), names["demo"][1])] == [
            expected("stop", names["demo"][1], "DEMO_PROJECT_ID")]

        # alt_demo's logs, live, from its row.
        with proxy_logs() as written:
            row_action(page, names["alt"][0], "logs")
            view = page.locator(".dd-logs-view")
            expect(view.locator(".log-line", has_text="hello-%s" % tag)
                   ).to_be_visible()
            expect(page.locator(".dd-logs-status")).to_have_text("Live")
        logged = audit_lines(written("host2"), names["alt"][1])
        assert expected("logs", names["alt"][1],
                        "ALT_DEMO_PROJECT_ID") in [
            line.split(": ", 1)[1] for line in logged]

        # and its console.
        page.goto(PAGE)
        with proxy_logs() as written:
            row_action(page, names["alt"][0], "console")
            page.click('.dd-console [data-dd-action="connect"]')
            expect(page.locator(".dd-console-status")).to_contain_text(
                "Connected")
        assert [line.split(": ", 1)[1] for line in audit_lines(
            written("host2"), names["alt"][1])] == [
            expected("console", names["alt"][1], "ALT_DEMO_PROJECT_ID")]
    finally:
        # Horizon keeps the filter in the session: leave none behind.
        page.goto(PAGE)
        filter_table(page, "name", "")


def test_a_member_has_no_admin_panel(login):
    page = login("demo")
    page.goto("/project/docker_containers/")
    page.wait_for_selector("#containers")
    expect(page.locator('#sidebar a[href$="%s"]' % PAGE)).to_have_count(0)
    expect(page.locator(
        '#sidebar a[data-target="#sidebar-accordion-admin"]')).to_have_count(0)
    answer = page.goto(PAGE)
    assert answer.status in (403, 404)
    expect(page.locator("#containers")).to_have_count(0)
    assert re.search(r"not authori[sz]ed|unauthori[sz]ed|not found",
                     page.content(), re.I)
