"""Admin -> Docker -> Events in a real Chromium: an admin clicks from the
menu into the panel and, once its stream is live, containers of demo's are
created and stopped through the proxy on host2 and on host1: their events
appear in the table as they happen, each with its host and its project's
name. Filtered to alt_demo, demo's events no longer show while alt_demo's
do. A member has no such panel, and its address refuses them."""
import contextlib
import uuid

from playwright.sync_api import expect

from tests import stack
from tests.e2e.test_admin_images import open_admin_panel
from tests.e2e.test_admin_images import refused_to_member

ZONE_LABEL = "org.openstack.availability-zone"
HOST_ZONES = {"host1": "nova", "host2": "az2"}
LIMITS = {"mem_limit": "64m", "nano_cpus": 250_000_000}


@contextlib.contextmanager
def containers_made():
    """make(user, host) creates, starts and stops a container of `user`'s
    on that host through the routing endpoint; all removed at the end."""
    made = []

    def make(user, host):
        client = stack.docker_client(user)
        created = client.create_container(
            "busybox:latest", ["sleep", "600"],
            name="dd-e2e-events-%s-%s" % (host, uuid.uuid4().hex[:8]),
            labels={ZONE_LABEL: HOST_ZONES[host]},
            host_config=client.create_host_config(**LIMITS))
        made.append((client, created["Id"]))
        client.start(created["Id"])
        client.stop(created["Id"], timeout=0)
        return created["Id"]
    try:
        yield make
    finally:
        for client, container_id in made:
            client.remove_container(container_id, force=True)


def event_rows(page, container_id, action=None):
    rows = page.locator('#docker_events tr[data-object-id="%s"]'
                        % container_id)
    if action:
        rows = rows.filter(has=page.locator("td:nth-child(5)",
                                            has_text=action))
    return rows


def wait_live(page):
    page.wait_for_selector("[data-dd-events][data-dd-events-live]")


def cells(row):
    return [text.strip() for text in row.locator("td").all_inner_texts()]


def test_an_admin_sees_both_hosts_events_live_and_filters_by_project(login):
    page = login("admin")
    open_admin_panel(page, "docker_events")
    wait_live(page)
    with containers_made() as make:
        on_host2 = make("demo", "host2")
        on_host1 = make("demo", "host1")
        for host, container_id in (("host2", on_host2), ("host1", on_host1)):
            stopped = event_rows(page, container_id, "stop")
            expect(stopped).to_have_count(1)
            time, row_host, project, kind, action, name = cells(stopped)
            assert (row_host, project, kind, action) == (
                host, "demo", "container", "stop")
            assert name.startswith("dd-e2e-events-%s-" % host)
            assert time
            expect(event_rows(page, container_id, "start")).to_have_count(1)

        page.select_option("#dd-events-project", label="alt_demo")
        wait_live(page)
        # The table starts over for the new filter.
        expect(event_rows(page, on_host1)).to_have_count(0)
        demos = make("demo", "host1")
        alts = make("alt_demo", "host1")
        expect(event_rows(page, alts, "stop")).to_have_count(1)
        # demo's came first from the same dockerd: had the filter let it
        # through, it would be there by now.
        expect(event_rows(page, demos)).to_have_count(0)
        assert cells(event_rows(page, alts, "stop"))[2] == "alt_demo"


def test_a_member_has_no_admin_events_panel(login):
    refused_to_member(login("demo"), "docker_events")
