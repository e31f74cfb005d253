"""What a person does on the Containers panel, as Playwright steps shared by
the end-to-end tests (launching through the real modal workflow, row
actions, tabs)."""
import re
import uuid

from tests import stack

CONTAINERS = "/project/docker_containers/"


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def choose(page, field, value):
    """Picks `value` in one of Horizon's themable selects, as a user does:
    open the dropdown, click the entry."""
    widget = page.locator('.modal .themable-select:has(select[name="%s"])'
                          % field)
    widget.locator("button.dropdown-toggle").click()
    widget.locator('a[data-select-value="%s"]' % value).click()


def dismiss_messages(page):
    """Closes Horizon's message toasts (errors stay until closed) so they
    do not cover the buttons underneath."""
    for close in page.locator(".messages .alert a.close").all():
        if close.is_visible():
            close.click()


def open_step(page, slug):
    page.click('.modal a[href="#launch_container__%s"]' % slug)


def launch(page, name, image="busybox:latest", command="sleep 3600",
           flavor="2", ports="", volumes="", environment=""):
    """Fills the Launch Container workflow in its modal and submits it."""
    page.goto(CONTAINERS)
    dismiss_messages(page)
    page.click("#containers__action_launch")
    page.wait_for_selector(".modal #id_name")
    choose(page, "image", image)
    page.fill(".modal #id_name", name)
    page.fill(".modal #id_command", command)
    open_step(page, "resources")
    choose(page, "flavor", flavor)
    if ports:
        open_step(page, "network")
        page.fill(".modal #id_ports", ports)
    if volumes:
        open_step(page, "volumes")
        page.fill(".modal #id_volumes", volumes)
    if environment:
        open_step(page, "environment")
        page.fill(".modal #id_environment", environment)
    page.click('.modal [type="submit"].btn-primary')


def open_tab(page, slug):
    """One of the details page's tabs (Horizon loads some on first show)."""
    page.click('a[data-target="#container_details__%s"]' % slug)


def row(page, name):
    return page.locator('#containers tr[data-display="%s"]' % name)


def wait_row_state(page, name, state):
    row(page, name).locator("td", has_text=re.compile(r"^\s*%s\s*$" % state)
                            ).wait_for()


def confirm(page):
    """Horizon's confirmation dialog for a batch action."""
    page.locator("#modal_wrapper .modal-footer a.btn:not(.cancel)").click()


def row_action(page, name, action, needs_confirm=False):
    """Clicks a row action: the row's main button, else from its menu."""
    dismiss_messages(page)
    the_row = row(page, name)
    button = the_row.locator('[id$="__action_%s"]' % action)
    if not button.is_visible():
        the_row.locator(".dropdown-toggle").click()
    button.click()
    if needs_confirm:
        confirm(page)


def remove_by_prefix(prefix):
    """Cleans up what a test launched (demo's own containers and volumes)."""
    client = stack.docker_client("demo")
    client.ping()  # the proxy may be restarting: docker-py retries nothing
    for found in client.containers(all=True, filters={"name": prefix}):
        client.remove_container(found["Id"], force=True)
    for volume in (client.volumes() or {}).get("Volumes") or []:
        if volume["Name"].startswith(prefix):
            client.remove_volume(volume["Name"])


def filter_by_name(page, name):
    """The table filtered by Docker on the name (the table's own filter), so
    a row is found however many containers other tests left in demo.
    Horizon keeps the filter in the session: clear_filter() afterwards."""
    page.goto(CONTAINERS)
    page.fill('input[name="containers__filter__q"]', name)
    page.click("#containers__action_filter")
    page.wait_for_selector("#containers")


def clear_filter(page):
    filter_by_name(page, "")
