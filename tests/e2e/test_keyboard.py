"""The layer browser, the log viewer and the console with the keyboard alone:
after the page is opened, only Tab, Enter, Space, arrows and typing (no
mouse, no element clicked or focused by the test)."""
import uuid

import pytest

from tests.e2e import containers_ui as ui
from tests.e2e import plugin_pages

IMAGE = "busybox:latest"


@pytest.fixture
def page(browser):
    with plugin_pages.own_page(browser) as page:
        yield page


@pytest.fixture
def container():
    name = ui.unique("dd-keys")
    ui.make_container(name, command=(
        "sh", "-c", "echo dd-keys-alpha; echo dd-keys-beta; sleep 600"))
    yield name
    ui.remove_by_prefix(name)


def focused(page, selector):
    return page.evaluate("(s) => !!document.activeElement.closest(s)", selector)


def tab_to(page, selector, limit=80, key="Tab"):
    """Presses Tab (or Shift+Tab) until the focus is on or in `selector`."""
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press(key)
    raise AssertionError("%s never reached %s" % (key, selector))


def active(page):
    return page.evaluate(
        "() => { const e = document.activeElement.closest('[role=treeitem]');"
        " return e && e.getAttribute('data-path'); }")


def test_the_layer_tree_opens_folders_from_the_keyboard(page):
    # Reached as a user does: the panel, the filter, the image's row.
    page.goto("/project/docker_images/")
    plugin_pages.find_row_link(page, "docker_images", "docker_images", IMAGE)
    page.wait_for_selector(".dd-tree [role=treeitem]")

    # A layer: Tab to the table's rows, Down to the next one, Enter.
    tab_to(page, ".dd-layer-row")
    first = page.evaluate("() => document.activeElement.dataset.layer")
    layers = page.locator(".dd-layer-row").count()
    if layers > 1:
        page.keyboard.press("ArrowDown")
        assert page.evaluate("() => document.activeElement.dataset.layer") \
            == str(int(first) + 1)
    chosen = page.evaluate("() => document.activeElement.dataset.layer")
    page.keyboard.press("Enter")
    page.wait_for_selector('.dd-layer-row.active[data-layer="%s"]' % chosen)

    # The tree is one Tab stop; Down walks it to a folder, Right opens it.
    tab_to(page, ".dd-tree")
    assert active(page) is not None, "Tab stops on the tree's first item"
    folder = '.dd-tree [role=treeitem][aria-expanded]'
    page.wait_for_selector(folder)
    for _ in range(page.locator(".dd-tree [role=treeitem]").count()):
        if page.evaluate("() => document.activeElement.hasAttribute('aria-expanded')"):
            break
        page.keyboard.press("ArrowDown")
    path = active(page)
    item = page.locator('.dd-tree [role=treeitem][data-path="%s"]' % path)
    page.keyboard.press("ArrowRight")
    assert item.get_attribute("aria-expanded") == "true"
    child = item.locator("[role=treeitem]").first
    child.wait_for()
    # Right again steps into the folder, Left back out, Left again closes it.
    page.keyboard.press("ArrowRight")
    assert active(page) == child.get_attribute("data-path")
    page.keyboard.press("ArrowLeft")
    assert active(page) == path
    page.keyboard.press("ArrowLeft")
    assert item.get_attribute("aria-expanded") == "false"
    assert item.locator("[role=treeitem]").count() == 0


def test_the_log_filter_and_the_console_from_the_keyboard(page, container):
    # The panel, the container's row, its Logs tab: then the keyboard.
    page.goto(ui.CONTAINERS)
    plugin_pages.find_row_link(page, "containers", "containers", container)
    ui.open_tab(page, "logs")
    view = page.locator(".dd-logs-view")
    view.locator(".log-line", has_text="dd-keys-beta").wait_for()

    # The search box marks what it finds...
    tab_to(page, '.dd-logs input[name="search"]')
    page.keyboard.type("dd-keys-beta")
    view.locator("mark.log-match", has_text="dd-keys-beta").wait_for()
    # ...and the stdout box, unticked with Space, leaves no stdout line.
    tab_to(page, '.dd-logs input[name="stdout"]', key="Shift+Tab")
    page.keyboard.press("Space")
    view.locator(".log-line", has_text="dd-keys-alpha").wait_for(state="detached")

    # The Console tab, reached back through the tab bar with the keyboard.
    tab_to(page, 'a[data-target="#container_details__console"]',
           key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#container_details__console.active")
    tab_to(page, '[data-dd-action="connect"]')
    page.keyboard.press("Enter")
    terminal = page.locator(".dd-console-terminal")
    page.wait_for_selector('[data-dd-action="disconnect"]:not([disabled])')
    marker = "dd-keys-%s" % uuid.uuid4().hex[:6]
    # The shell computes the answer: it is in the terminal only if the keys
    # reached the shell (the typed line itself shows "$((6*7))").
    page.keyboard.type("echo %s-$((6*7))\n" % marker)
    terminal.locator("text=%s-42" % marker).wait_for()
    # Shift+Tab leaves the terminal (Tab is the shell's): Disconnect, Enter.
    page.keyboard.press("Shift+Tab")
    assert focused(page, '[data-dd-action="disconnect"]')
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-dd-action="disconnect"][disabled]')
