"""Launches the service refuses, shown in the form where the user can fix
them, and what a reader is not offered."""
import pytest

from tests import stack
from tests.e2e import containers_ui as ui

PREFIX = "e2e-err"


@pytest.fixture
def name():
    name = ui.unique(PREFIX)
    yield name
    ui.remove_by_prefix(name)


def field_error(page, field):
    """The message shown next to a field of the launch workflow."""
    group = page.locator('.modal .form-group:has([name="%s"])' % field)
    group.locator(".help-block.alert, .error, .help-block").first.wait_for()
    return group.inner_text()


def test_a_name_already_taken_is_shown_next_to_the_name(login):
    page = login("demo")
    ui.launch(page, "demo-web")      # a seeded container of the project
    page.locator(".modal .form-group.has-error").first.wait_for()
    said = field_error(page, "name")
    assert 'The name "demo-web" is taken by another container' in said
    assert "already in use" in said


def test_a_host_port_already_published_is_shown_next_to_the_ports(login,
                                                                  name):
    client = stack.docker_client("demo")
    taken = client.create_container(
        "busybox:latest", ["sleep", "600"], name=name + "-holder",
        ports=[80], host_config=client.create_host_config(
            port_bindings={80: None}, nano_cpus=10 ** 8,
            mem_limit=64 << 20))
    client.start(taken["Id"])
    host_port = client.port(taken["Id"], 80)[0]["HostPort"]
    page = login("demo")
    ui.launch(page, name, ports="%s:80" % host_port)
    page.locator(".modal .form-group.has-error").first.wait_for()
    ui.open_step(page, "network")
    # What to do, then Docker's own words as the details.
    said = field_error(page, "ports")
    assert ("Host port %s is in use: choose another or leave it empty"
            % host_port) in said
    assert "Details:" in said and "already allocated" in said
    # The failed launch leaves nothing behind under that name.
    assert not client.containers(all=True, filters={"name": "^/%s$" % name})


def test_a_forbidden_option_is_refused_in_the_proxys_words(login, name):
    page = login("demo")
    # A host port below 1024 would take a host service's port.
    ui.launch(page, name, ports="80:80")
    page.locator(".modal .form-group.has-error, .modal .alert-danger"
                 ).first.wait_for()
    ui.open_step(page, "network")
    text = page.locator(".modal").inner_text()
    assert "Host ports below 1024 are kept for the host" in text
    assert not stack.docker_client("demo").containers(
        all=True, filters={"name": name})


def test_a_reader_sees_no_launch_or_delete(login):
    page = login("reader")
    try:
        ui.filter_by_name(page, "demo-web")
        # The seeded running row is shown, without its delete or stop.
        assert "demo-web" in page.locator("#containers").inner_text()
        assert page.locator('[id$="__action_stop"]').count() == 0
    finally:
        ui.clear_filter(page)
    assert page.locator("#containers__action_launch").count() == 0
    assert page.locator('[id$="__action_delete"]').count() == 0
    assert page.locator('[id$="__action_force_delete"]').count() == 0
    assert page.locator('[id$="__action_stop"]').count() == 0
