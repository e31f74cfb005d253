"""SIGTERM to a proxy of the test's own (tests/stack.py own_proxy; the shared
proxy is never touched): every live WebSocket gets the restart close frame,
followed HTTP streams end cleanly, a running Glance export is failed with
the reason and its partial image removed, and the process exits 0 within
DD_SHUTDOWN_TIMEOUT. A log reconnect to the next proxy resumes after the
last line received, with nothing lost or repeated."""
import asyncio
import contextlib
import json
import re
import signal
import subprocess
import threading
import uuid

import aiohttp
import docker
import pytest
import requests

from tests import stack
from tests import big_images
from tests.integration import ws_support as ws
from tests.integration.test_glance_transfer import export
from tests.integration.test_glance_transfer import glance_image
from tests.integration.test_glance_transfer import headers

# The bound the proxies here are given. Past it the proxy's watchdog ends
# the process with status 1, so exit status 0 means "stopped gracefully,
# within the bound"; the wait below only keeps a hung stop (aiohttp alone
# waits 60 s for every open stream) from hanging the test.
SHUTDOWN_TIMEOUT = 20
HANG_GUARD = 2 * SHUTDOWN_TIMEOUT
DAEMON = "unix:///var/run/docker.sock"
COUNTER = ["sh", "-c", "i=0; while true; do i=$((i+1)); echo n=$i; "
                       "sleep 0.05; done"]


@contextlib.contextmanager
def counting_container():
    """A demo container writing n=1, n=2, ... made through the shared
    proxy and removed on the daemon itself, so that the clean-up holds
    even while someone restarts the shared proxy."""
    client = stack.docker_client("demo")
    created = client.create_container(
        "busybox:latest", COUNTER, name="p5-stop-%s" % uuid.uuid4().hex[:8],
        host_config=client.create_host_config(mem_limit="64m",
                                              nano_cpus=500_000_000))
    try:
        client.start(created["Id"])
        yield created["Id"]
    finally:
        docker.APIClient(base_url=DAEMON, version="1.41").remove_container(
            created["Id"], force=True)


def ws_base(http_url):
    return "ws" + http_url[len("http"):]


def numbers(lines):
    return [int(re.fullmatch(r"n=(\d+)", line["text"]).group(1))
            for line in lines]


def stopped_gracefully(process):
    """SIGTERM, then the exit status."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        pytest.fail("the proxy did not exit, even past DD_SHUTDOWN_TIMEOUT")


async def lines_until_closed(sock, frames):
    """Reads until the close frame; answers (code, reason)."""
    while True:
        msg = await sock.receive(timeout=HANG_GUARD)
        if msg.type == aiohttp.WSMsgType.TEXT:
            frames.append(json.loads(msg.data))
        elif msg.type == aiohttp.WSMsgType.CLOSE:
            return msg.data, msg.extra
        else:
            return sock.close_code, None


def test_sigterm_sends_the_restart_frame_and_the_log_resumes_on_the_next():
    with counting_container() as cid, \
            stack.own_proxy(DD_SHUTDOWN_TIMEOUT=SHUTDOWN_TIMEOUT) as (
                process, url):
        frames = []

        async def scenario():
            # Every frame in one list, those before the SIGTERM and after.
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(
                        ws.ws_url(cid, base=ws_base(url),
                                  ticket=ws.ticket(cid), tail="5"),
                        headers={"Origin": ws.ORIGIN}) as sock:
                    while len(ws.lines_of(frames)) < 20:
                        msg = await sock.receive(timeout=30)
                        assert msg.type == aiohttp.WSMsgType.TEXT, msg
                        frames.append(json.loads(msg.data))
                    status = asyncio.ensure_future(
                        asyncio.to_thread(stopped_gracefully, process))
                    closed = await lines_until_closed(sock, frames)
                    return closed, await status

        (code, reason), status = asyncio.run(scenario())
        assert (code, reason) == (1012, "The proxy is restarting")
        assert status == 0
        before = ws.lines_of(frames)
        assert numbers(before) == list(range(numbers(before)[0],
                                             numbers(before)[-1] + 1))

        # The next proxy (what a restart brings up): resume after the last
        # line received, as the page does.
        last_ts = before[-1]["ts"]
        same_ts = sum(1 for line in before if line["ts"] == last_ts)
        with stack.own_proxy() as (_, next_url):
            resumed = asyncio.run(ws.follow(
                ws.ws_url(cid, base=ws_base(next_url),
                          ticket=ws.ticket(cid), tail="5",
                          resume_ts=last_ts, resume_count=str(same_ts)),
                lambda f: len(ws.lines_of(f)) >= 5))
        after = numbers(ws.lines_of(resumed))
        assert after[0] == numbers(before)[-1] + 1, "a line lost or repeated"
        assert after == list(range(after[0], after[-1] + 1))


def test_sigterm_closes_every_kind_of_live_socket_as_restarting():
    with counting_container() as cid, \
            stack.own_proxy(DD_SHUTDOWN_TIMEOUT=SHUTDOWN_TIMEOUT) as (
                process, url):
        base = ws_base(url)
        urls = {
            "logs": ws.ws_url(cid, base=base, ticket=ws.ticket(cid)),
            "stats": ws.ws_url(cid, "stats", base=base,
                               ticket=ws.ticket(cid, action="stats")),
            "console": ws.ws_url(cid, "console", base=base,
                                 ticket=ws.ticket(cid, action="console"),
                                 cmd="sh"),
        }

        async def scenario():
            async with aiohttp.ClientSession() as session:
                socks = {kind: await session.ws_connect(
                    address, headers={"Origin": ws.ORIGIN})
                    for kind, address in urls.items()}
                # Each one live: its first frame (a line, a sample, the
                # shell's prompt).
                for sock in socks.values():
                    first = await sock.receive(timeout=HANG_GUARD)
                    assert first.type in (aiohttp.WSMsgType.TEXT,
                                          aiohttp.WSMsgType.BINARY), first
                status = asyncio.ensure_future(
                    asyncio.to_thread(stopped_gracefully, process))
                ends = {}
                for kind, sock in socks.items():
                    while True:
                        msg = await sock.receive(timeout=HANG_GUARD)
                        if msg.type not in (aiohttp.WSMsgType.TEXT,
                                            aiohttp.WSMsgType.BINARY):
                            ends[kind] = (msg.type, msg.data, msg.extra)
                            break
                    await sock.close()
                return ends, await status

        ends, status = asyncio.run(scenario())
    restart = (aiohttp.WSMsgType.CLOSE, 1012, "The proxy is restarting")
    assert ends == {"logs": restart, "stats": restart, "console": restart}
    assert status == 0


def test_sigterm_ends_followed_http_logs_and_events_cleanly():
    with counting_container() as cid, \
            stack.own_proxy(DD_SHUTDOWN_TIMEOUT=SHUTDOWN_TIMEOUT) as (
                process, url):
        client = stack.docker_client("demo", base_url=url)
        logs = client.logs(cid, stream=True, follow=True, tail=1)
        events = client.events(decode=True)
        outcome = {}

        def drain(name, stream):
            try:
                for _ in stream:
                    pass
                outcome[name] = "ended"
            except Exception as error:  # what the client saw instead
                outcome[name] = repr(error)
        # The first log chunk proves the stream is live before the stop.
        next(iter(logs))
        readers = [threading.Thread(target=drain, args=(name, stream))
                   for name, stream in (("logs", logs), ("events", events))]
        for reader in readers:
            reader.start()
        assert stopped_gracefully(process) == 0
        for reader in readers:
            reader.join(timeout=HANG_GUARD)
        assert outcome == {"logs": "ended", "events": "ended"}


@pytest.fixture
def big_image():
    """A 200 MB demo image: its export is still running at the SIGTERM."""
    client = stack.docker_client("demo")
    name = "it-stop-%s" % uuid.uuid4().hex[:8]
    big_images.commit(client, name, 200)
    yield "%s:big" % name
    try:
        client.remove_image("%s:big" % name, force=True)
    except docker.errors.APIError:
        pass  # already gone
    except requests.ConnectionError:
        # The shared proxy is being restarted by someone: gone all the same.
        docker.APIClient(base_url=DAEMON, version="1.41").remove_image(
            "%s:big" % name, force=True)


def test_sigterm_fails_a_running_export_with_the_reason(big_image):
    name = "shutdown-test-%s" % uuid.uuid4().hex[:6]
    with stack.own_proxy(DD_SHUTDOWN_TIMEOUT=SHUTDOWN_TIMEOUT,
                         DD_PROXY_NAME=name) as (process, url):
        started = export(big_image, proxy=url)
        assert started.status_code == 202, started.text
        task_id = started.json()["Id"]
        while True:  # until bytes flow into Glance
            task = requests.get("%s/dd/tasks/%s" % (url, task_id),
                                headers=headers("demo"), timeout=30).json()
            if task["DoneBytes"] > 0 or task["Status"] != "running":
                break
        assert task["Status"] == "running", task
        assert stopped_gracefully(process) == 0

    # The same proxy started again: the task is over, failed with why.
    with stack.own_proxy(DD_PROXY_NAME=name) as (_, url):
        task = requests.get("%s/dd/tasks/%s" % (url, task_id),
                            headers=headers("demo"), timeout=30).json()
    assert task["Status"] == "failed", task
    assert task["Error"].startswith("The proxy was stopped"), task
    # No half-uploaded image is left as if it were whole.
    glance_id = started.json()["Result"]["glance_image_id"]
    left = glance_image(glance_id)
    assert left is None or left["status"] in ("deleted", "killed"), left
