"""dockerd restarted while a live log is open: the browser is told clearly.

Runs against a SECOND real dockerd of this test's own (its own socket, data
and exec roots and bridge, no iptables), restarted by the fixture; the shared
dockerd is never touched. It must not run with `--bridge none`: a dockerd
started that way deletes the host's docker0, the shared daemon's bridge."""
import asyncio
import contextlib
import uuid

import aiohttp
import docker
import pytest

from tests import private_dockerd
from tests import stack
from tests.integration import ws_support as ws

DAEMON = private_dockerd.PrivateDockerd("test", "172.31.254.1/24")
SOCKET = DAEMON.socket


class SecondDockerd:
    """The test's daemon, restarted by the test."""

    def restart(self):
        DAEMON.stop()
        DAEMON.start()


@pytest.fixture(scope="module")
def second_dockerd():
    try:
        DAEMON.start()
        DAEMON.copy_image()
        yield SecondDockerd()
    finally:
        DAEMON.stop()


@contextlib.contextmanager
def demo_container_on(client):
    created = client.create_container(
        "busybox:latest",
        ["sh", "-c", "i=0; while true; do echo tick-$i; i=$((i+1)); "
                     "sleep 0.1; done"],
        name="p5-restart-%s" % uuid.uuid4().hex[:8],
        labels={"org.openstack.project-id": stack.project_ids()["demo"]},
        host_config=client.create_host_config(network_mode="none"))
    client.start(created["Id"])
    try:
        yield created["Id"]
    finally:
        docker.APIClient("unix://" + SOCKET).remove_container(
            created["Id"], force=True)


def test_dockerd_restarted_mid_stream_ends_the_log_with_a_clear_message(
        second_dockerd):
    client = docker.APIClient("unix://" + SOCKET)
    with demo_container_on(client) as cid, ws.extra_proxy(SOCKET) as base:
        url = ws.ws_url(cid, base=base, ticket=ws.ticket(cid))

        async def scenario():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(
                        url, headers={"Origin": ws.ORIGIN}) as sock:
                    await ws.read_until(sock, lambda f: ws.lines_of(f))
                    await asyncio.to_thread(second_dockerd.restart)
                    return await ws.read_until(sock, lambda f: False)
        frames = asyncio.run(scenario())
    end = ws.end_of(frames)
    # The daemon stops the container when it shuts down; which of the two
    # the proxy sees first depends on the shutdown's order, both say what
    # happened and neither leaves the browser waiting.
    assert end["reason"] in ("daemon unavailable", "container stopped")
    assert end["message"]
