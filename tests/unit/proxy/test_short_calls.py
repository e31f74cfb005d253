"""Short GETs on dockerd's socket (short_calls.py): the answers dockerd
gives (sized, chunked, empty), and the ways a connection ends, against a
socket server that answers as a script says. The real dockerd's answers are
covered by every integration test that inspects an object."""
import asyncio

import pytest

from docker_dashboard.proxy import short_calls
from docker_dashboard.proxy.engine import Engine
from docker_dashboard.proxy.engine import EngineDeadline
from docker_dashboard.proxy.engine import EngineUnavailable

INSPECT = b'{"Id":"abc","Config":{"Labels":{}}}'


def sized(body, status=b"200 OK", extra=b""):
    return (b"HTTP/1.1 " + status + b"\r\nContent-Type: application/json\r\n"
            + extra + b"Content-Length: %d\r\n\r\n" % len(body) + body)


def chunked(body, trailer=b""):
    half = len(body) // 2
    return (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
            + b"%x\r\n" % half + body[:half] + b"\r\n"
            + b"%x;ext=1\r\n" % (len(body) - half) + body[half:] + b"\r\n"
            + b"0\r\n" + trailer + b"\r\n")


def run(tmp_path, script, calls):
    """Serve `script` (per connection, a list of answers, each given to
    one request; None closes the connection instead) and make `calls`
    with one Engine; returns ([results], connections opened)."""
    path = str(tmp_path / "docker.sock")
    opened = []

    async def serve(reader, writer):
        answers = script[min(len(opened), len(script) - 1)]
        opened.append(1)
        for answer in answers:
            await reader.readuntil(b"\r\n\r\n")
            if answer is None:
                break
            if answer == "hang":
                await asyncio.sleep(30)
            writer.write(answer)
            await writer.drain()
        writer.close()

    async def main():
        server = await asyncio.start_unix_server(serve, path)
        engine = Engine(path, timeout=0.5)
        results = []
        try:
            for _ in range(calls):
                try:
                    results.append(await engine.json_and_bytes(
                        "GET", "/containers/abc/json"))
                except Exception as exc:  # what the caller would see
                    results.append(exc)
        finally:
            await engine.close()
            server.close()
        return results
    return asyncio.run(main()), len(opened)


def test_a_sized_answer_and_its_bytes(tmp_path):
    (result,), _ = run(tmp_path, [[sized(INSPECT)]], 1)
    assert result == (200, {"Id": "abc", "Config": {"Labels": {}}}, INSPECT)


def test_a_chunked_answer_is_joined(tmp_path):
    (first, second), opened = run(
        tmp_path, [[chunked(INSPECT), chunked(INSPECT, b"X-T: 1\r\n")]], 2)
    assert first[2] == second[2] == INSPECT
    assert opened == 1  # the connection carried both calls


def test_a_missing_object_is_dockerds_404(tmp_path):
    body = b'{"message":"No such container: abc"}'
    (result,), _ = run(tmp_path, [[sized(body, b"404 Not Found")]], 1)
    assert result[:2] == (404, {"message": "No such container: abc"})


def test_a_connection_dockerd_closed_meanwhile_is_replaced(tmp_path):
    # The first connection answers once, then is closed by "dockerd" (a
    # restart): the next call goes out again on a new connection.
    (first, second), opened = run(
        tmp_path, [[sized(INSPECT), None], [sized(INSPECT)]], 2)
    assert first[0] == second[0] == 200
    assert opened == 2


def test_connection_close_is_not_kept(tmp_path):
    (first, second), opened = run(
        tmp_path, [[sized(INSPECT, extra=b"Connection: close\r\n")]], 2)
    assert first[0] == second[0] == 200
    assert opened == 2


def test_an_answer_cut_short_is_dockerd_unavailable(tmp_path):
    cut = sized(INSPECT)[:-5]
    (result,), _ = run(tmp_path, [[cut]], 1)
    assert isinstance(result, EngineUnavailable)


def test_a_hung_dockerd_is_a_deadline(tmp_path):
    (result, after), opened = run(tmp_path, [["hang"], [sized(INSPECT)]], 2)
    assert isinstance(result, EngineDeadline)
    # The call cut short closed its connection: the next one is fresh.
    assert after[0] == 200
    assert opened == 2


def test_no_socket_is_dockerd_unavailable(tmp_path):
    async def main():
        engine = Engine(str(tmp_path / "none.sock"))
        try:
            with pytest.raises(EngineUnavailable):
                await engine.json_and_bytes("GET", "/containers/abc/json")
        finally:
            await engine.close()
    asyncio.run(main())


@pytest.mark.parametrize("path, plain", [
    ("/containers/abc/json", True),
    ("/images/busybox%3Alatest/json", True),
    ("/containers/.hidden/json", True),
    # aiohttp's client would encode or resolve these: they go through it.
    ("/containers/a b/json", False),
    ("/containers/../json", False),
    ("/containers/..", False),
    ("/containers/./json", False),
    ("/exec/\u00e9/json", False),
])
def test_only_paths_sent_unchanged_are_short_calls(path, plain):
    assert short_calls.plain_path(path) is plain
