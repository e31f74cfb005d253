"""The Images panel in Chromium, as demo, clicking from the panel as a user
does: every table action (Pull Image, Build Image, Compare Images, Remove
Images, the filter) and row action (Launch, Tag, Push to Registry, Remove
Image), checking the message, the row and the new object. Build from a
Dockerfile and watch the log, open the new image's layers and find the
added file; pull from the local registry with per-layer progress shown;
push to it with progress and the registry's digest, and a refused push in
the proxy's words."""
import re
import uuid

import io
import tarfile

import docker
import pytest
import requests

from tests import registry
from tests import stack
from tests.e2e import containers_ui as ui

REGISTRY = "127.0.0.1:5005"
IMAGES = "/project/docker_images/"


def filter_images(page, reference):
    """The table filtered by Docker on the name (the table's own filter),
    so a row is found however many images other tests left. Horizon keeps
    the filter in the session: filter_images(page, "") afterwards."""
    page.goto(IMAGES)
    page.fill('input[name="docker_images__filter__q"]', reference)
    page.click("#docker_images__action_filter")
    page.wait_for_selector("#docker_images")
    ui.dismiss_messages(page)


def image_row(page, display):
    return page.locator('#docker_images tr[data-display="%s"]' % display)


def image_action(page, display, action):
    """A row action: the row's main button, else from its menu."""
    ui.dismiss_messages(page)
    row = image_row(page, display)
    button = row.locator('[id$="__action_%s"]' % action)
    if not button.is_visible():
        row.locator(".dropdown-toggle").click()
    button.click()


def local_daemon():
    """dockerd itself, for the fixture's setup and clean-up only (pushing a
    test image to the registry; removing what these tests made)."""
    return docker.APIClient(base_url="unix:///var/run/docker.sock",
                            version="1.41", timeout=120)


def context_of(dockerfile):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(dockerfile.encode())
        archive.addfile(info, io.BytesIO(dockerfile.encode()))
    buffer.seek(0)
    return buffer


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:8]


@pytest.fixture
def cleanup():
    refs = []
    yield refs
    daemon = local_daemon()
    for ref in refs:
        try:
            daemon.remove_image(ref, force=True)
        except docker.errors.APIError:
            pass


@pytest.fixture
def registry_image(unique, cleanup):
    """An image in the local registry with a layer of its own (busybox's is
    already on the daemon), not on the daemon itself."""
    daemon = local_daemon()
    repository = "%s/dd-e2e-pull-%s" % (REGISTRY, unique)
    dockerfile = "FROM busybox:latest\nRUN echo %s > /unique\n" % unique
    lines = list(daemon.build(fileobj=context_of(dockerfile), custom_context=True,
                              tag=repository + ":1", rm=True, decode=True,
                              network_mode="none"))
    assert not [line for line in lines if "error" in line], lines
    lines = list(daemon.push(repository, tag="1", stream=True, decode=True))
    assert not [line for line in lines if "error" in line], lines
    daemon.remove_image(repository + ":1")
    cleanup.append(repository + ":1")
    yield repository + ":1"
    # Out of the registry again, so repositories do not pile up run by run.
    registry.delete_tag(repository + ":1")


def test_build_watch_the_log_and_find_the_added_file(login, unique, cleanup):
    page = login("demo")
    tag = "dd-e2e-build-%s:1" % unique
    cleanup.append(tag)
    page.goto("/project/docker_images/")
    ui.dismiss_messages(page)
    page.click("#docker_images__action_build")
    page.fill("#id_reference", tag)
    page.fill("#id_dockerfile", "FROM busybox:latest\n"
                                "RUN mkdir /hello && echo world > /hello/added.txt"
                                " && rm /bin/vi\n")
    page.click(".dd-stream-submit")
    page.wait_for_selector(".dd-stream-status.alert", timeout=120000)
    assert "Done" in page.inner_text(".dd-stream-status"), page.inner_text(
        ".dd-stream-status")
    log = page.inner_text(".dd-build-log")
    assert "RUN mkdir /hello && echo world > /hello/added.txt" in log
    # The proxy's own steps (the project's label) are shown apart, as the
    # service's, not as steps of the user's Dockerfile.
    proxy_steps = page.locator(".dd-build-log .dd-proxy-step")
    assert proxy_steps.count() >= 1, log
    marked = " ".join(proxy_steps.all_inner_texts())
    assert "Added by the service" in marked
    assert "LABEL org.openstack." in marked
    assert "RUN mkdir" not in marked
    unmarked = page.evaluate(
        "() => { const log = document.querySelector('.dd-build-log')"
        ".cloneNode(true); log.querySelectorAll('.dd-proxy-step')"
        ".forEach(s => s.remove()); return log.textContent; }")
    assert "org.openstack." not in unmarked, unmarked
    assert "RUN mkdir /hello" in unmarked
    page.click(".dd-stream-link")
    # Efficiency as a percentage.
    assert re.search(r"Efficiency [0-9.]+ %", page.inner_text(".dd-efficiency"))
    # The top layer is shown first: open /hello and find the file, added.
    page.click(".dd-entry[data-path='/hello'] .dd-entry-name")
    added = page.wait_for_selector(".dd-entry[data-path='/hello/added.txt']")
    assert added.get_attribute("data-status") == "added"
    assert "added" in added.inner_text()
    # /bin lost vi in this layer: the folder reads modified, as the
    # container's Changes tab would mark it changed; vi itself removed.
    folder = page.locator(".dd-entry[data-path='/bin']")
    assert folder.get_attribute("data-status") == "modified"
    folder.locator(".dd-entry-name").first.click()
    removed = page.wait_for_selector(".dd-entry[data-path='/bin/vi']")
    assert removed.get_attribute("data-status") == "removed"


def test_pull_from_the_local_registry_shows_each_layer(login, registry_image):
    page = login("demo")
    page.goto(IMAGES)
    ui.dismiss_messages(page)
    page.click("#docker_images__action_pull")
    page.fill("#id_reference", registry_image)
    page.click(".dd-stream-submit")
    page.wait_for_selector(".dd-stream-status.alert", timeout=120000)
    assert "Done" in page.inner_text(".dd-stream-status"), page.inner_text(
        ".dd-stream-status")
    bars = page.query_selector_all(".dd-layer-progress")
    assert bars
    statuses = [bar.get_attribute("data-status") for bar in bars]
    assert "Pull complete" in statuses, statuses       # the image's own layer
    assert set(statuses) <= {"Pull complete", "Already exists"}, statuses
    page.click(".dd-stream-link")
    page.wait_for_selector(".dd-layer-table")


def test_a_registry_image_that_does_not_exist_says_so(login, unique):
    page = login("demo")
    page.goto(IMAGES)
    ui.dismiss_messages(page)
    page.click("#docker_images__action_pull")
    missing = "%s/dd-e2e-missing-%s:1" % (REGISTRY, unique)
    page.fill("#id_reference", missing)
    page.click(".dd-stream-submit")
    page.wait_for_selector(".dd-stream-status.alert-danger")
    # A sentence that says what to do, Docker's own words as the details.
    said = page.inner_text(".dd-stream-status")
    assert said.startswith("The registry has no image %s: check the name "
                           "and the tag." % missing), said
    details = page.inner_text(".dd-stream-status .dd-stream-details")
    assert details.startswith("Details: ") and "manifest unknown" in details


@pytest.fixture
def demo_image(unique):
    """A small image of demo's own, built through the proxy as demo and
    already named for the local registry (not pushed)."""
    proxy = stack.docker_client("demo")
    reference = "%s/dd-e2e-push-%s:1" % (REGISTRY, unique)
    dockerfile = "FROM busybox:latest\nRUN echo %s > /pushed\n" % unique
    lines = list(proxy.build(fileobj=context_of(dockerfile), custom_context=True,
                             tag=reference, rm=True, decode=True,
                             network_mode="none"))
    assert not [line for line in lines if "error" in line], lines
    yield reference, proxy.inspect_image(reference)["Id"]
    registry.delete_tag(reference)
    try:
        proxy.remove_image(reference, force=True)
    except docker.errors.APIError:
        pass


def registry_digest(reference):
    name, _colon, tag = reference[len(REGISTRY) + 1:].rpartition(":")
    head = requests.head("http://%s/v2/%s/manifests/%s" % (REGISTRY, name, tag),
                         headers={"Accept": registry.MANIFEST_TYPES}, timeout=30)
    return head.headers.get("Docker-Content-Digest")


def test_push_shows_each_layer_and_the_registrys_digest(login, demo_image):
    reference, image_id = demo_image
    page = login("demo")
    filter_images(page, reference)
    image_action(page, reference, "push")
    page.wait_for_url("**/%s/push/" % image_id)
    page.fill("#id_reference", reference)
    page.click(".dd-stream-submit")
    page.wait_for_selector(".dd-stream-status.alert", timeout=120000)
    status = page.inner_text(".dd-stream-status")
    assert "Pushed %s" % reference in status, status
    statuses = [bar.get_attribute("data-status")
                for bar in page.query_selector_all(".dd-layer-progress")]
    assert "Pushed" in statuses, statuses          # the image's own layer
    finished = [bar.evaluate("b => { var m = b.querySelector('progress');"
                             " return m.value >= m.max; }")
                for bar in page.query_selector_all(".dd-layer-progress")]
    assert all(finished), statuses
    # The digest shown is the one the registry now serves for the tag.
    repository = reference[len(REGISTRY) + 1:].rpartition(":")[0]
    assert registry.tags(repository) == ["1"]
    digest = registry_digest(reference)
    assert digest and digest in status, (digest, status)
    filter_images(page, "")


def test_a_refused_push_shows_the_proxys_reason(login, unique):
    """A member may tag the public base image into the project but not push
    it: the proxy's 403 is what the page says."""
    proxy = stack.docker_client("demo")
    public_id = proxy.inspect_image("busybox:latest")["Id"]
    reference = "%s/dd-e2e-refused-%s:1" % (REGISTRY, unique)
    page = login("demo")
    try:
        # The row menu does not offer it for the public image...
        filter_images(page, "busybox:latest")
        row = image_row(page, "busybox:latest")
        assert row.count() == 1
        assert row.locator('[id$="__action_push"]').count() == 0
        assert row.locator('[id$="__action_delete"]').count() == 0
        filter_images(page, "")
        # ...and its page, bookmarked, shows the proxy's refusal.
        page.goto("/project/docker_images/%s/push/" % public_id)
        page.fill("#id_reference", reference)
        page.click(".dd-stream-submit")
        page.wait_for_selector(".dd-stream-status.alert-danger", timeout=60000)
        assert "only an admin can change it" in page.inner_text(
            ".dd-stream-status")
        assert not page.query_selector_all(".dd-layer-progress")
        repository = reference[len(REGISTRY) + 1:].rpartition(":")[0]
        assert registry.tags(repository) == []
    finally:
        # Only the project's own extra name goes; busybox keeps its tags.
        try:
            proxy.remove_image(reference)
        except docker.errors.APIError:
            pass


@pytest.fixture
def three_images(unique):
    """Three small images of demo's own, the second on top of the first
    (one file added, one removed), built through the proxy; removed
    after."""
    proxy = stack.docker_client("demo")
    first = "dd-e2e-cmp-%s:a" % unique
    second = "dd-e2e-cmp-%s:b" % unique
    third = "dd-e2e-cmp-%s:c" % unique
    try:
        for tag, dockerfile in (
                (first, "FROM busybox:latest\nRUN echo a > /only-in-a\n"),
                (second, "FROM %s\nRUN rm /only-in-a && echo b > /only-in-b\n"
                         % first),
                (third, "FROM busybox:latest\nRUN echo c > /c\n")):
            lines = list(proxy.build(fileobj=context_of(dockerfile),
                                     custom_context=True, tag=tag, rm=True,
                                     decode=True, network_mode="none"))
            assert not [line for line in lines if "error" in line], lines
        yield first, second, third
    finally:
        # Through dockerd itself, as the cleanup fixture: it works even
        # while the proxy restarts.
        daemon = local_daemon()
        for found in daemon.containers(
                all=True, filters={"name": "dd-e2e-cmp-%s" % unique}):
            daemon.remove_container(found["Id"], force=True)
        for _child_first in range(2):   # a parent goes once its child has
            for image in daemon.images():
                if any(t.startswith("dd-e2e-cmp-%s" % unique)
                       for t in image.get("RepoTags") or []):
                    try:
                        daemon.remove_image(image["Id"], force=True)
                    except docker.errors.APIError:
                        pass


def test_compare_two_images_from_the_panel(login, three_images):
    first, second, _third = three_images
    page = login("demo")
    page.goto(IMAGES)
    ui.dismiss_messages(page)
    page.click("#docker_images__action_compare")
    page.wait_for_url("**/docker_images/compare/")
    page.fill('input[name="a"]', first)
    page.fill('input[name="b"]', second)
    page.click(".dd-compare-submit")
    page.wait_for_selector(".dd-compare-result")
    assert "compare/?a=" in page.url
    rows = {r.locator("code").inner_text(): r.get_attribute("class")
            for r in page.locator(".dd-differences tbody tr").all()}
    assert rows.get("/only-in-b") == "dd-added", rows
    assert rows.get("/only-in-a") == "dd-removed", rows


def test_tag_an_image_from_its_row_menu(login, three_images, unique):
    first, _second, _third = three_images
    page = login("demo")
    new_name = "dd-e2e-cmp-%s-tagged:1" % unique
    try:
        filter_images(page, first)
        image_action(page, first, "tag")
        page.wait_for_selector(".modal #id_reference")
        page.fill(".modal #id_reference", new_name)
        with page.expect_navigation():
            page.click('.modal [type="submit"].btn-primary')
        assert "Tagged %s" % new_name in page.inner_text(
            ".messages")
        filter_images(page, new_name)
        assert image_row(page, new_name).count() == 1
        proxy = stack.docker_client("demo")
        assert proxy.inspect_image(new_name)["Id"] == \
            proxy.inspect_image(first)["Id"]

        # A name Docker refuses is said inside the modal, which stays open.
        filter_images(page, first)
        image_action(page, first, "tag")
        page.wait_for_selector(".modal #id_reference")
        page.fill(".modal #id_reference", "busybox:latest")
        page.click('.modal [type="submit"].btn-primary')
        error = page.locator(".modal .alert-danger")
        error.wait_for()
        assert "Unable to tag the image" in error.inner_text()
        assert "not available to this project" in error.inner_text()
        page.click(".modal .cancel")
    finally:
        filter_images(page, "")
        try:
            stack.docker_client("demo").remove_image(new_name)
        except docker.errors.APIError:
            pass


def test_remove_an_image_and_several_and_a_refusal(login, three_images,
                                                   unique):
    first, second, third = three_images
    proxy = stack.docker_client("demo")
    user = ui.unique("dd-e2e-cmp-%s-user" % unique)
    made = proxy.create_container(
        second, command="sleep 600", name=user,
        host_config=proxy.create_host_config(mem_limit=32 * 1024 ** 2,
                                             nano_cpus=100000000))
    page = login("demo")
    try:
        # Refused while a container uses it: Docker's reason is shown.
        filter_images(page, second)
        image_action(page, second, "delete")
        with page.expect_navigation():
            ui.confirm(page)
        shown = page.inner_text(".messages")
        assert "Unable to remove image" in shown, shown
        assert re.search(r"used by .*container", shown), shown
        proxy.inspect_image(second)
        proxy.remove_container(made["Id"], force=True)

        # The row action, confirmed: the image goes.
        filter_images(page, second)
        image_action(page, second, "delete")
        with page.expect_navigation():
            ui.confirm(page)
        assert "Removed Image" in page.inner_text(".messages")
        assert image_row(page, second).count() == 0
        with pytest.raises(docker.errors.NotFound):
            proxy.inspect_image(second)

        # The table action on two checked rows.
        filter_images(page, "dd-e2e-cmp-%s:*" % unique)
        ui.dismiss_messages(page)
        for ref in (first, third):
            image_row(page, ref).locator(
                ".themable-checkbox label").click()   # Horizon's styled box
        ui.dismiss_messages(page)
        page.click("#docker_images__action_delete")
        with page.expect_navigation():
            ui.confirm(page)
        assert "Removed Images" in page.inner_text(".messages")
        for ref in (first, third):
            assert image_row(page, ref).count() == 0
            with pytest.raises(docker.errors.NotFound):
                proxy.inspect_image(ref)
    finally:
        filter_images(page, "")


def test_launch_from_an_image_row_chooses_the_image(login, three_images):
    first, _second, _third = three_images
    page = login("demo")
    try:
        filter_images(page, first)
        image_action(page, first, "launch")
        image = page.locator('select[name="image"]')
        image.wait_for(state="attached")
        assert image.input_value() == first
    finally:
        filter_images(page, "")
