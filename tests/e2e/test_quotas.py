"""Quotas in the browser: the Launch workflow shows the project's usage
against its Docker quotas, an admin sets a project's own limits from
Admin -> Docker -> Quotas (row action, modal) and sees them listed, and a
member has no such panel.

The projects are the tests' own (tests/throwaway_project.py), so the
figures on the screen are known whatever else runs in the stack."""
import re

import pytest
import requests

from tests import stack
from tests import throwaway_project
from tests.e2e import containers_ui as ui

PANEL = "/admin/docker_quotas/"


@pytest.fixture
def project():
    with throwaway_project.made() as made:
        yield made


def shown_quotas(project_id):
    """{resource: (limit, default?, in use)} as the proxy tells the
    admin."""
    answer = requests.get(stack.PROXY_URL + "/dd/quotas", timeout=60,
                          params={"project_id": project_id},
                          headers={"X-Auth-Token": stack.token("admin")})
    answer.raise_for_status()
    return {row["resource"]: (row["limit"], row["default"], row["in_use"])
            for row in answer.json()["quotas"]}


def quota_line(page, resource):
    return page.locator('.modal #docker_quotas [data-resource="%s"]'
                        % resource).inner_text()


def logged_in(browser, project):
    """A browser context of its own, logged in as the project's user."""
    context = browser.new_context(base_url=stack.HORIZON_URL)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto("/auth/login/")
    page.fill("#id_username", project.name)
    page.fill("#id_password", project.password)
    page.click("#loginBtn")
    page.wait_for_url(lambda url: "/auth/login" not in url)
    return context, page


def test_launch_shows_the_usage_against_the_quotas(browser, project):
    answer = throwaway_project.quotas_put(project.id, {"containers": 7})
    assert answer.status_code == 200, answer.text
    project.launch(mem_limit=64 * 1024 ** 2, nano_cpus=1500000000)
    context, page = logged_in(browser, project)
    try:
        ui.open_launch(page)
        ui.open_step(page, "resources")
        page.wait_for_selector(".modal #docker_quotas")
        assert re.sub(r"\s+", " ", quota_line(page, "containers")) == (
            "Containers 1 of 7 Used")
        assert re.sub(r"\s+", " ", quota_line(page, "vcpus")) == (
            "vCPUs 2 of 200 Used")
        assert re.sub(r"\s+", " ", quota_line(page, "memory")) == (
            "Memory 64MB of 64GB Used")
        bar = page.locator('.modal #docker_quotas [role="progressbar"]'
                           '[aria-label="Containers"]')
        assert bar.get_attribute("aria-valuenow") == "14"
    finally:
        context.close()


def open_quotas_panel(page):
    """From the plugin's own panel, through the sidebar: Admin, Docker,
    Quotas."""
    page.goto(ui.CONTAINERS)
    ui.dismiss_messages(page)
    link = page.locator('#sidebar a[href="%s"]' % PANEL)
    if not link.is_visible():
        dashboard = page.locator(
            '#sidebar a[data-target="#sidebar-accordion-admin"]')
        if dashboard.get_attribute("aria-expanded") != "true":
            dashboard.click()
        group = page.locator('#sidebar a[data-target='
                             '"#sidebar-accordion-admin-docker_admin"]')
        group.wait_for()
        if not link.is_visible():
            group.click()
    link.click()
    page.wait_for_selector("#docker_quotas")


def quota_row(page, project):
    return page.locator('#docker_quotas tr[data-display="%s"]'
                        % project.name)


def update_quotas(page, project, containers):
    ui.dismiss_messages(page)
    row = quota_row(page, project)
    button = row.locator('[id$="__action_update"]')
    if not button.is_visible():
        row.locator(".dropdown-toggle").click()
    button.click()
    field = page.locator(".modal #id_containers")
    field.wait_for()
    field.fill(containers)
    ui.modal_submit(page)
    assert "Quotas updated." in ui.message(page)


def cells(page, project):
    return [" ".join(text.split()) for text in
            quota_row(page, project).locator("td").all_inner_texts()]


def test_an_admin_sets_a_projects_own_limit_in_the_panel(login, project):
    page = login("admin")
    open_quotas_panel(page)
    assert cells(page, project)[:4] == [
        project.name, "0 of 200 (default)", "0 of 200 (default)",
        "0B of 64GB (default)"]

    update_quotas(page, project, "5")
    assert cells(page, project)[1] == "0 of 5 (project's own)"
    assert shown_quotas(project.id)["containers"] == (5, False, 0)

    # Emptied, the field gives the project the default again.
    update_quotas(page, project, "")
    assert cells(page, project)[1] == "0 of 200 (default)"
    assert shown_quotas(project.id)["containers"] == (200, True, 0)


def test_a_member_has_no_quotas_panel(login):
    page = login("demo")
    page.goto(ui.CONTAINERS)
    assert page.locator('#sidebar a[href="%s"]' % PANEL).count() == 0
    answer = page.goto(PANEL)
    assert answer.status == 403
    assert "You are not authorized to access this page" in page.inner_text(
        "body")
    assert page.locator("#docker_quotas").count() == 0


def test_a_launch_over_the_quota_says_so_beside_the_usage(browser, project):
    answer = throwaway_project.quotas_put(project.id, {"containers": 0})
    assert answer.status_code == 200, answer.text
    context, page = logged_in(browser, project)
    try:
        ui.launch(page, ui.unique("e2e-quota"))
        page.locator(".modal .alert-danger, .modal .has-error"
                     ).first.wait_for()
        ui.open_step(page, "resources")
        text = page.locator(".modal #launch_container__resources"
                            ).inner_text()
        assert ("Quota exceeded for containers: requested 1, in use 0 of 0"
                in text)
        assert "0 of 0 Used" in re.sub(r"\s+", " ", text)
    finally:
        context.close()
    assert project.containers() == []
