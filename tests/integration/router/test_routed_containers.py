"""A container on another Docker host, reached through the routing proxy
as if it were local: listed, inspected, logs, exec (plain and hijacked),
attach, stop and delete with docker-py, and its log WebSocket."""
import asyncio
import socket
import uuid

import aiohttp
import docker
import pytest
import sqlalchemy as sa

from docker_dashboard.proxy.state.hosts import Hosts
from tests.integration import test_console as console
from tests.integration import ws_support
from tests.integration.router.conftest import create_on


def test_the_other_hosts_container_is_in_the_routing_proxys_list(hosts,
                                                                  made):
    a, b = hosts
    here = create_on(a, "demo", made)
    there = create_on(b, "demo", made)
    rows = a.client("demo").containers(all=True)
    found = {row["Id"]: row for row in rows}
    assert here in found and there in found
    assert found[there]["Labels"]["org.openstack.docker-host"] == "t-b"
    assert found[here]["Labels"]["org.openstack.docker-host"] == "t-a"
    # Docker's order over both hosts: the newest created first.
    created = [row["Created"] for row in rows]
    assert created == sorted(created, reverse=True)
    assert [row["Id"] for row in a.client("demo").containers(
        all=True, limit=1)] == [rows[0]["Id"]]
    # X-DD-Local: this host's own containers only.
    local = a.call("demo", "GET", "/containers/json",
                   params={"all": 1}, headers={"X-DD-Local": "1"}).json()
    assert here in {row["Id"] for row in local}
    assert there not in {row["Id"] for row in local}


def test_pages_by_marker_run_over_both_hosts_in_docker_order(hosts, made):
    a, b = hosts
    tag = "rt-page=%s" % uuid.uuid4().hex[:8]
    for host in (a, b, a, b, a):
        create_on(host, "demo", made, start=False,
                  Labels={"rt-page": tag.split("=")[1]})
    client = a.client("demo")
    whole = [row["Id"] for row in client.containers(
        all=True, filters={"label": tag})]
    assert len(whole) == 5
    # Horizon's paging: `limit` rows, then the rows before the last one.
    pages, marker = [], None
    while True:
        wanted = {"label": tag}
        if marker:
            wanted["before"] = marker
        page = [row["Id"] for row in client.containers(
            all=True, filters=wanted, limit=2)]
        if not page:
            break
        pages += page
        marker = page[-1]
    assert pages == whole
    newer = [row["Id"] for row in client.containers(
        all=True, filters={"label": tag, "since": whole[3]})]
    assert newer == whole[:3]
    gone = a.call("demo", "GET", "/containers/json", params={
        "all": 1, "filters": '{"before": ["rt-no-such-marker"]}'})
    assert gone.status_code == 404


def test_docker_py_reaches_the_other_hosts_container(hosts, made):
    a, b = hosts
    cid = create_on(b, "demo", made,
                    cmd=("sh", "-c", "echo routed-hello; sleep 600"))
    client = a.client("demo")
    assert client.inspect_container(cid)["Id"] == cid
    name = b.client("demo").inspect_container(cid)["Name"].lstrip("/")
    # By name as well as by id (asked of every host: no record of names).
    assert client.inspect_container(name)["Id"] == cid
    assert b"routed-hello" in client.logs(cid)
    # A followed log streams through, chunk by chunk.
    followed = client.logs(cid, stream=True, follow=True)
    assert b"routed-hello" in next(followed)
    followed.close()
    exec_id = client.exec_create(cid, ["echo", "exec-output"])["Id"]
    assert b"exec-output" in client.exec_start(exec_id)
    assert client.exec_inspect(exec_id)["ExitCode"] == 0
    client.stop(cid, timeout=1)
    assert client.inspect_container(cid)["State"]["Running"] is False
    client.remove_container(cid)
    with pytest.raises(docker.errors.NotFound):
        b.client("demo").inspect_container(cid)
    with pytest.raises(docker.errors.NotFound):
        client.inspect_container(cid)


def _read_all(sock):
    raw = getattr(sock, "_sock", sock)
    raw.settimeout(30)
    out = b""
    while True:
        chunk = raw.recv(65536)
        if not chunk:
            return out
        out += chunk


def test_exec_stdin_is_hijacked_through_to_the_other_host(hosts, made):
    a, b = hosts
    cid = create_on(b, "demo", made)
    client = a.client("demo")
    exec_id = client.exec_create(cid, ["sh", "-c",
                                       "read line; echo got:$line"],
                                 stdin=True)["Id"]
    sock = client.exec_start(exec_id, socket=True)
    raw = getattr(sock, "_sock", sock)
    raw.sendall(b"across-hosts\n")
    raw.shutdown(socket.SHUT_WR)
    assert b"got:across-hosts" in _read_all(sock)
    assert client.exec_inspect(exec_id)["ExitCode"] == 0


def test_attach_is_hijacked_through_to_the_other_host(hosts, made):
    a, b = hosts
    cid = create_on(b, "demo", made, cmd=("sh", "-c", "read x; echo $x-back"),
                    OpenStdin=True, StdinOnce=True, AttachStdin=True)
    client = a.client("demo")
    sock = client.attach_socket(cid, params={"stdin": 1, "stdout": 1,
                                             "stream": 1})
    raw = getattr(sock, "_sock", sock)
    raw.sendall(b"attached\n")
    assert b"attached-back" in _read_all(sock)


def test_a_log_websocket_reaches_the_other_hosts_container(hosts, made):
    a, b = hosts
    cid = create_on(b, "demo", made,
                    cmd=("sh", "-c", "echo ws-line; sleep 600"))
    url = ws_support.ws_url(cid, "logs", base=a.ws_base,
                            ticket=ws_support.ticket(cid, "logs"))

    async def follow():
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(
                    url, headers={"Origin": ws_support.ORIGIN}) as ws:
                first = await ws_support.read_until(
                    ws, lambda got: ws_support.lines_of(got))
                await asyncio.to_thread(b.client("demo").stop, cid,
                                        timeout=1)
                rest = await ws_support.read_until(ws, lambda got: False)
                return first + rest, ws.close_code
    frames, close_code = asyncio.run(follow())
    assert "ws-line" in [line["text"] for line in ws_support.lines_of(frames)]
    # The other host's end frame and its clean close come through as sent.
    assert ws_support.end_of(frames)["reason"] == "container stopped"
    assert close_code == 1000
    # The ticket was spent on the host that accepted it.
    assert ws_support.status_of(url) == 403


def test_a_console_on_the_other_hosts_container_runs_and_exits(hosts,
                                                                made):
    a, b = hosts
    cid = create_on(b, "demo", made)
    url = ws_support.ws_url(cid, "console", base=a.ws_base, cmd="sh",
                            ticket=ws_support.ticket(cid, "console"))
    output, controls, close_code = asyncio.run(console.session(
        url, [b"echo answer-$((6*7)); exit 3\n"], lambda out: False))
    assert b"answer-42" in output
    assert {"event": "exit", "code": 3} in controls
    assert close_code == 1000


def test_a_console_on_a_stopped_container_there_is_refused_as_here(
        hosts, made):
    a, b = hosts
    cid = create_on(b, "demo", made, start=False)
    url = ws_support.ws_url(cid, "console", base=a.ws_base, cmd="sh",
                            ticket=ws_support.ticket(cid, "console"))
    assert ws_support.status_of(url) == 409


def test_the_routing_proxy_remembers_where_a_listed_container_is(hosts,
                                                                 made):
    a, b = hosts
    cid = create_on(b, "demo", made)
    a.client("demo").containers(all=True)
    # The record every proxy reads: a later call goes straight to t-b.
    engine = sa.create_engine(a.database_url)
    try:
        assert Hosts(engine).where("container", cid) == "t-b"
    finally:
        engine.dispose()


def test_the_hosts_route_names_zones_to_all_and_hosts_to_admins(hosts):
    a, b = hosts
    admin = a.call("admin", "GET", "/dd/hosts", versioned=False)
    assert admin.status_code == 200, admin.text
    listed = admin.json()
    assert listed["availability_zones"] == ["nova"]
    assert {(row["name"], row["url"], row["up"]) for row in listed["hosts"]} \
        == {("t-a", a.url, True), ("t-b", b.url, True)}
    member = a.call("demo", "GET", "/dd/hosts", versioned=False)
    assert member.json() == {"availability_zones": ["nova"]}
