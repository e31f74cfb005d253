"""Many followers of one container's live log share one stream from dockerd
(ws/shared_logs.py), and each still sees what a follower alone would: its
own history, then every live line, without gap or repeat, and the same end
when the container stops. Against a proxy process of the test's own, so
that its connections to dockerd can be counted."""
import asyncio
import os
import tempfile

import aiohttp
import pytest

from tests import stack
from tests.integration import ws_support as ws

# stdout only, numbered: a gap or a repeat shows in the numbers.
COUNTER = ["sh", "-c", "i=0; while true; do echo line-$i; i=$((i+1)); "
           "sleep 0.05; done"]
FOLLOWERS = 30


@pytest.fixture(scope="module")
def proxy():
    log = tempfile.NamedTemporaryFile(prefix="dd-shared-logs-", suffix=".log",
                                      delete=False).name
    try:
        with stack.own_proxy(log=log) as (process, url):
            yield process, "ws" + url[len("http"):], log
    finally:
        os.unlink(log)


def numbers(frames):
    return [int(line["text"].split("-")[1]) for line in ws.lines_of(frames)]


def consecutive(found):
    return found == list(range(found[0], found[0] + len(found)))


def unix_sockets(pid):
    """How many unix sockets the process holds: the proxy's only unix
    sockets are its connections to dockerd."""
    with open("/proc/net/unix", encoding="ascii") as table:
        unix = {line.split()[6] for line in list(table)[1:]}
    held = set()
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            held.add(target[len("socket:["):-1])
    return len(held & unix)


async def open_follower(session, base, cid, **query):
    url = ws.ws_url(cid, base=base, ticket=ws.ticket(cid), stderr="0",
                    **query)
    return await session.ws_connect(url, headers={"Origin": ws.ORIGIN})


def test_followers_share_one_dockerd_stream_and_miss_nothing(proxy):
    process, base, _ = proxy
    with ws.container(COUNTER) as cid:
        async def scenario():
            async with aiohttp.ClientSession() as session:
                socks = [await open_follower(session, base, cid, tail="0")
                         for _ in range(FOLLOWERS)]
                got = await asyncio.gather(*(ws.read_until(
                    sock, lambda f: len(ws.lines_of(f)) >= 10)
                    for sock in socks))
                held = unix_sockets(process.pid)
                for sock in socks:
                    await sock.close()
                return got, held
        got, held = asyncio.run(scenario())
    # One stream for the first follower, one shared by the others, and
    # the pool's idle connections (the tickets' inspects, the histories):
    # never one per follower.
    assert held <= FOLLOWERS / 3, held
    for frames in got:
        assert consecutive(numbers(frames)), numbers(frames)


def test_a_follower_joining_late_gets_its_history_then_live_lines(proxy):
    _, base, _ = proxy
    with ws.container(COUNTER) as cid:
        async def scenario():
            async with aiohttp.ClientSession() as session:
                first = await open_follower(session, base, cid, tail="0")
                await ws.read_until(first, lambda f: len(ws.lines_of(f)) >= 20)
                late = [await open_follower(session, base, cid, tail=tail)
                        for tail in ("all", "5", "0")]
                got = await asyncio.gather(*(ws.read_until(
                    sock, lambda f: len(ws.lines_of(f)) >= 30)
                    for sock in late))
                for sock in late + [first]:
                    await sock.close()
                return got
        whole, five, none = asyncio.run(scenario())
    assert numbers(whole)[0] == 0 and consecutive(numbers(whole))
    assert consecutive(numbers(five)) and numbers(five)[0] >= 15
    assert consecutive(numbers(none)) and numbers(none)[0] >= 20


def test_a_reconnect_beside_other_followers_resumes_without_gap_or_repeat(
        proxy):
    _, base, _ = proxy
    with ws.container(COUNTER) as cid:
        async def scenario():
            async with aiohttp.ClientSession() as session:
                other = await open_follower(session, base, cid, tail="0")
                first = await open_follower(session, base, cid, tail="all")
                seen = await ws.read_until(
                    first, lambda f: len(ws.lines_of(f)) >= 8)
                await first.close()
                last = ws.lines_of(seen)[-1]
                same = sum(1 for line in ws.lines_of(seen)
                           if line["ts"] == last["ts"])
                await asyncio.sleep(0.3)  # lines written while away
                again = await open_follower(
                    session, base, cid, tail="all", resume_ts=last["ts"],
                    resume_count=same)
                resumed = await ws.read_until(
                    again, lambda f: len(ws.lines_of(f)) >= 10)
                for sock in (again, other):
                    await sock.close()
                return seen, resumed
        seen, resumed = asyncio.run(scenario())
    found = numbers(seen) + numbers(resumed)
    assert found[0] == 0 and consecutive(found), found


def test_every_follower_ends_with_the_reason_when_the_container_stops(proxy):
    _, base, log = proxy
    with ws.container(COUNTER) as cid:
        async def scenario():
            async with aiohttp.ClientSession() as session:
                socks = [await open_follower(session, base, cid, tail="1")
                         for _ in range(3)]
                for sock in socks:
                    await ws.read_until(sock, lambda f: ws.lines_of(f))
                await asyncio.to_thread(
                    stack.docker_client("demo").stop, cid, timeout=1)
                return await asyncio.gather(*(ws.read_until(
                    sock, lambda f: ws.end_of(f) is not None)
                    for sock in socks))
        ended = asyncio.run(scenario())
    for frames in ended:
        assert ws.end_of(frames)["reason"] == "container stopped"
    with open(log, encoding="utf-8") as output:
        assert "Traceback" not in output.read()
