"""Live logs and a console on each Docker host, in a real Chromium, as demo.

demo launches two containers from the panel's "Launch Container" modal, one
in each availability zone of the stack (host1's zone nova, host2's az2),
each writing a numbered line a few times a second. Each host's own dockerd
is asked that the container is there and not on the other. Then, for each,
clicking from the panel to the container's page: the Logs tab shows lines
written after it opened, and the Console tab answers a command in that
container. The browser talks to the routing endpoint only (the catalog's
`docker` endpoint, :8790), which carries the WebSockets to the host that
holds the container."""
import os
import urllib.parse

import docker
import pytest
import requests
from playwright.sync_api import expect

from tests import stack
from tests.e2e import containers_ui as ui
from tests.e2e.test_docker_hosts import launch_where
from tests.e2e.test_docker_hosts import remove_named
from tests.e2e.test_logs_reconnect import SHOWN_NUMBERS
from tests.e2e.test_logs_reconnect import number
from tests.e2e.test_logs_reconnect import wait_until_shown

# Each host's own dockerd (stack/lib/env.sh), asked directly where a
# container landed.
DAEMONS = {
    "host1": os.environ.get("DD_DOCKER_HOST", "unix:///var/run/docker.sock"),
    "host2": "unix://" + os.environ.get("DD_HOST2_DOCKER_SOCK",
                                        "/var/run/dd-host2/docker.sock"),
}
# n=1, n=2, ... five lines a second, as the Command field reads it.
COUNTING = "sh -c 'i=0; while true; do i=$((i+1)); echo n=$i; sleep 0.2; done'"
# Lines the test waits for beyond the last one the container had written
# once the view was live: all of them written after the page opened.
MORE_LINES = 3


def zones_of_hosts():
    """{host name: its zone}, as the routing endpoint tells an admin."""
    answer = requests.get(stack.PROXY_URL + "/dd/hosts", timeout=30,
                          headers={"X-Auth-Token": stack.token("admin")})
    answer.raise_for_status()
    return {host["name"]: host["availability_zone"]
            for host in answer.json()["hosts"]}


def daemon(host):
    return docker.APIClient(base_url=DAEMONS[host], version="1.41",
                            timeout=30)


def names_on(host, name):
    return [found["Names"][0].lstrip("/") for found in
            daemon(host).containers(all=True, filters={"name": name})]


@pytest.fixture(scope="module")
def launched(login):
    """{host name: (zone, container name)}: one container of demo's per
    host, each launched through the modal choosing only that host's zone;
    removed through the routing endpoint afterwards, even on failure."""
    zones = zones_of_hosts()
    assert set(DAEMONS) <= set(zones), "the stack runs host1 and host2"
    picked = {host: zones[host] for host in DAEMONS}
    # A zone chosen must name one host for the test to know where to look.
    assert len(set(picked.values())) == len(picked), \
        "host1 and host2 share a zone: %s" % picked
    prefix = ui.unique("dd-each-host")
    page = login("demo")
    try:
        shown = {}
        for host, zone in picked.items():
            name = "%s-%s" % (prefix, zone)
            launch_where(page, name, zone=zone, command=COUNTING)
            shown[host] = (zone, name)
        for _zone, name in shown.values():
            ui.filter_by_name(page, name)
            try:
                ui.wait_row_state(page, name, "Running")
            finally:
                ui.clear_filter(page)
        yield shown
    finally:
        remove_named("demo", prefix)


def test_each_zone_runs_its_container_on_its_own_host(launched):
    for host, (zone, name) in launched.items():
        assert names_on(host, name) == [name], \
            "launched in zone %s, not found on %s's dockerd" % (zone, host)
        for other in DAEMONS:
            if other != host:
                assert names_on(other, name) == [], \
                    "launched in zone %s, found on %s" % (zone, other)


@pytest.fixture
def container_page(login):
    """A page of demo's of its own, whose WebSockets are recorded (their
    addresses without the query, which holds a ticket); closed after."""
    page = login("demo").context.new_page()
    page.set_default_timeout(30000)
    sockets = []
    page.on("websocket", lambda socket: sockets.append(
        urllib.parse.urlsplit(socket.url)._replace(query="").geturl()))
    try:
        yield page, sockets
    finally:
        # Horizon keeps the table's filter in the session, which the other
        # tests' pages of demo share.
        try:
            ui.clear_filter(page)
        finally:
            page.close()


def open_from_panel(page, name):
    """The container's page, from its row's link in the filtered table."""
    ui.filter_by_name(page, name)
    ui.row(page, name).locator("a", has_text=name).click()
    # Attached, not visible: Horizon reopens the tab the user was on last.
    page.locator(".dd-container-overview").wait_for(state="attached")


def through_routing_endpoint(sockets, action):
    """The page's WebSockets for `action` all went to the catalog's
    endpoint (host1's proxy, which routes), never to another host's."""
    endpoint = urllib.parse.urlsplit(stack.PROXY_URL).netloc
    used = [url for url in sockets if url.endswith("/" + action)]
    assert used, "no %s WebSocket was opened" % action
    assert {urllib.parse.urlsplit(url).netloc for url in used} == {endpoint}


def last_written(name):
    """The number of the last line the container has written, read through
    the routing endpoint as demo."""
    client = stack.docker_client("demo")
    cid = client.containers(filters={"name": name})[0]["Id"]
    return number(client.logs(cid, tail=1).decode())


@pytest.mark.parametrize("host", sorted(DAEMONS))
def test_the_logs_tab_follows_live_lines_on_each_host(
        launched, container_page, host):
    page, sockets = container_page
    _zone, name = launched[host]
    open_from_panel(page, name)
    ui.open_tab(page, "logs")
    view = page.locator(".dd-logs-view")
    expect(page.locator(".dd-logs-status")).to_have_text("Live")
    expect(view.locator(".log-text").first).to_be_visible()
    # Lines the container writes from now on, after the page opened.
    target = last_written(name) + MORE_LINES
    wait_until_shown(page, target)
    shown = [number(text) for text in page.evaluate(SHOWN_NUMBERS)]
    assert shown == list(range(shown[0], shown[-1] + 1)), \
        "a line is missing or shown twice"
    through_routing_endpoint(sockets, "logs")


@pytest.mark.parametrize("host", sorted(DAEMONS))
def test_the_console_answers_in_the_container_on_each_host(
        launched, container_page, host):
    page, sockets = container_page
    _zone, name = launched[host]
    open_from_panel(page, name)
    ui.open_tab(page, "console")
    page.click('.dd-console [data-dd-action="connect"]')
    expect(page.locator(".dd-console-status")).to_contain_text("Connected")
    terminal = page.locator(".dd-console-terminal .terminal")
    expect(terminal).to_be_visible()
    terminal.click()
    # The container's hostname is its short id, on the host it runs on;
    # the typed line holds neither it nor 42, only the shell's answer does.
    page.keyboard.type("echo on-$(cat /etc/hostname)-$((6*7))\n")
    short_id = daemon(host).inspect_container(name)["Id"][:12]
    expect(terminal).to_contain_text("on-%s-42" % short_id)
    through_routing_endpoint(sockets, "console")
