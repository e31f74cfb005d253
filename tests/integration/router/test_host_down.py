"""One host's proxy stopped: the routing proxy still lists its own
containers and names the silent host; a call for a container recorded on
it says which host is not answering; a log socket open through the
routing proxy gets that host's restart close (1012) as it sent it; the
volume list names it in its Warnings and the events stream goes on
without it."""
import asyncio
import time

import aiohttp

from tests import placement
from tests import stack
from tests.integration import ws_support
from tests.integration.router.conftest import IMAGE
from tests.integration.router.conftest import LIMITS
from tests.integration.router.conftest import create_on
from tests.integration.router.conftest import two_hosts
from tests.integration.router.conftest import volume_name


def test_the_list_names_the_silent_host_and_keeps_the_others(
        second_dockerd, made, tmp_path):
    with two_hosts(tmp_path, second_dockerd.socket) as (a, b):
        here = create_on(a, "demo", made)
        there = create_on(b, "demo", made)
        listed = a.client("demo").containers(all=True)
        assert {here, there} <= {row["Id"] for row in listed}
        b.process.terminate()
        b.process.wait(timeout=30)
        answer = a.call("demo", "GET", "/containers/json",
                        params={"all": 1})
        assert answer.status_code == 200, answer.text
        assert answer.headers["X-DD-Unavailable-Hosts"] == "t-b"
        ids = {row["Id"] for row in answer.json()}
        assert here in ids and there not in ids
        # t-b's container was recorded there by the list above.
        gone = a.call("demo", "GET", "/containers/%s/json" % there)
        assert gone.status_code == 502
        assert gone.json()["message"] == "Docker host t-b is not answering"
        # A container that no host holds is still simply missing.
        assert a.call("demo", "GET",
                      "/containers/rt-nowhere/json").status_code == 404


def test_a_hosts_restart_close_reaches_the_browser_through_the_router(
        second_dockerd, made, tmp_path):
    with two_hosts(tmp_path, second_dockerd.socket) as (a, b):
        cid = create_on(b, "demo", made,
                        cmd=("sh", "-c", "echo before-stop; sleep 600"))
        url = ws_support.ws_url(cid, "logs", base=a.ws_base,
                                ticket=ws_support.ticket(cid, "logs"))

        async def follow():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(
                        url, headers={"Origin": ws_support.ORIGIN}) as ws:
                    await ws_support.read_until(ws, ws_support.lines_of)
                    # SIGTERM: t-b ends its live sockets with 1012.
                    b.process.terminate()
                    msg = await asyncio.wait_for(ws.receive(), 30)
                    while msg.type not in (aiohttp.WSMsgType.CLOSE,
                                           aiohttp.WSMsgType.CLOSED):
                        msg = await asyncio.wait_for(ws.receive(), 30)
                    return msg.data, msg.extra
        code, reason = asyncio.run(follow())
        b.process.wait(timeout=30)
    assert code == 1012
    assert reason == "The proxy is restarting"


def test_a_hung_host_is_left_out_of_the_list_within_seconds(
        second_dockerd, made, tmp_path):
    with two_hosts(tmp_path, second_dockerd.socket) as (a, b):
        here = create_on(a, "demo", made)
        create_on(b, "demo", made)
        second_dockerd.pause()  # t-b's proxy waits for it: a hung host
        try:
            answer = a.call("demo", "GET", "/containers/json",
                            params={"all": 1})
        finally:
            second_dockerd.resume()
    assert answer.status_code == 200, answer.text
    assert answer.headers["X-DD-Unavailable-Hosts"] == "t-b"
    assert here in {row["Id"] for row in answer.json()}


def test_placement_away_is_a_503_and_nothing_is_created(
        second_dockerd, made, tmp_path):
    nowhere = "http://127.0.0.1:%d" % stack.free_port()
    settings = dict(DD_PLACEMENT_URL=nowhere,
                    # The real password: Keystone records each failed login
                    # in its SQLite database, and a burst of them (every
                    # proxy's start asks for the service token) locks it.
                    DD_PROXY_SERVICE_USER=placement.SERVICE_USER,
                    DD_PROXY_SERVICE_PASSWORD=placement.SERVICE_PASSWORD)
    with two_hosts(tmp_path, second_dockerd.socket, **settings) as (a, _):
        before = {row["Id"] for row in a.client("demo").containers(all=True)}
        answer = a.call("demo", "POST", "/containers/create",
                        json={"Image": IMAGE, "Cmd": ["true"],
                              "HostConfig": LIMITS})
        assert answer.status_code == 503, answer.text
        assert answer.json()["message"] == (
            "Placement is unavailable: the container cannot be placed now, "
            "try again later")
        assert {row["Id"] for row in a.client("demo").containers(
            all=True)} == before


def test_a_silent_host_is_named_in_volumes_and_left_out_of_events(
        second_dockerd, made, made_volumes, tmp_path):
    with two_hosts(tmp_path, second_dockerd.socket) as (a, b):
        here, there = volume_name(), volume_name()
        made_volumes.extend([here, there])
        for host, name in ((a, here), (b, there)):
            assert host.call("demo", "POST", "/volumes/create",
                             headers={"X-DD-Local": "1"},
                             json={"Name": name}).status_code == 201
        b.process.terminate()
        b.process.wait(timeout=30)
        answer = a.call("demo", "GET", "/volumes")
        assert answer.status_code == 200, answer.text
        assert answer.json()["Warnings"] == [
            "Docker host t-b is not answering"]
        assert answer.headers["X-DD-Unavailable-Hosts"] == "t-b"
        names = {volume["Name"] for volume in answer.json()["Volumes"]}
        assert here in names and there not in names
        since = int(time.time()) - 1
        cid = create_on(a, "demo", made, cmd=("true",))
        events = list(a.client("demo").events(
            decode=True, since=since, until=int(time.time()) + 1))
        assert "start" in {event.get("Action") for event in events
                           if event.get("id") == cid}, events
