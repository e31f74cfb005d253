"""A person logs in and opens Project -> Docker -> Containers. Seeded rows
are looked up with the table's name filter: other tests may leave more
containers in demo than one page holds."""
from tests.e2e import containers_ui as ui

CONTAINERS = ui.CONTAINERS


def row_names(page):
    return page.locator("#containers tbody tr td:nth-child(2)").all_inner_texts()


def test_demo_finds_its_seeded_containers_by_name(login):
    page = login("demo")
    try:
        # Docker's name filter matches "alt-demo-web" too: the project
        # scope is what keeps it out. ("demo-w": the other tests' demo
        # containers, named "<prefix>-demo-<hex>", would fill the page.)
        ui.filter_by_name(page, "demo-w")
        text = page.locator("#containers").inner_text()
    finally:
        ui.clear_filter(page)
    assert "demo-web" in text and "demo-worker" in text
    assert "alt-demo-web" not in text


def test_alt_demo_sees_only_its_own(login):
    page = login("alt_demo")
    try:
        ui.filter_by_name(page, "demo-")
        text = page.locator("#containers").inner_text()
    finally:
        ui.clear_filter(page)
    assert "alt-demo-web" in text
    assert "demo-worker" not in text


def test_the_panel_is_in_the_docker_group_of_the_navigation(login):
    page = login("demo")
    page.goto(CONTAINERS)
    nav = page.locator("#sidebar-accordion")
    assert "Docker" in nav.inner_text()
    link = page.locator('#sidebar-accordion a[href="%s"]' % CONTAINERS)
    assert link.count() == 1
    assert "Containers" in link.inner_text()
