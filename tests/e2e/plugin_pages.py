"""Every page of the plugin, reached as a person reaches it: from the panel,
by clicking (the sidebar, a row's link, a table action, a tab, a workflow
step). The pseudo-locale and accessibility tests walk them once each and
check what is on the screen at every stop.

visit(page, check, container_name, image="busybox:latest") calls
check(stop, scope) at each stop, where stop names the page ("containers",
"container: logs", "launch: resources", ...) and scope is the CSS selector
of the plugin's part of the screen there: Horizon's #content_body (page
title and everything below it), or the open modal."""
import contextlib

from tests import stack
from tests.e2e import containers_ui as ui

CONTENT = "#content_body"
MODAL = "#modal_wrapper .modal"
DETAIL_TABS = ("overview", "processes", "stats", "changes", "logs",
               "console", "snapshots")


@contextlib.contextmanager
def own_page(browser, language=None):
    """demo logged in, in a browser context of its own (the walk leaves
    table filters in its session), with `language` chosen as Horizon's
    Settings page chooses it (its language cookie) when given."""
    context = browser.new_context(base_url=stack.HORIZON_URL)
    if language:
        context.add_cookies([{"name": "horizon_language", "value": language,
                              "url": stack.HORIZON_URL}])
    try:
        page = context.new_page()
        page.set_default_timeout(30000)
        page.goto("/auth/login/")
        page.fill("#id_username", "demo")
        page.fill("#id_password", stack.USERS["demo"][0])
        page.click("#loginBtn")
        page.wait_for_url(lambda url: "/auth/login" not in url)
        yield page
    finally:
        context.close()


def walk_container():
    """A running container of demo's for the walk: a line in its log, a new
    file among its changes. Yields its name; removed afterwards."""
    name = ui.unique("dd-walk")
    ui.make_container(name, command=(
        "sh", "-c", "echo dd-walk-line | tee /dd-walk-file; sleep 600"))
    try:
        yield name
    finally:
        ui.remove_by_prefix(name)


def _settle(page):
    """The page and the tab's own requests done (a WebSocket of the Logs,
    Console or Stats tab never counts as pending)."""
    page.wait_for_load_state("networkidle")


def _sidebar(page, panel):
    page.click('#sidebar a[href$="/project/%s/"]' % panel)
    page.wait_for_selector(CONTENT)
    _settle(page)


def find_row_link(page, table, filter_field, text):
    """Filters a table by its own filter, then follows the row's link.
    Horizon keeps the filter in the session: the walk's browser context is
    its own, so no other test sees it."""
    page.fill('input[name="%s__filter__q"]' % filter_field, text)
    page.click("#%s__action_filter" % filter_field)
    link = page.locator("#%s a" % table, has_text=text).first
    link.click()
    page.wait_for_selector(CONTENT)
    _settle(page)


def visit(page, check, container_name, image="busybox:latest"):
    page.goto(ui.CONTAINERS)
    _settle(page)
    ui.dismiss_messages(page)
    check("containers", CONTENT)

    # The launch workflow, step by step, in its modal.
    page.click("#containers__action_launch")
    page.wait_for_selector(MODAL + " #id_name")
    steps = page.locator(MODAL + ' .nav-tabs a[href^="#launch_container__"]')
    for index in range(steps.count()):
        step = steps.nth(index)
        step.click()
        check("launch: %s" % step.get_attribute("href").split("__")[-1],
              MODAL)
    page.click(MODAL + " .cancel, " + MODAL + ' [data-dismiss="modal"]')

    # The container's page, from its row, tab by tab.
    find_row_link(page, "containers", "containers", container_name)
    for slug in DETAIL_TABS:
        ui.open_tab(page, slug)
        page.wait_for_selector("#container_details__%s.active" % slug)
        # A tab Horizon loads on first show says "Loading" until it has.
        page.locator("#container_details__%s .loader-caption" % slug
                     ).wait_for(state="hidden")
        _settle(page)
        check("container: %s" % slug, CONTENT)

    # Images: the list, Pull, Build, Tasks, an image's page with its layers.
    _sidebar(page, "docker_images")
    check("images", CONTENT)
    page.click("#docker_images__action_pull")
    page.wait_for_selector(".dd-pull")
    _settle(page)
    check("pull", CONTENT)
    page.go_back()
    page.click("#docker_images__action_build")
    page.wait_for_selector(CONTENT + " form")
    _settle(page)
    check("build", CONTENT)
    page.go_back()
    page.click("#docker_images__action_tasks")
    page.wait_for_url("**/docker_images/tasks/")
    _settle(page)
    check("tasks", CONTENT)
    page.go_back()
    find_row_link(page, "docker_images", "docker_images", image)
    page.wait_for_selector(".dd-tree [role=treeitem]")
    check("image: layers", CONTENT)

    _sidebar(page, "docker_snapshots")
    check("snapshots", CONTENT)
