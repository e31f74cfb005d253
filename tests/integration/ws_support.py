"""Helpers for the log and console WebSocket tests: tickets minted with the
stack's real shared secret, containers created through the proxy as a
seeded user (removed afterwards), and a client that reads frames until a
condition holds (no sleeps)."""
import asyncio
import contextlib
import json
import uuid

import aiohttp

from docker_dashboard import tickets
from tests import stack

ORIGIN = "http://127.0.0.1:8000"
SECRET_FILE = stack.STATE_DIR + "/ticket_secret"
WS_BASE = stack.PROXY_URL.replace("http://", "ws://", 1)


def secret():
    return tickets.read_secret_file(SECRET_FILE)


def ticket(container_id, action="logs", project="demo", user_id="user",
           **kwargs):
    project_id = stack.project_ids()[project]
    return tickets.mint(secret(), project_id, user_id, container_id, action,
                        **kwargs)


def ws_url(container_ref, action="logs", base=WS_BASE, **query):
    params = "&".join("%s=%s" % item for item in query.items())
    return "%s/ws/containers/%s/%s?%s" % (base, container_ref, action, params)


@contextlib.contextmanager
def container(command, user="demo", tty=False, start=True):
    """A busybox container of `user`'s project, created through the proxy;
    yields its full id and removes it afterwards."""
    client = stack.docker_client(user)
    host_config = client.create_host_config(mem_limit="64m",
                                            nano_cpus=500_000_000)
    created = client.create_container(
        "busybox:latest", command, tty=tty, host_config=host_config,
        name="p5-test-%s" % uuid.uuid4().hex[:10])
    try:
        if start:
            client.start(created["Id"])
        yield created["Id"]
    finally:
        client.remove_container(created["Id"], force=True)


async def handshake_status(url, origin=ORIGIN):
    """The HTTP status of a WebSocket handshake (101 when accepted)."""
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def status_of(url, origin=ORIGIN):
    return asyncio.run(handshake_status(url, origin))


async def read_until(ws, done, timeout=30):
    """Decoded text frames until done(frames) is true or the socket closes."""
    frames = []

    async def loop():
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                frames.append(json.loads(msg.data))
                if done(frames):
                    return
    await asyncio.wait_for(loop(), timeout)
    return frames


def lines_of(frames):
    return [line for frame in frames if isinstance(frame, list)
            for line in frame]


def end_of(frames):
    ends = [f for f in frames if isinstance(f, dict) and f.get("event")]
    return ends[-1] if ends else None


async def follow(url, done, timeout=30, on_open=None):
    """Open `url`, optionally act once open, read until `done`."""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url, headers={"Origin": ORIGIN}) as ws:
            if on_open is not None:
                await on_open(ws)
            return await read_until(ws, done, timeout)


@contextlib.contextmanager
def extra_proxy(docker_socket):
    """A second proxy process of our own, in front of another Docker
    socket; yields its ws:// base. The shared proxy is never touched."""
    with stack.own_proxy(DD_DOCKER_SOCKET=docker_socket) as (_, url):
        yield "ws" + url[len("http"):]
