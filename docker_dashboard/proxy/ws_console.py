"""An exec session in a container, relayed to a WebSocket.

dockerd hijacks the connection for `exec/{id}/start`: after `101 UPGRADED`
raw bytes flow both ways on the same socket. aiohttp's client cannot hand us
that socket, so the console opens its own connection to dockerd's unix socket
and writes the HTTP request itself (the docker CLI does the same).

WebSocket protocol with the browser: binary frames are terminal bytes in both
directions; text frames are JSON control messages: from the browser
`{"type": "resize", "rows": R, "cols": C}` (or `{"type": "input", "data":
"..."}`), to the browser `{"event": "exit", "code": N}` before a clean close.
"""
import asyncio
import json
import logging
import shlex

from aiohttp import WSMsgType

from docker_dashboard.proxy.engine import EngineDeadline
from docker_dashboard.proxy.engine import EngineUnavailable

LOG = logging.getLogger(__name__)

MAX_COMMAND_CHARS = 256
MAX_HEAD_BYTES = 16 * 1024
READ_SIZE = 64 * 1024
DEFAULT_ROWS, DEFAULT_COLS = 24, 80


class ConsoleError(Exception):
    """The exec could not be started; the message is safe to show."""


def command_argv(text):
    """The command as an argv list: split like a shell would, run by none.

    The exec's Cmd is an argv array, so quotes and `;` are never interpreted
    by a shell unless the user asked for one (`sh -c ...`).
    """
    text = (text or "sh").strip() or "sh"
    if len(text) > MAX_COMMAND_CHARS:
        raise ValueError("the command is longer than %d characters"
                         % MAX_COMMAND_CHARS)
    argv = shlex.split(text)
    if not argv:
        raise ValueError("the command is empty")
    return argv


def terminal_size(rows, cols):
    """(rows, cols) clamped to what a browser terminal can sensibly be."""
    def clamp(value, default, high):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return default
        return max(1, min(number, high))
    return clamp(rows, DEFAULT_ROWS, 500), clamp(cols, DEFAULT_COLS, 1000)


def exec_body(argv, target):
    # An allow-list of exactly what a console needs: never Privileged, the
    # container's own user (the caller cannot choose root).
    return {"AttachStdin": True, "AttachStdout": True, "AttachStderr": True,
            "Tty": True, "Cmd": argv, "Privileged": False,
            "User": target.user, "Env": ["TERM=xterm"]}


async def create_exec(engine, target, argv):
    status, body = await engine.json(
        "POST", "/containers/%s/exec" % target.container_id,
        json_body=exec_body(argv, target))
    if status != 201 or not isinstance(body, dict) or "Id" not in body:
        message = body.get("message") if isinstance(body, dict) else body
        raise ConsoleError("Docker refused the console: %s" % message)
    return body["Id"]


def start_request(api_version, exec_id):
    body = json.dumps({"Detach": False, "Tty": True}).encode()
    head = ("POST /v%s/exec/%s/start HTTP/1.1\r\n"
            "Host: docker\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: %d\r\n"
            "Connection: Upgrade\r\n"
            "Upgrade: tcp\r\n\r\n" % (api_version, exec_id, len(body)))
    return head.encode("ascii") + body


async def hijack(socket_path, api_version, exec_id, timeout=15.0):
    """(reader, writer) of a raw connection to the started exec. `timeout`
    (DD_DOCKER_TIMEOUT) bounds connecting and dockerd's answer to the
    switch; the console itself may idle as long as the user likes."""
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_unix_connection(socket_path)
    except asyncio.TimeoutError as error:
        raise EngineDeadline(timeout) from error
    except OSError as error:
        raise EngineUnavailable(str(error)) from error
    writer.write(start_request(api_version, exec_id))
    try:
        async with asyncio.timeout(timeout):
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.TimeoutError as error:
        writer.close()
        raise EngineDeadline(timeout) from error
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
        writer.close()
        raise ConsoleError("Docker closed the console connection") from error
    if len(head) > MAX_HEAD_BYTES:
        writer.close()
        raise ConsoleError("Docker's answer was not understood")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ", 2)
    # 101 to our Upgrade; an older daemon answers 200 and still streams raw.
    if len(parts) < 2 or parts[1] not in ("101", "200"):
        writer.close()
        raise ConsoleError("Docker refused to start the console: %s"
                           % status_line)
    return reader, writer


async def resize(engine, exec_id, rows, cols):
    resp = await engine.request("POST", "/exec/%s/resize" % exec_id,
                                params={"h": str(rows), "w": str(cols)})
    resp.release()


async def exit_code(engine, exec_id):
    try:
        status, body = await engine.json("GET", "/exec/%s/json" % exec_id)
    except EngineUnavailable:
        return None
    return body.get("ExitCode") if status == 200 and isinstance(body, dict) \
        else None


async def docker_to_browser(reader, ws):
    while True:
        data = await reader.read(READ_SIZE)
        if not data:
            return
        await ws.send_bytes(data)


async def browser_to_docker(ws, writer, engine, exec_id):
    async for msg in ws:
        if msg.type == WSMsgType.BINARY:
            writer.write(msg.data)
            await writer.drain()
        elif msg.type == WSMsgType.TEXT:
            await _control(msg.data, writer, engine, exec_id)


async def _control(text, writer, engine, exec_id):
    try:
        message = json.loads(text)
    except ValueError:
        return
    if not isinstance(message, dict):
        return
    if message.get("type") == "resize":
        rows, cols = terminal_size(message.get("rows"), message.get("cols"))
        await resize(engine, exec_id, rows, cols)
    elif message.get("type") == "input" and isinstance(message.get("data"),
                                                       str):
        writer.write(message["data"].encode("utf-8"))
        await writer.drain()


async def relay(ws, reader, writer, engine, exec_id):
    """Pipe both ways until the process exits or the browser leaves."""
    out = asyncio.ensure_future(docker_to_browser(reader, ws))
    into = asyncio.ensure_future(browser_to_docker(ws, writer, engine,
                                                   exec_id))
    try:
        done, _ = await asyncio.wait({out, into},
                                     return_when=asyncio.FIRST_COMPLETED)
        if out in done and not ws.closed:
            # The process exited (dockerd closed the stream).
            await ws.send_json({"event": "exit",
                                "code": await exit_code(engine, exec_id)})
    finally:
        for task in (out, into):
            task.cancel()
        await asyncio.gather(out, into, return_exceptions=True)
        writer.close()
