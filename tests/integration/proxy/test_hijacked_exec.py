"""`exec start` with stdin over the proxy's hijacked stream (hijack.py),
through docker-py's own socket, so `make test` covers the aiohttp internals
it uses even where no docker CLI is installed."""
import socket

from tests import stack


def test_exec_stdin_reaches_the_process_and_its_output_comes_back(shared):
    client = stack.docker_client("demo", base_url=stack.PROXY_URL)
    exec_id = client.exec_create(shared["demo"]["Id"], ["sh", "-c",
                                 "read line; echo got:$line"],
                                 stdin=True)["Id"]
    sock = client.exec_start(exec_id, socket=True)
    raw = getattr(sock, "_sock", sock)
    raw.sendall(b"through-the-hijack\n")
    raw.shutdown(socket.SHUT_WR)
    raw.settimeout(30)
    out = b""
    while True:
        chunk = raw.recv(65536)
        if not chunk:
            break
        out += chunk
    assert b"got:through-the-hijack" in out
    assert client.exec_inspect(exec_id)["ExitCode"] == 0
