"""The cloud's Docker hosts as a member and an admin meet them, clicking
from the Containers panel through "Launch Container" into its modal.

What the page should offer is what the real proxy answers the same user at
`GET /dd/hosts` (a proxy that serves one Docker host has no such route and
no zones: the zone choice is then absent, as on any single-host cloud), so
the form tests hold on one host and on many; the launches, in a chosen zone
and pinned to each host, need the stack's two hosts."""
import requests

from tests import stack
from tests.e2e import containers_ui as ui

HOST_LABEL = "org.openstack.docker-host"


def proxy_hosts(user, up_only=False):
    """(zones, host names) the proxy tells `user` (only the hosts that
    answer when `up_only`); none from a proxy without the route."""
    answer = requests.get(stack.PROXY_URL + "/dd/hosts", timeout=30,
                          headers={"X-Auth-Token": stack.token(user)})
    if answer.status_code == 404:
        return [], []
    answer.raise_for_status()
    body = answer.json()
    return (body.get("availability_zones") or [],
            [host["name"] for host in body.get("hosts") or []
             if host.get("up") or not up_only])


def offered(page, field):
    """(values, labels) of a choice in the open modal, as its dropdown
    lists them; None when the form does not show that choice."""
    widget = page.locator('.modal .themable-select:has(select[name="%s"])'
                          % field)
    if widget.count() == 0:
        return None
    entries = widget.locator("a[data-select-value]")
    return ([entries.nth(i).get_attribute("data-select-value")
             for i in range(entries.count())],
            [text.strip() for text in entries.all_inner_texts()])


def open_resources(page):
    ui.open_launch(page)       # the panel, then its "Launch Container"
    ui.open_step(page, "resources")
    page.wait_for_selector(".modal #launch_container__resources.active")


def close_modal(page):
    page.click('.modal .cancel, .modal [data-dismiss="modal"]')


def column_headers(page):
    return [text.strip() for text in
            page.locator("#containers thead tr.table_column_header th"
                         ).all_inner_texts()]


def test_a_member_chooses_a_zone_never_a_host(login):
    zones, _hosts = proxy_hosts("demo")
    page = login("demo")
    open_resources(page)
    try:
        zone_choice = offered(page, "availability_zone")
        host_choice = offered(page, "docker_host")
    finally:
        close_modal(page)
    if zones:
        assert zone_choice[0] == [""] + zones
        assert zone_choice[1][0] == "Any zone"
    else:
        assert zone_choice is None
    assert host_choice is None
    assert "Host" not in column_headers(page)


def test_an_admin_chooses_a_zone_and_a_host(login):
    zones, hosts = proxy_hosts("admin")
    page = login("admin")
    open_resources(page)
    try:
        zone_choice = offered(page, "availability_zone")
        host_choice = offered(page, "docker_host")
    finally:
        close_modal(page)
    if zones:
        assert zone_choice[0] == [""] + zones
    else:
        assert zone_choice is None
    if hosts:
        assert host_choice[0] == [""] + hosts
        assert host_choice[1][0] == "Any host"
    else:
        assert host_choice is None


def test_an_admin_sees_each_containers_host(login):
    client = stack.docker_client("admin")
    name = ui.unique("dd-hosts")
    cid = client.create_container(
        "busybox:latest", ["sleep", "600"], name=name,
        host_config=client.create_host_config(nano_cpus=10 ** 8,
                                              mem_limit=64 << 20))["Id"]
    try:
        # The host the proxy wrote on it; "-" for a container made by a
        # proxy that serves one host and writes none.
        shown_host = (client.inspect_container(cid)["Config"]["Labels"]
                      .get(HOST_LABEL) or "-")
        page = login("admin")
        ui.filter_by_name(page, name)
        try:
            headers = column_headers(page)
            assert "Host" in headers
            cells = ui.row(page, name).locator("td")
            assert cells.nth(headers.index("Host")).inner_text().strip() \
                == shown_host
        finally:
            ui.clear_filter(page)
    finally:
        client.remove_container(cid, force=True)


def remove_named(user, prefix):
    client = stack.docker_client(user)
    for found in client.containers(all=True, filters={"name": prefix}):
        client.remove_container(found["Id"], force=True)


def launch_where(page, name, zone=None, host=None, command="sleep 600"):
    """Launch Container from the panel, with the zone and host chosen in
    the Resources step as a user chooses them."""
    ui.open_launch(page)
    ui.choose(page, "image", "busybox:latest")
    page.fill(".modal #id_name", name)
    page.fill(".modal #id_command", command)
    ui.open_step(page, "resources")
    ui.choose(page, "flavor", "1")
    if zone is not None:
        ui.choose(page, "availability_zone", zone)
    if host is not None:
        ui.choose(page, "docker_host", host)
    ui.modal_submit(page)
    page.wait_for_url("**/project/docker_containers/")


def test_a_member_launches_in_a_chosen_zone(login):
    zones, _hosts = proxy_hosts("demo")
    assert zones, "the stack runs its Docker hosts in availability zones"
    name = ui.unique("dd-zone")
    page = login("demo")
    try:
        launch_where(page, name, zone=zones[-1])
        ui.filter_by_name(page, name)
        try:
            ui.wait_row_state(page, name, "Running")
        finally:
            ui.clear_filter(page)
        client = stack.docker_client("demo")
        found = client.containers(all=True, filters={"name": name})
        labels = client.inspect_container(found[0]["Id"])["Config"]["Labels"]
        assert labels["org.openstack.availability-zone"] == zones[-1]
    finally:
        remove_named("demo", name)


def test_an_admin_pins_launches_to_each_host(login):
    _zones, hosts = proxy_hosts("admin", up_only=True)
    assert len(hosts) >= 2, "the stack runs two Docker hosts"
    prefix = ui.unique("dd-pin")
    page = login("admin")
    try:
        for host in hosts:
            name = "%s-%s" % (prefix, host)
            launch_where(page, name, host=host)
            ui.filter_by_name(page, name)
            try:
                ui.wait_row_state(page, name, "Running")
                headers = column_headers(page)
                cells = ui.row(page, name).locator("td")
                assert cells.nth(headers.index("Host")).inner_text().strip() \
                    == host
                # The container's page says it too.
                ui.row(page, name).locator("a", has_text=name).click()
                page.wait_for_selector(".dd-container-overview")
                assert page.locator(".dd-container-overview .dd-host"
                                    ).inner_text().strip() == host
            finally:
                ui.clear_filter(page)
    finally:
        remove_named("admin", prefix)
