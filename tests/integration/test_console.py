"""The console WebSocket against the real proxy and dockerd: an exec with a
TTY relayed both ways, resized, closed cleanly, and refused without the
right ticket."""
import asyncio
import json

import aiohttp

from tests.integration import ws_support as ws

SLEEPER = ["sh", "-c", "sleep 1000"]


async def session(url, keystrokes, until):
    """Type `keystrokes`, collect output bytes and control frames until
    until(output) holds or the socket closes."""
    output, controls = bytearray(), []
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(url, headers={"Origin": ws.ORIGIN}) as sock:
            for keys in keystrokes:
                if isinstance(keys, dict):
                    await sock.send_str(json.dumps(keys))
                else:
                    await sock.send_bytes(keys)

            async def read():
                async for msg in sock:
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        output.extend(msg.data)
                        if until(output):
                            return
                    elif msg.type == aiohttp.WSMsgType.TEXT:
                        controls.append(json.loads(msg.data))
            await asyncio.wait_for(read(), 30)
            return bytes(output), controls, sock.close_code


def console_url(cid, **query):
    return ws.ws_url(cid, "console", ticket=ws.ticket(cid, action="console"),
                     **query)


def test_the_console_runs_a_command_and_shows_its_answer():
    with ws.container(SLEEPER) as cid:
        output, _, _ = asyncio.run(session(
            console_url(cid, cmd="sh"), [b"echo answer-$((6*7))\n"],
            lambda out: b"answer-42" in out))
    assert b"answer-42" in output


def test_the_console_closes_cleanly_with_the_exit_code():
    with ws.container(SLEEPER) as cid:
        output, controls, close_code = asyncio.run(session(
            console_url(cid, cmd="sh"), [b"exit 3\n"], lambda out: False))
    assert {"event": "exit", "code": 3} in controls
    assert close_code == 1000


def test_resize_reaches_the_terminal():
    with ws.container(SLEEPER) as cid:
        output, _, _ = asyncio.run(session(
            console_url(cid, cmd="sh", rows=30, cols=100),
            [{"type": "resize", "rows": 33, "cols": 111},
             b"stty size\n"], lambda out: b"33 111" in out))
    assert b"33 111" in output


def test_the_command_is_an_argv_never_a_shell_line():
    with ws.container(SLEEPER) as cid:
        # Quoted as one argument: echo prints the ; instead of running id.
        output, controls, _ = asyncio.run(session(
            console_url(cid, cmd="echo%20'a%3B%20id'"), [], lambda out: False))
    assert b"a; id" in output
    assert b"uid=" not in output


def test_the_console_runs_as_the_containers_user_not_privileged():
    # Read back from dockerd itself while the session is open (dockerd
    # forgets an exec once it exits).
    import docker
    daemon = docker.APIClient("unix:///var/run/docker.sock")

    async def scenario(cid):
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(console_url(cid, cmd="sh"),
                                         headers={"Origin": ws.ORIGIN}):
                execs = await asyncio.to_thread(
                    lambda: daemon.inspect_container(cid)["ExecIDs"] or [])
                return [await asyncio.to_thread(daemon.exec_inspect, e)
                        for e in execs]
    with ws.container(SLEEPER) as cid:
        infos = asyncio.run(scenario(cid))
    assert infos
    # dockerd omits an empty user: the container's own (busybox: root
    # inside its namespaces, as configured by the image).
    assert all(not info["ProcessConfig"].get("user") for info in infos)
    assert all(info["ProcessConfig"]["privileged"] is False for info in infos)


def test_console_refusals():
    with ws.container(SLEEPER) as cid, ws.container(SLEEPER) as other:
        logs_ticket = ws.ticket(cid, action="logs")
        assert ws.status_of(ws.ws_url(cid, "console",
                                      ticket=logs_ticket)) == 403
        assert ws.status_of(ws.ws_url(other, "console", ticket=ws.ticket(
            cid, action="console"))) == 403
        assert ws.status_of(console_url(cid),
                            origin="http://evil.example") == 403


def test_a_stopped_container_has_no_console():
    with ws.container(SLEEPER, start=False) as cid:
        assert ws.status_of(console_url(cid)) == 409
