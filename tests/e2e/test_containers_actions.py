"""Every row action and table action of the Containers panel, clicked as a
user clicks it (the row's button or menu, the table's buttons, the modal
Horizon opens), in each state it is offered in, checking what the user sees:
the message, the row's state, the new object (issue 10).

The containers are made through the proxy in the state a test needs (their
PID 1 is `sleep`, which ignores SIGTERM: a stop takes Docker's grace
period). Each test filters the table by its own unique prefix and removes
what it made, also when it fails. Docker's "dead" and "restarting" states
cannot be produced on purpose, so the actions offered in them are clicked in
the states they share with others.
"""
import re

import pytest

from tests import stack
from tests.e2e import containers_ui as ui

PREFIX = "e2e-act"
SLOW = 60000     # a stop of a PID 1 that ignores SIGTERM, then the row update


@pytest.fixture
def prefix(login):
    """A unique prefix whose containers the table is filtered to."""
    prefix = ui.unique(PREFIX)
    page = login("demo")
    yield prefix
    try:
        ui.clear_filter(page)
    finally:
        ui.remove_by_prefix(prefix)


def show(page, prefix):
    ui.filter_by_name(page, prefix)
    ui.dismiss_messages(page)


def inspect(cid):
    return stack.docker_client("demo").inspect_container(cid)


def state_of(page, name):
    return ui.row(page, name).locator("td").nth(3).inner_text().strip()


# Row actions -------------------------------------------------------------

@pytest.mark.parametrize("state", ["exited", "created"])
def test_start(login, prefix, state):
    name = prefix + "-" + state
    ui.make_container(name, state)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "start")
    assert "Started Container: %s" % name in ui.message(page)
    ui.wait_row_state(page, name, "Running")


def test_stop_answers_at_once_and_the_row_settles_by_itself(login, prefix):
    name = prefix + "-run"
    cid = ui.make_container(name)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "stop", needs_confirm=True)
    assert "Stopping Container: %s" % name in ui.message(page)
    # The page came back before Docker's grace period ended: the row says
    # so, then Horizon's row update brings it to Exited without a reload.
    assert state_of(page, name) == "Stopping"
    assert inspect(cid)["State"]["Status"] == "running"
    ui.row(page, name).locator("td", has_text=re.compile(r"^\s*Exited\s*$")
                               ).wait_for(timeout=SLOW)


def test_stop_with_timeout_in_its_modal(login, prefix):
    name = prefix + "-run"
    cid = ui.make_container(name)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "stop_timeout")
    page.wait_for_selector(".modal #id_timeout")
    assert "Stop Container" in page.locator(".modal .modal-title").inner_text()
    page.fill(".modal #id_timeout", "1")
    ui.modal_submit(page)
    assert "The container is stopping" in ui.message(page)
    ui.wait_row_state(page, name, "Exited")
    assert inspect(cid)["State"]["ExitCode"] == 137


@pytest.mark.parametrize("state", ["running", "exited", "created"])
def test_restart(login, prefix, state):
    name = prefix + "-" + state
    cid = ui.make_container(name, state)
    before = inspect(cid)["State"]["StartedAt"]
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "restart")
    # It failed every time before (issue 10, finding 2).
    assert "Restarted Container: %s" % name in ui.message(page)
    ui.wait_row_state(page, name, "Running")
    assert inspect(cid)["State"]["StartedAt"] != before


def test_pause_then_resume(login, prefix):
    name = prefix + "-run"
    ui.make_container(name)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "pause")
    assert "Paused Container: %s" % name in ui.message(page)
    ui.wait_row_state(page, name, "Paused")
    ui.row_action(page, name, "unpause")
    assert "Resumed Container: %s" % name in ui.message(page)
    ui.wait_row_state(page, name, "Running")


def test_send_a_signal_in_its_modal(login, prefix):
    name = prefix + "-run"
    cid = ui.make_container(name)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "kill")
    page.wait_for_selector(".modal .themable-select:has(select[name=signal])")
    ui.choose(page, "signal", "SIGKILL")
    ui.modal_submit(page)
    assert "The signal was sent." in ui.message(page)
    ui.wait_row_state(page, name, "Exited")
    assert inspect(cid)["State"]["ExitCode"] == 137


@pytest.mark.parametrize("state", ["running", "exited", "paused", "created"])
def test_rename_in_its_modal(login, prefix, state):
    name = prefix + "-" + state
    cid = ui.make_container(name, state)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "rename")
    page.wait_for_selector(".modal #id_name")
    assert page.input_value(".modal #id_name") == name
    page.fill(".modal #id_name", name + "-new")
    ui.modal_submit(page)
    assert "The container was renamed." in ui.message(page)
    ui.row(page, name + "-new").wait_for()
    assert inspect(cid)["Name"] == "/%s-new" % name


def test_a_refused_rename_is_shown_inside_the_modal(login, prefix):
    name = prefix + "-a"
    ui.make_container(name, "exited")
    ui.make_container(prefix + "-b", "exited")
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "rename")
    page.wait_for_selector(".modal #id_name")
    page.fill(".modal #id_name", prefix + "-b")
    ui.modal_submit(page)
    error = page.locator(".modal .alert-danger")
    error.wait_for()
    said = error.inner_text()
    assert 'The name "%s-b" is taken by another container' % prefix in said
    assert "Details:" in said
    assert page.locator(".modal #id_name").is_visible()


@pytest.mark.parametrize("state", ["running", "exited", "paused", "created"])
def test_update_limits_in_its_modal(login, prefix, state):
    name = prefix + "-" + state
    cid = ui.make_container(name, state)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "update")
    page.wait_for_selector(".modal #id_memory_mb")
    assert "Memory (MiB)" in page.locator(".modal").inner_text()
    page.fill(".modal #id_vcpus", "0.25")
    page.fill(".modal #id_memory_mb", "96")
    ui.modal_submit(page)
    assert "limits were updated" in ui.message(page)
    host = inspect(cid)["HostConfig"]
    assert (host["NanoCpus"], host["Memory"]) == (25 * 10 ** 7, 96 << 20)
    ui.row(page, name).locator("a", has_text=name).click()
    overview = page.locator(".dd-container-overview")
    overview.wait_for()
    assert "96 MiB" in overview.inner_text()


@pytest.mark.parametrize("state", ["running", "exited", "paused", "created"])
def test_create_snapshot_in_its_modal(login, prefix, state):
    name = prefix + "-" + state
    ui.make_container(name, state)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "snapshot")
    page.wait_for_selector(".modal #id_repository")
    page.fill(".modal #id_repository", name)
    page.fill(".modal #id_tag", "snap")
    ui.modal_submit(page)
    page.wait_for_load_state()
    ui.message(page)
    tags = [tag for image in stack.docker_client("demo").images()
            for tag in image.get("RepoTags") or []]
    assert "%s:snap" % name in tags


@pytest.mark.parametrize("state", ["exited", "created"])
def test_delete(login, prefix, state):
    name = prefix + "-" + state
    ui.make_container(name, state)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "delete", needs_confirm=True)
    assert "Deleted Container: %s" % name in ui.message(page)
    assert ui.row(page, name).count() == 0
    assert not stack.docker_client("demo").containers(
        all=True, filters={"name": "^/%s$" % name})


@pytest.mark.parametrize("state", ["running", "paused"])
def test_force_delete(login, prefix, state):
    name = prefix + "-" + state
    ui.make_container(name, state)
    page = login("demo")
    show(page, prefix)
    ui.row_action(page, name, "force_delete", needs_confirm=True)
    assert "Force Deleted Container: %s" % name in ui.message(page)
    assert ui.row(page, name).count() == 0


# Table actions -----------------------------------------------------------

def select(page, *names):
    """Ticks the rows' boxes. A row Horizon's row update replaced keeps no
    working box until the page is shown again, as a user reloads."""
    page.reload()
    ui.dismiss_messages(page)
    for name in names:
        ui.row(page, name).locator("td.multi_select_column label").click()


def table_action(page, action, needs_confirm=False, menu=False):
    if menu:
        page.click("#containers .table_actions_menu .dropdown-toggle")
    page.click("#containers__action_%s" % action)
    if needs_confirm:
        ui.confirm(page)


def test_table_start_restart_stop_and_delete_several(login, prefix):
    names = [prefix + "-1", prefix + "-2"]
    for name in names:
        ui.make_container(name, "exited")
    page = login("demo")
    show(page, prefix)
    # Start and Restart are not called irreversible.
    assert page.get_attribute("#containers__action_start", "help_text") is None
    select(page, *names)
    table_action(page, "start")
    assert "Started Containers" in ui.message(page)
    for name in names:
        ui.wait_row_state(page, name, "Running")
    select(page, *names)
    table_action(page, "restart")
    assert "Restarted Containers" in ui.message(page)
    select(page, *names)
    table_action(page, "stop", needs_confirm=True)
    assert "Stopping Containers" in ui.message(page)
    for name in names:
        ui.row(page, name).locator(
            "td", has_text=re.compile(r"^\s*Exited\s*$")).wait_for(
                timeout=SLOW)
    select(page, *names)
    table_action(page, "delete", needs_confirm=True)
    assert "Deleted Containers" in ui.message(page)
    for name in names:
        assert ui.row(page, name).count() == 0


def test_table_pause_resume_and_force_delete(login, prefix):
    names = [prefix + "-1", prefix + "-2"]
    for name in names:
        ui.make_container(name)
    page = login("demo")
    show(page, prefix)
    select(page, *names)
    table_action(page, "pause", menu=True)
    assert "Paused Containers" in ui.message(page)
    for name in names:
        ui.wait_row_state(page, name, "Paused")
    select(page, *names)
    table_action(page, "unpause", menu=True)
    assert "Resumed Containers" in ui.message(page)
    for name in names:
        ui.wait_row_state(page, name, "Running")
    select(page, *names)
    table_action(page, "force_delete", needs_confirm=True)
    assert "Force Deleted Containers" in ui.message(page)
    for name in names:
        assert ui.row(page, name).count() == 0
