"""What a person does on the Containers panel, as Playwright steps shared by
the end-to-end tests (launching through the real modal workflow, row
actions, tabs)."""
import re
import uuid

from playwright.sync_api import Error as PlaywrightError

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
        try:
            if close.is_visible():
                close.click(timeout=3000)
        except PlaywrightError:
            # Horizon fades success toasts out by itself: one that went
            # (or moved) while being clicked is already out of the way.
            pass


def open_step(page, slug):
    page.click('.modal a[href="#launch_container__%s"]' % slug)


def _port_row(line):
    """A port line in Docker's order (`8080:80`, `80`, `53:53/udp`) as the
    row editor's fields."""
    mapping, _slash, proto = line.partition("/")
    host, _colon, container = mapping.rpartition(":")
    return {"host": host, "container": container, "proto": proto or "tcp"}


def _pair_row(line):
    key, _eq, value = line.partition("=")
    return {"key": key, "value": value}


def _volume_row(line):
    name, _colon, path = line.partition(":")
    return {"name": name, "path": path}


def add_rows(page, field, rows):
    """Fills one of the launch form's add-a-row editors as a user does:
    "Add", then the new row's fields."""
    box = page.locator('.modal .dd-rows[data-dd-rows-for="%s"]' % field)
    for values in rows:
        box.locator(".dd-rows-add").click()
        last = box.locator("tbody tr").last
        for column, value in values.items():
            cell = last.locator('[data-dd-col="%s"]' % column)
            if cell.evaluate("e => e.tagName") == "SELECT":
                cell.select_option(value)
            else:
                cell.fill(value)


def _lines(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def open_launch(page):
    page.goto(CONTAINERS)
    dismiss_messages(page)
    page.click("#containers__action_launch")
    page.wait_for_selector(".modal #id_name")


def launch(page, name, image="busybox:latest", command="sleep 3600",
           flavor="2", ports="", volumes="", environment="", labels="",
           vcpus=None, memory_mb=None):
    """Fills the Launch Container workflow in its modal and submits it.
    ports, volumes, environment and labels are lines as a user reads them
    (`8080:80`, `data:/data`, `KEY=value`), typed into the row editors.
    flavor="custom" with vcpus and memory_mb sets the sizes by hand."""
    open_launch(page)
    choose(page, "image", image)
    page.fill(".modal #id_name", name)
    page.fill(".modal #id_command", command)
    open_step(page, "resources")
    choose(page, "flavor", flavor)
    if vcpus is not None:
        page.fill(".modal #id_vcpus", str(vcpus))
        page.fill(".modal #id_memory_mb", str(memory_mb))
    if ports:
        open_step(page, "network")
        add_rows(page, "ports", [_port_row(l) for l in _lines(ports)])
    if volumes:
        open_step(page, "volumes")
        add_rows(page, "volumes", [_volume_row(l) for l in _lines(volumes)])
    if environment or labels:
        open_step(page, "environment")
        add_rows(page, "environment",
                 [_pair_row(l) for l in _lines(environment)])
        add_rows(page, "labels", [_pair_row(l) for l in _lines(labels)])
    page.click('.modal [type="submit"].btn-primary')


def open_tab(page, slug):
    """One of the details page's tabs (Horizon loads some on first show)."""
    page.click('a[data-target="#container_details__%s"]' % slug)


def row(page, name):
    return page.locator('#containers tr[data-display="%s"]' % name)


def wait_row_state(page, name, state, timeout=None):
    row(page, name).locator("td", has_text=re.compile(r"^\s*%s\s*$" % state)
                            ).wait_for(timeout=timeout)


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
    """Cleans up what a test launched (demo's own containers, volumes and
    snapshot images named after it)."""
    client = stack.docker_client("demo")
    client.ping()  # the proxy may be restarting: docker-py retries nothing
    for found in client.containers(all=True, filters={"name": prefix}):
        client.remove_container(found["Id"], force=True)
    for volume in (client.volumes() or {}).get("Volumes") or []:
        if volume["Name"].startswith(prefix):
            client.remove_volume(volume["Name"])
    for image in client.images():
        for tag in image.get("RepoTags") or []:
            if tag.startswith(prefix):
                client.remove_image(tag, force=True)


def make_container(name, state="running", command=("sleep", "600"),
                   **host_config):
    """A container of demo's in `state` (running, exited, created or
    paused), made through the proxy as the docker CLI would; its PID 1 is
    `sleep`, which ignores SIGTERM, so a stop takes Docker's grace period.
    Returns its id."""
    client = stack.docker_client("demo")
    host_config.setdefault("nano_cpus", 10 ** 8)
    host_config.setdefault("mem_limit", 64 << 20)
    created = client.create_container(
        "busybox:latest", list(command), name=name,
        host_config=client.create_host_config(**host_config),
        ports=list(host_config.get("port_bindings") or []))
    cid = created["Id"]
    if state in ("running", "paused", "exited"):
        client.start(cid)
    if state == "paused":
        client.pause(cid)
    if state == "exited":
        client.kill(cid)
        client.wait(cid)
    return cid


def message(page, kind="success"):
    """The text of Horizon's first message of that kind (success, error,
    info, warning)."""
    alert = page.locator(".messages .alert-%s" % kind).first
    alert.wait_for()
    return alert.inner_text()


def modal_submit(page):
    page.click('.modal [type="submit"].btn-primary')


def filter_by_name(page, name):
    """The table filtered by Docker on the name (the table's own filter), so
    a row is found however many containers other tests left in demo.
    Horizon keeps the filter in the session: clear_filter() afterwards."""
    page.goto(CONTAINERS)
    dismiss_messages(page)
    page.fill('input[name="containers__filter__q"]', name)
    page.click("#containers__action_filter")
    page.wait_for_selector("#containers")


def clear_filter(page):
    filter_by_name(page, "")
