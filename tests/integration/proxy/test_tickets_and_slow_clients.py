"""A WebSocket ticket opens one socket, once; a client that never finishes
its request headers is disconnected by the proxy."""
import socket

import pytest
import requests

from tests import stack
from tests.integration import ws_support as ws


@pytest.mark.parametrize("action", ["logs", "stats"])
def test_a_ticket_opens_one_socket(action):
    with ws.container(["sleep", "600"]) as cid:
        url = ws.ws_url(cid, action=action,
                        ticket=ws.ticket(cid, action=action))
        assert ws.status_of(url) == 101
        # The same ticket within its minute: refused before the handshake.
        assert ws.status_of(url) == 403
        # A new ticket for the same container still opens one.
        assert ws.status_of(ws.ws_url(cid, action=action, ticket=ws.ticket(
            cid, action=action))) == 101


HEADER_TIMEOUT = 2


@pytest.fixture(scope="module")
def quick_proxy():
    """A proxy of our own whose header timeout is short enough to wait for."""
    with stack.own_proxy(DD_HEADER_TIMEOUT=HEADER_TIMEOUT) as (_, url):
        yield url


def _connect(url):
    host, port = url.split("//", 1)[1].split(":")
    # Far beyond the proxy's timeout: if the proxy never closes, this
    # raises instead of hanging the suite.
    return socket.create_connection((host, int(port)),
                                    timeout=HEADER_TIMEOUT * 30)


def test_a_half_sent_header_is_dropped_by_the_proxy(quick_proxy):
    with _connect(quick_proxy) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        # The proxy closes the connection: recv sees the end of the stream
        # (a timeout here would raise socket.timeout and fail the test).
        assert conn.recv(1024) == b""


def test_a_whole_request_is_still_answered(quick_proxy):
    assert requests.get(quick_proxy + "/healthz", timeout=30).json() == {
        "status": "ok"}
    with _connect(quick_proxy) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert conn.recv(1024).startswith(b"HTTP/1.1 200")


def test_the_shared_proxy_drops_a_half_sent_header_too():
    """The running proxy with its configured (default) timeout."""
    with _connect(stack.PROXY_URL) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        assert conn.recv(1024) == b""
