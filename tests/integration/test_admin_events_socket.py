"""The admin's live events socket (`/ws/events`) on the routing endpoint,
against the stack's two Docker hosts: a container of demo's made on host2
and one on host1, through the proxy, are seen live with their host and
project; a project filter hides the other project's; the socket refuses
whatever is not an events ticket Horizon minted (a member's own log ticket,
a token, a copy of a ticket already used, another Origin), and Horizon
mints one only for an admin."""
import asyncio
import contextlib
import json
import urllib.parse
import uuid

import aiohttp
import pytest

from docker_dashboard import tickets
from tests import stack
from tests.integration import ws_support

ZONE_LABEL = "org.openstack.availability-zone"
HOST_ZONES = {"host1": "nova", "host2": "az2"}
LIMITS = {"mem_limit": "64m", "nano_cpus": 250_000_000}


def events_ticket(project="admin"):
    return tickets.mint(ws_support.secret(), stack.project_ids()[project],
                        "admin-user", tickets.EVENTS_SUBJECT, "events")


def events_url(ticket, **query):
    query["ticket"] = ticket
    return "%s/ws/events?%s" % (ws_support.WS_BASE,
                                urllib.parse.urlencode(query))


@contextlib.contextmanager
def containers_made(user):
    """make(host) creates, starts and stops a container of `user`'s on
    that host (through the proxy); all are removed at the end."""
    client = stack.docker_client(user)
    made = []

    def make(host):
        created = client.create_container(
            "busybox:latest", ["sleep", "600"],
            name="dd-it-events-%s-%s" % (host, uuid.uuid4().hex[:8]),
            labels={ZONE_LABEL: HOST_ZONES[host]},
            host_config=client.create_host_config(**LIMITS))
        made.append(created["Id"])
        client.start(created["Id"])
        client.stop(created["Id"], timeout=0)
        return created["Id"]
    try:
        yield make
    finally:
        for container_id in made:
            client.remove_container(container_id, force=True)


async def rows_while(url, act, done, timeout=60):
    """The rows the socket sends from before `act()` runs (in a thread:
    docker-py blocks) until `done(rows)`, asked once `act()` has returned
    (what it made is known only then; its events may all have come)."""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(
                url, headers={"Origin": ws_support.ORIGIN}) as ws:
            rows = []
            acting = asyncio.ensure_future(asyncio.to_thread(act))

            async def read():
                async for msg in ws:
                    if msg.type == aiohttp.WSMsgType.TEXT:
                        rows.append(json.loads(msg.data))
                        if acting.done() and done(rows):
                            return
            reading = asyncio.ensure_future(read())
            try:
                await acting
                if not done(rows):
                    await asyncio.wait_for(asyncio.shield(reading), timeout)
            finally:
                reading.cancel()
            return rows


def actions_of(rows, container_id):
    return [row["action"] for row in rows if row["id"] == container_id]


def test_events_of_both_hosts_arrive_live_with_host_and_project():
    demo = stack.project_ids()["demo"]
    ids = {}
    with containers_made("demo") as make:
        def act():
            ids["host2"] = make("host2")
            ids["host1"] = make("host1")

        def done(rows):
            return len(ids) == 2 and all(
                "stop" in actions_of(rows, ids[host]) for host in ids)
        rows = asyncio.run(rows_while(events_url(events_ticket()), act,
                                      done))
    for host, container_id in ids.items():
        seen = [row for row in rows if row["id"] == container_id]
        assert {"create", "start", "stop"} <= {r["action"] for r in seen}
        assert {(r["host"], r["project"], r["type"]) for r in seen} == {
            (host, demo, "container")}
        assert all(r["name"].startswith("dd-it-events-%s-" % host)
                   for r in seen)


def test_a_project_filter_hides_the_other_projects_events():
    alt = stack.project_ids()["alt_demo"]
    ids = {}
    with containers_made("demo") as make_demo, \
            containers_made("alt_demo") as make_alt:
        def act():
            # demo's first, on the same host: by the time alt_demo's
            # events come, dockerd has sent demo's.
            ids["demo"] = make_demo("host1")
            ids["alt"] = make_alt("host1")

        def done(rows):
            return "stop" in actions_of(rows, ids.get("alt"))
        rows = asyncio.run(rows_while(
            events_url(events_ticket(), project=alt), act, done))
    assert {row["project"] for row in rows} == {alt}
    assert actions_of(rows, ids["demo"]) == []


def test_a_host_filter_leaves_the_other_host_out():
    ids = {}
    with containers_made("demo") as make:
        def act():
            ids["host1"] = make("host1")
            ids["host2"] = make("host2")

        def done(rows):
            return "stop" in actions_of(rows, ids.get("host2"))
        rows = asyncio.run(rows_while(
            events_url(events_ticket(), host="host2", type="container"),
            act, done))
    assert {row["host"] for row in rows} == {"host2"}
    assert actions_of(rows, ids["host1"]) == []


def test_the_socket_refuses_what_is_not_an_admins_events_ticket():
    status = ws_support.status_of
    with ws_support.container(["sleep", "600"]) as container_id:
        # A member's ticket for its own container's log.
        member_ticket = ws_support.ticket(container_id, "logs")
        assert status(events_url(member_ticket)) == 403
        # It still opens what it was minted for: refused above for what
        # it is, not because it was spent.
        assert status(ws_support.ws_url(container_id, "logs",
                                        ticket=member_ticket)) == 101
    # No ticket; a member's token where the ticket goes.
    assert status(events_url("")) == 403
    assert status(events_url(stack.token("demo"))) == 403
    # Another Origin; then a ticket used once already.
    assert status(events_url(events_ticket()), origin="http://evil") == 403
    used = events_ticket()
    assert status(events_url(used)) == 101
    assert status(events_url(used)) == 403
    # A type the panel does not offer.
    assert status(events_url(events_ticket(), type="daemon")) == 400


def test_a_members_token_header_does_not_open_the_socket():
    async def handshake():
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(
                        "%s/ws/events" % ws_support.WS_BASE,
                        headers={"Origin": ws_support.ORIGIN,
                                 "X-Auth-Token": stack.token("demo")}):
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status
    assert asyncio.run(handshake()) == 403


@pytest.mark.parametrize("user, status", [("admin", 200), ("demo", 403),
                                          ("reader", 403)])
def test_horizon_mints_an_events_ticket_for_an_admin_only(user, status):
    session = stack.horizon_session(user)
    answer = session.post(
        stack.HORIZON_URL + "/admin/docker_events/ticket/",
        headers={"X-CSRFToken": session.cookies.get("csrftoken", ""),
                 "Referer": stack.HORIZON_URL + "/admin/"},
        timeout=30)
    if status == 200:
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["ws_url"].endswith("/ws/events")
        assert ws_support.status_of(
            "%s?ticket=%s" % (body["ws_url"], body["ticket"])) == 101
    else:
        # Horizon's admin dashboard turns a member away before the view.
        assert answer.status_code != 200
        assert "ticket" not in answer.text
