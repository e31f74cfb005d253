"""The live log WebSocket against the real proxy and dockerd: who may open
it, what it streams, how it ends and how a reconnect resumes."""
import asyncio
import time

import aiohttp
import requests

from tests import stack
from tests.integration import ws_support as ws

COUNTER = ["sh", "-c", "i=0; while true; do echo line-$i; "
           "echo err-$i >&2; i=$((i+1)); sleep 0.1; done"]


def texts(lines, stream=None):
    return [line["text"] for line in lines
            if stream is None or line["stream"] == stream]


def test_lines_arrive_live_with_streams_and_timestamps():
    with ws.container(COUNTER) as cid:
        url = ws.ws_url(cid, ticket=ws.ticket(cid), tail="0")
        frames = asyncio.run(ws.follow(
            url, lambda f: "line-5" in texts(ws.lines_of(f))))
    lines = ws.lines_of(frames)
    assert "line-5" in texts(lines, "stdout")
    assert "err-3" in texts(lines, "stderr")
    assert all(line["ts"] and line["ts"].endswith("Z") for line in lines)


def test_a_tty_container_streams_raw_lines_without_carriage_returns():
    with ws.container(COUNTER, tty=True) as cid:
        url = ws.ws_url(cid, ticket=ws.ticket(cid))
        frames = asyncio.run(ws.follow(
            url, lambda f: "line-3" in texts(ws.lines_of(f))))
    assert "line-3" in texts(ws.lines_of(frames))
    assert not any("\r" in t for t in texts(ws.lines_of(frames)))


def test_stdout_only_filter_sends_no_stderr():
    with ws.container(COUNTER) as cid:
        url = ws.ws_url(cid, ticket=ws.ticket(cid), stderr="0")
        frames = asyncio.run(ws.follow(
            url, lambda f: "line-4" in texts(ws.lines_of(f))))
    assert texts(ws.lines_of(frames), "stderr") == []


def test_a_container_stopped_mid_stream_ends_with_the_end_frame():
    with ws.container(COUNTER) as cid:
        url = ws.ws_url(cid, ticket=ws.ticket(cid), tail="0")

        async def scenario():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(
                        url, headers={"Origin": ws.ORIGIN}) as sock:
                    await ws.read_until(sock, lambda f: ws.lines_of(f))
                    await asyncio.to_thread(
                        stack.docker_client("demo").stop, cid, timeout=1)
                    frames = await ws.read_until(sock, lambda f: False)
                    return frames, sock.close_code
        frames, close_code = asyncio.run(scenario())
    assert ws.end_of(frames)["reason"] == "container stopped"
    assert "stopped" in ws.end_of(frames)["message"]
    assert close_code == 1000  # a clean close, not a dropped connection


def test_a_reconnect_resumes_after_the_last_line_without_gap_or_repeat():
    with ws.container(COUNTER) as cid:
        first = asyncio.run(ws.follow(
            ws.ws_url(cid, ticket=ws.ticket(cid), stderr="0", tail="all"),
            lambda f: "line-3" in texts(ws.lines_of(f))))
        seen = ws.lines_of(first)
        last = seen[-1]
        same_ts = sum(1 for line in seen if line["ts"] == last["ts"])
        resumed = asyncio.run(ws.follow(
            ws.ws_url(cid, ticket=ws.ticket(cid), stderr="0", tail="all",
                      resume_ts=last["ts"], resume_count=same_ts),
            lambda f: len(ws.lines_of(f)) >= 5))
    numbers = [int(t.split("-")[1]) for t in
               texts(seen) + texts(ws.lines_of(resumed))]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_a_ticket_for_one_container_cannot_open_another():
    with ws.container(COUNTER) as mine, ws.container(COUNTER) as other:
        assert ws.status_of(ws.ws_url(other, ticket=ws.ticket(mine))) == 403
        assert ws.status_of(ws.ws_url(mine, ticket=ws.ticket(mine))) == 101


def test_a_ticket_resolves_names_and_short_ids_to_the_full_id():
    with ws.container(COUNTER) as cid:
        assert ws.status_of(ws.ws_url(cid[:12], ticket=ws.ticket(cid))) == 101
        # A ticket signed over a prefix is not a ticket for the container.
        assert ws.status_of(ws.ws_url(cid[:12],
                                      ticket=ws.ticket(cid[:12]))) == 403


def test_an_expired_ticket_is_refused():
    with ws.container(COUNTER) as cid:
        old = ws.ticket(cid, now=time.time() - 120)
        assert ws.status_of(ws.ws_url(cid, ticket=old)) == 403


def test_a_ticket_cannot_open_another_projects_container():
    alt_web = stack.docker_client("alt_demo").inspect_container(
        "alt-demo-web")["Id"]
    # Signed correctly, but naming demo's project: alt-demo-web is not
    # demo's, so the proxy refuses as if the container did not exist.
    assert ws.status_of(ws.ws_url(alt_web,
                                  ticket=ws.ticket(alt_web))) == 403
    with ws.container(COUNTER) as cid:
        assert ws.status_of(ws.ws_url(
            cid, ticket=ws.ticket(cid, project="alt_demo"))) == 403


def test_a_console_ticket_does_not_open_the_logs():
    with ws.container(COUNTER) as cid:
        assert ws.status_of(ws.ws_url(
            cid, ticket=ws.ticket(cid, action="console"))) == 403


def test_a_bad_or_missing_origin_is_refused_before_the_handshake():
    with ws.container(COUNTER) as cid:
        url = ws.ws_url(cid, ticket=ws.ticket(cid))
        assert ws.status_of(url, origin="http://evil.example:8000") == 403
        assert ws.status_of(url, origin="http://127.0.0.1:8001") == 403
        assert ws.status_of(url, origin=None) == 403


def test_garbage_and_missing_tickets_are_refused():
    with ws.container(COUNTER) as cid:
        assert ws.status_of(ws.ws_url(cid)) == 403
        assert ws.status_of(ws.ws_url(cid, ticket="v1.e30.AAAA")) == 403


def test_the_ws_prefix_opens_nothing_else_without_a_token():
    for path in ("/ws/../containers/json", "/ws/%2e%2e/containers/json",
                 "/ws/containers/json"):
        resp = requests.get(stack.PROXY_URL + path, timeout=10)
        assert resp.status_code in (401, 404, 405), path
        assert "Names" not in resp.text


def test_a_container_reference_cannot_reach_another_engine_path():
    with ws.container(COUNTER) as cid:
        good = ws.ticket(cid)
        for ref in ("..%2Fimages%2Fbusybox", "x%3Fall%3D1", "%2E%2E",
                    cid + "%2F..%2F" + cid):
            assert ws.status_of(ws.ws_url(ref, ticket=good)) in (403, 404), ref
