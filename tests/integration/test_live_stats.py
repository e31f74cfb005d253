"""The stats WebSocket against a real proxy (one of this module's own) and
the real dockerd: who may open it, what each frame holds, how it ends."""
import asyncio
import time

import aiohttp
import pytest

from tests import stack
from tests.integration import ws_support as ws

SLEEPER = ["sleep", "600"]
# Burns CPU and does block I/O so that every figure moves.
BUSY = ["sh", "-c", "while true; do dd if=/dev/zero of=/tmp/f bs=64k "
        "count=16 2>/dev/null; done"]


@pytest.fixture(scope="module")
def base():
    """The ws:// address of a proxy process of our own."""
    with stack.own_proxy(DD_PUBLIC_IMAGES="busybox:latest") as (_, url):
        yield "ws" + url[len("http"):]


def stats_url(base, cid, ticket=None, **query):
    if ticket is not None:
        query["ticket"] = ticket
    return ws.ws_url(cid, action="stats", base=base, **query)


def samples_of(frames):
    return [f for f in frames if isinstance(f, dict) and "event" not in f]


def stats_ticket(cid, **kwargs):
    return ws.ticket(cid, action="stats", **kwargs)


def test_samples_arrive_reduced_to_what_the_charts_draw(base):
    with ws.container(BUSY) as cid:
        frames = asyncio.run(ws.follow(
            stats_url(base, cid, stats_ticket(cid)),
            lambda f: len(samples_of(f)) >= 3))
    first, *later = samples_of(frames)
    assert set(first) == {"time", "t", "cpu", "mem", "mem_limit", "net_rx",
                          "net_tx", "blk_read", "blk_write"}
    assert first["cpu"] is None          # no previous sample to compare
    assert all(s["cpu"] > 0 for s in later)   # dd is burning CPU
    assert all(s["mem_limit"] == 64 << 20 for s in later)
    assert all(0 < s["mem"] <= 64 << 20 for s in later)
    assert all(s["net_rx"] is not None for s in later)
    times = [s["t"] for s in samples_of(frames)]
    assert times == sorted(times) and abs(times[-1] - time.time()) < 60


def test_a_container_without_a_network_has_no_network_figures(base):
    client = stack.docker_client("demo")
    created = client.create_container(
        "busybox:latest", SLEEPER, name="p5-stats-nonet-%d" % time.time_ns(),
        host_config=client.create_host_config(
            mem_limit="64m", nano_cpus=500_000_000, network_mode="none"))
    try:
        client.start(created["Id"])
        cid = created["Id"]
        frames = asyncio.run(ws.follow(
            stats_url(base, cid, stats_ticket(cid)),
            lambda f: len(samples_of(f)) >= 1))
    finally:
        client.remove_container(created["Id"], force=True)
    sample = samples_of(frames)[0]
    assert sample["net_rx"] is None and sample["net_tx"] is None
    assert sample["mem"] > 0


def test_a_container_stopped_mid_stream_ends_with_the_end_frame(base):
    with ws.container(SLEEPER) as cid:
        url = stats_url(base, cid, stats_ticket(cid))

        async def scenario():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(
                        url, headers={"Origin": ws.ORIGIN}) as sock:
                    await ws.read_until(sock, lambda f: samples_of(f))
                    await asyncio.to_thread(
                        stack.docker_client("demo").stop, cid, timeout=1)
                    frames = await ws.read_until(sock, lambda f: False)
                    return frames, sock.close_code
        frames, close_code = asyncio.run(scenario())
    assert ws.end_of(frames)["reason"] == "container stopped"
    assert "not running" in ws.end_of(frames)["message"]
    # Nothing after the stop pretends to be a sample (dockerd sends empty
    # ones with a zero time).
    assert all(s["t"] for s in samples_of(frames))
    assert close_code == 1000


def test_a_container_removed_mid_stream_ends_as_removed(base):
    client = stack.docker_client("demo")
    cid = client.create_container(
        "busybox:latest", SLEEPER, name="p5-stats-rm-%d" % time.time_ns(),
        host_config=client.create_host_config(
            mem_limit="64m", nano_cpus=500_000_000))["Id"]
    url = stats_url(base, cid, stats_ticket(cid))

    async def scenario():
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(
                    url, headers={"Origin": ws.ORIGIN}) as sock:
                await ws.read_until(sock, lambda f: samples_of(f))
                await asyncio.to_thread(client.remove_container, cid,
                                        force=True)
                return await ws.read_until(sock, lambda f: False)
    try:
        client.start(cid)
        frames = asyncio.run(scenario())
    finally:
        if client.containers(all=True, filters={"id": cid}):
            client.remove_container(cid, force=True)
    # A forced removal stops the container first: which of the two dockerd
    # reports depends on how far the removal got when the proxy asks.
    assert ws.end_of(frames)["reason"] in ("container removed",
                                           "container stopped")


def test_a_stopped_container_ends_at_once(base):
    with ws.container(SLEEPER, start=False) as cid:
        frames = asyncio.run(ws.follow(
            stats_url(base, cid, stats_ticket(cid)), lambda f: False))
    assert samples_of(frames) == []
    assert ws.end_of(frames)["reason"] == "container stopped"


def test_another_projects_container_is_refused(base):
    alt_web = stack.docker_client("alt_demo").inspect_container(
        "alt-demo-web")["Id"]
    # Correctly signed for demo's project: alt-demo-web is not demo's.
    assert ws.status_of(stats_url(base, alt_web, stats_ticket(alt_web))) == 403
    with ws.container(SLEEPER) as cid:
        assert ws.status_of(stats_url(
            base, cid, stats_ticket(cid, project="alt_demo"))) == 403


def test_an_expired_ticket_is_refused(base):
    with ws.container(SLEEPER) as cid:
        old = stats_ticket(cid, now=time.time() - 120)
        assert ws.status_of(stats_url(base, cid, old)) == 403
        assert ws.status_of(stats_url(base, cid, stats_ticket(cid))) == 101


def test_a_bad_or_missing_origin_is_refused(base):
    with ws.container(SLEEPER) as cid:
        url = stats_url(base, cid, stats_ticket(cid))
        assert ws.status_of(url, origin="http://evil.example:8000") == 403
        assert ws.status_of(url, origin=None) == 403


def test_a_logs_ticket_does_not_open_the_stats_nor_the_reverse(base):
    with ws.container(SLEEPER) as cid:
        assert ws.status_of(stats_url(
            base, cid, ws.ticket(cid, action="logs"))) == 403
        assert ws.status_of(ws.ws_url(
            cid, action="logs", base=base, ticket=stats_ticket(cid))) == 403


def test_a_ticket_for_one_container_cannot_open_another(base):
    with ws.container(SLEEPER) as mine, ws.container(SLEEPER) as other:
        assert ws.status_of(stats_url(base, other, stats_ticket(mine))) == 403
        assert ws.status_of(stats_url(base, mine)) == 403  # no ticket
