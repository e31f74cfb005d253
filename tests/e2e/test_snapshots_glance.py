"""The Snapshots panel in Chromium, as demo, clicking as a user does: the
Containers row menu's Create Snapshot, then every row and table action of
the Snapshots panel (Launch Container, Roll Back Container, Export to
Glance, Delete Snapshot, Delete Snapshots, Glance's Load into Docker), each
in the modal Horizon opens, checking the message, the row and the new
object. A container's file survives snapshot -> Glance -> load; a roll
back restores a deleted file and keeps the container's snapshots; a
snapshot launches after its container was rolled back."""
import re
import uuid

import docker
import pytest
import requests

from tests import stack
from tests.e2e import containers_ui as ui

GLANCE = stack.os.environ.get("DD_GLANCE_URL", "http://127.0.0.1:9292")
SNAPSHOTS = "/project/docker_snapshots/"


def glance_images_named(name):
    # Glance reads a ':' in a name filter as an operator: filter here.
    return [i for i in requests.get(
        GLANCE + "/v2/images?container_format=docker&limit=1000",
        headers={"X-Auth-Token": stack.token("demo")},
        timeout=30).json()["images"] if i["name"] == name]


def _made_container(stop_signal):
    """A running container of demo's with a marker file; everything the
    test made from it (containers by name prefix, snapshots by repository,
    Glance images by name) is removed afterwards, even on failure."""
    client = stack.docker_client("demo")
    name = "e2e-snap-%s" % uuid.uuid4().hex[:8]
    try:
        made = client.create_container(
            "busybox:latest", command="sleep 600", name=name,
            stop_signal=stop_signal,
            host_config=client.create_host_config(mem_limit=64 * 1024 ** 2,
                                                  nano_cpus=500000000))
        client.start(made)
        client.exec_start(client.exec_create(
            made, "sh -c 'echo %s > /marker'" % name))
        yield client, name, made["Id"]
    finally:
        _remove_everything_named(name)


@pytest.fixture
def demo_container():
    """Stopped at once (SIGKILL)."""
    yield from _made_container("SIGKILL")


@pytest.fixture
def slow_stopping_container():
    """busybox's `sleep` as PID 1 ignores SIGTERM: a stop waits for Docker's
    10 s grace period, as many real services' do."""
    yield from _made_container(None)


def _remove_everything_named(name):
    """Containers by name prefix, snapshots by repository and Glance images
    by name; through dockerd itself, so it works while the proxy restarts."""
    daemon = docker.APIClient(base_url="unix:///var/run/docker.sock",
                              version="1.41", timeout=120)
    for found in daemon.containers(all=True, filters={"name": name}):
        daemon.remove_container(found["Id"], force=True)
    for image in daemon.images():
        if any(t.startswith(name) for t in image.get("RepoTags") or []):
            try:
                daemon.remove_image(image["Id"], force=True)
            except docker.errors.APIError:
                pass
    for found in glance_images_named(name + ":snap"):
        requests.delete(GLANCE + "/v2/images/" + found["id"],
                        headers={"X-Auth-Token": stack.token("demo")},
                        timeout=30)


def _cat_marker(client, ref):
    return client.exec_start(client.exec_create(ref, "cat /marker")).strip()


def snapshot_row(page, display):
    return page.locator('#snapshots tr[data-display="%s"]' % display)


def snapshot_action(page, display, action):
    """A row action of the Snapshots table: the row's main button, else
    from its menu."""
    ui.dismiss_messages(page)
    row = snapshot_row(page, display)
    button = row.locator('[id$="__action_%s"]' % action)
    if not button.is_visible():
        row.locator(".dropdown-toggle").click()
    button.click()


def modal_submit(page):
    page.click('.modal [type="submit"].btn-primary')


def modal_submit_and_land(page):
    """Submits the modal and waits for the page Horizon sends the user to
    (here the Snapshots page, which the user may already be on)."""
    with page.expect_navigation(url=re.compile(
            r".*/project/docker_snapshots/$")):
        modal_submit(page)


def roll_back_from_the_snapshots_panel(page, name, display):
    """Snapshots -> the row's menu -> Roll Back Container -> the modal; the
    user lands on the Containers page, where the roll back goes on."""
    snapshot_action(page, display, "rollback")
    page.wait_for_selector(".modal .modal-footer")
    assert "Roll Back Container" in page.inner_text(".modal")
    with page.expect_navigation(url=re.compile(
            r".*/project/docker_containers/$")):
        modal_submit(page)
    ui.message(page, "info")
    return messages_text(page)


def messages_text(page):
    return " ".join(page.locator(".messages").all_inner_texts())


def wait_until_rolled_back(page, name, seen):
    """The row, followed by Horizon's row update, runs again, and the user
    is told: on a page already seen (`seen`, its messages), else in the
    toast of the row update that settled it."""
    ui.wait_row_state(page, name, "Running", timeout=90000)
    done = "%s was rolled back." % name
    if done not in seen:
        page.locator(".messages .alert-success", has_text=done).wait_for()


def create_snapshot_from_the_containers_panel(page, name, tag, comment):
    """Containers -> the row's menu -> Create Snapshot -> the modal."""
    ui.filter_by_name(page, name)
    ui.row_action(page, name, "snapshot")
    page.wait_for_selector(".modal #id_repository")
    page.fill(".modal #id_repository", name)
    page.fill(".modal #id_tag", tag)
    page.fill(".modal #id_comment", comment)
    modal_submit_and_land(page)
    message = page.inner_text(".messages")
    ui.clear_filter(page)
    page.goto(SNAPSHOTS)
    return message


def test_a_file_goes_through_glance_and_comes_back(login, demo_container):
    client, name, container_id = demo_container
    page = login("demo")
    message = create_snapshot_from_the_containers_panel(page, name, "snap",
                                                        "e2e")
    assert "Snapshot %s:snap created." % name in message
    row = snapshot_row(page, name + ":snap")
    assert row.count() == 1
    # The Comment column says what the user wrote; the container by name.
    assert "e2e" in row.locator("td").nth(5).inner_text()
    assert row.locator("td").nth(2).inner_text().strip() == name

    # Export to Glance, from the row's menu, in the modal.
    snapshot_action(page, name + ":snap", "glance_export")
    page.wait_for_selector(".modal #id_glance_name")
    modal_submit_and_land(page)
    assert "Export to Glance started." in page.inner_text(".messages")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.dd-task')].pop()"
        ".getAttribute('data-status') === 'succeeded'", timeout=120000)
    # The Glance table catches up by itself (Horizon's row update), without
    # a reload: the row reads Active (Glance's "active", as shown) and its size.
    glance_row = page.locator("#glance_images tr", has_text=name + ":snap")
    glance_row.locator("td", has_text=re.compile(r"^\s*Active\s*$")).wait_for(
        timeout=60000)
    assert "0 bytes" not in glance_row.inner_text()
    glance = glance_images_named(name + ":snap")
    assert [i["status"] for i in glance] == ["active"]

    # Load into Docker, the Glance row's action, after the local copy went.
    client.remove_image(name + ":snap")
    page.reload()
    before = page.locator(".dd-task").count()
    glance_row.locator("button", has_text="Load into Docker").click()
    page.wait_for_function(
        "n => { const t = document.querySelectorAll('.dd-task');"
        " return t.length > n && t[t.length - 1]"
        ".getAttribute('data-status') === 'succeeded'; }", arg=before,
        timeout=120000)
    # The image is back under its name, with the container's file.
    assert client.inspect_image(name + ":snap")
    new = client.create_container(
        name + ":snap", command="sleep 600", name=name + "-glance",
        host_config=client.create_host_config(mem_limit=64 * 1024 ** 2,
                                              nano_cpus=500000000))
    client.start(new)
    assert _cat_marker(client, new).decode() == name


def test_roll_back_keeps_the_snapshots_and_a_snapshot_launches_after_it(
        login, demo_container):
    client, name, container_id = demo_container
    page = login("demo")
    create_snapshot_from_the_containers_panel(page, name, "before", "kept")
    client.exec_start(client.exec_create(container_id, "rm /marker"))

    # Roll Back, from the row's menu, in the modal; the Containers page it
    # lands on is filtered to the container (Horizon keeps the filter).
    ui.filter_by_name(page, name)
    page.goto(SNAPSHOTS)
    told = roll_back_from_the_snapshots_panel(page, name, name + ":before")
    assert "Rolling back %s" % name in told
    wait_until_rolled_back(page, name, told)
    ui.clear_filter(page)
    assert _cat_marker(client, name).decode() == name
    new_id = client.inspect_container(name)["Id"]
    assert new_id != container_id
    # The snapshot's container is the new one, by name.
    page.goto(SNAPSHOTS)
    row = snapshot_row(page, name + ":before")
    assert row.locator("td").nth(2).inner_text().strip() == name

    # The Containers table names the snapshot as the image, and the page
    # does not scroll sideways at 1400 px.
    page.set_viewport_size({"width": 1400, "height": 900})
    ui.filter_by_name(page, name)
    assert name + ":before" in ui.row(page, name).inner_text()
    assert "sha256:" not in ui.row(page, name).inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth <= "
                         "document.documentElement.clientWidth")

    # The new container's Snapshots tab still lists the snapshot.
    ui.row(page, name).locator("a", has_text=name).click()
    ui.open_tab(page, "snapshots")
    page.locator(".dd-snapshots td", has_text=name + ":before").wait_for()
    assert "kept" in page.inner_text(".dd-snapshots")
    ui.clear_filter(page)

    # Launch Container from the snapshot whose container was replaced.
    page.goto(SNAPSHOTS)
    snapshot_action(page, name + ":before", "launch")
    page.wait_for_selector(".modal #id_name")
    # The limits of the container it came from are offered.
    assert page.input_value(".modal #id_memory_mb") == "64"
    page.fill(".modal #id_name", name + "-copy")
    modal_submit_and_land(page)
    assert "Container %s-copy launched." % name in page.inner_text(
        ".messages")
    assert client.inspect_container(name + "-copy")["State"]["Running"]
    assert _cat_marker(client, name + "-copy").decode() == name


def test_roll_back_answers_at_once_and_the_row_goes_through_rolling_back(
        login, slow_stopping_container):
    """The old container takes its 10 s grace period to stop: the modal
    answers at once, the row says "Rolling back" under its name, and
    Horizon's row update settles it to the new container, running."""
    client, name, container_id = slow_stopping_container
    client.commit(container_id, repository=name, tag="before")
    page = login("demo")
    # The Containers page the modal lands on shows this container's row
    # (Horizon keeps the filter), however many demo has.
    ui.filter_by_name(page, name)
    page.goto(SNAPSHOTS)
    told = roll_back_from_the_snapshots_panel(page, name, name + ":before")
    assert "Rolling back %s" % name in told
    ui.wait_row_state(page, name, "Rolling back")
    # The page answered before the old container was down.
    assert client.inspect_container(container_id)["State"]["Running"]
    assert ui.row(page, name).count() == 1     # not its successor beside it
    wait_until_rolled_back(page, name, told)
    new_id = client.inspect_container(name)["Id"]
    assert new_id != container_id
    assert ui.row(page, name).get_attribute("data-object-id") == new_id
    ui.clear_filter(page)


def test_a_refused_launch_is_shown_in_the_modal(login, demo_container):
    """The name is taken: Docker's refusal is in the modal, which stays
    open for the user to correct it."""
    client, name, container_id = demo_container
    client.commit(container_id, repository=name, tag="dup")
    page = login("demo")
    page.goto(SNAPSHOTS)
    snapshot_action(page, name + ":dup", "launch")
    page.wait_for_selector(".modal #id_name")
    page.fill(".modal #id_name", name)
    modal_submit(page)
    error = page.locator(".modal .alert-danger")
    error.wait_for()
    assert "Unable to launch" in error.inner_text()
    assert "already in use" in error.inner_text()
    page.fill(".modal #id_name", name + "-fixed")
    modal_submit_and_land(page)
    assert client.inspect_container(name + "-fixed")["State"]["Running"]


def test_delete_one_snapshot_and_several(login, demo_container):
    client, name, container_id = demo_container
    for tag in ("one", "two", "three"):
        client.commit(container_id, repository=name, tag=tag)
    page = login("demo")
    page.goto(SNAPSHOTS)

    # The row action, confirmed in Horizon's dialog.
    snapshot_action(page, name + ":one", "delete")
    with page.expect_navigation():
        ui.confirm(page)
    assert "Deleted Snapshot" in page.inner_text(".messages")
    assert snapshot_row(page, name + ":one").count() == 0
    with pytest.raises(docker.errors.NotFound):
        client.inspect_image(name + ":one")

    # The table action on two checked rows.
    ui.dismiss_messages(page)
    for tag in ("two", "three"):
        snapshot_row(page, "%s:%s" % (name, tag)).locator(
            ".themable-checkbox label").click()   # Horizon's styled box
    ui.dismiss_messages(page)
    page.click("#snapshots__action_delete")
    with page.expect_navigation():
        ui.confirm(page)
    assert "Deleted Snapshots" in page.inner_text(".messages")
    for tag in ("two", "three"):
        assert snapshot_row(page, "%s:%s" % (name, tag)).count() == 0
