"""The admin's events socket outlives a restart of another host's proxy.

Two hosts of the test's own sharing one state database (as the stack's
do; tests/integration/router/conftest.py): "t-a" in front of the stack's
dockerd routes, "t-b" in front of a dockerd of the test's own. The socket
is opened on t-a for t-b's events; t-b's proxy is stopped and started again
(at another address, as the hosts table then says); a container made on
t-b afterwards still shows on the same socket, which never closed."""
import asyncio
import contextlib
import urllib.parse

import aiohttp
import docker
import pytest

from docker_dashboard import tickets
from tests import private_dockerd
from tests import stack
from tests.integration import ws_support
from tests.integration.router.conftest import IMAGE
from tests.integration.router.conftest import create_on
from tests.integration.router.conftest import host_proxy


@pytest.fixture(scope="module")
def second_dockerd():
    with private_dockerd.running("admevts", "172.31.231.1/24") as daemon:
        daemon.copy_image(IMAGE)
        yield daemon


def events_url(base, **query):
    query["ticket"] = tickets.mint(
        ws_support.secret(), stack.project_ids()["admin"], "admin-user",
        tickets.EVENTS_SUBJECT, "events")
    return "%s/ws/events?%s" % (base, urllib.parse.urlencode(query))


def started(container_id):
    """read_until's condition: the container's start event has come."""
    return lambda rows: any(row["id"] == container_id
                            and row["action"] == "start" for row in rows)


def test_a_hosts_events_keep_coming_after_its_proxy_restarted(
        second_dockerd, tmp_path):
    database_url = "sqlite:///%s" % (tmp_path / "state.sqlite3")
    made = []
    with contextlib.ExitStack() as hosts:
        first_b = hosts.enter_context(host_proxy(
            "t-b", tmp_path, database_url, second_dockerd.socket))
        a = hosts.enter_context(host_proxy(
            "t-a", tmp_path, database_url, "/var/run/docker.sock"))
        restarted = {}

        def restart_b():
            first_b.process.terminate()
            first_b.process.wait(timeout=30)
            restarted["b"] = hosts.enter_context(host_proxy(
                "t-b", tmp_path, database_url,
                second_dockerd.socket))

        async def follow():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(
                        events_url(a.ws_base, host="t-b"),
                        headers={"Origin": ws_support.ORIGIN}) as ws:
                    before = await asyncio.to_thread(
                        create_on, first_b, "demo", made)
                    rows = await ws_support.read_until(
                        ws, started(before), timeout=60)
                    await asyncio.to_thread(restart_b)
                    after = await asyncio.to_thread(
                        create_on, restarted["b"], "demo", made)
                    rows += await ws_support.read_until(
                        ws, started(after), timeout=90)
                    return before, after, rows
        try:
            before, after, rows = asyncio.run(follow())
        finally:
            daemon = docker.APIClient(
                base_url="unix://" + second_dockerd.socket)
            for container_id in made:
                daemon.remove_container(container_id, force=True, v=True)
            daemon.close()
    demo = stack.project_ids()["demo"]
    for container_id in (before, after):
        seen = [row for row in rows if row["id"] == container_id]
        assert {(r["host"], r["project"]) for r in seen} == {("t-b", demo)}
        assert "start" in {r["action"] for r in seen}
