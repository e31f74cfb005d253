"""DD_MAX_BUILD_CONTEXT and DD_MAX_LOAD_BYTES: a body over the cap is
refused with 413, from its Content-Length when it declares one, else when
the bytes received cross the cap. A build context is spooled, so dockerd
never sees it; a load streams the proxy's re-written archive, so dockerd
sees at most a truncated archive, which loads nothing."""
import asyncio
import io
import tarfile

import pytest
from aiohttp.test_utils import TestClient
from aiohttp.test_utils import TestServer

from docker_dashboard.proxy.app import make_app
from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.config import ProxyConfig
from docker_dashboard.proxy.rules import deadlines
from docker_dashboard.proxy.rules.archive.reader import GoTarReader
from docker_dashboard.proxy.rules.errors import Refused

CAP = 4096


class Validator:
    async def validate(self, token):
        return Caller("u1", "p1", frozenset(["member"])) if token else None

    async def close(self):
        pass


class Engine:
    """Answers the project network lookup; records everything asked."""

    def __init__(self):
        self.asked = []
        self.received = b""

    async def json(self, method, path, **kwargs):
        self.asked.append((method, path))
        return 200, {}

    async def request(self, method, path, **kwargs):
        self.asked.append((method, path))
        body = kwargs.get("data")
        if hasattr(body, "__aiter__"):
            # Read as aiohttp sends it: a refusal raised by the body stops
            # the request here.
            async for piece in body:
                self.received += bytes(piece)
        raise AssertionError("dockerd must not be sent a whole refused body")

    def deadline(self, method, path, params=None):
        # As the real engine's: transport.forward asks before it sends.
        return deadlines.for_engine_call(method, path, params, 15.0)

    async def close(self):
        pass


def archive_over_the_cap():
    """A tar that is fine until the cap is crossed."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("layer.tar")
        info.size = CAP
        tar.addfile(info, io.BytesIO(b"x" * CAP))
    return buf.getvalue()


def send(tmp_path, path, body, chunked, engine_box=None):
    engine = Engine()
    if engine_box is not None:
        engine_box.append(engine)
    config = ProxyConfig(state_dir=str(tmp_path), max_build_context=CAP,
                         max_load_bytes=CAP)

    async def run():
        app = make_app(config, validator=Validator(), engine=engine)
        async with TestClient(TestServer(app)) as client:
            async def chunks():
                for start in range(0, len(body), 1024):
                    yield body[start:start + 1024]
            resp = await client.post(
                path, data=chunks() if chunked else body,
                headers={"X-Auth-Token": "t",
                         "Content-Type": "application/x-tar"})
            return resp.status, await resp.json()
    status, answer = asyncio.run(run())
    return status, answer, engine.asked


@pytest.mark.parametrize("path, setting", [
    ("/v1.41/build", "DD_MAX_BUILD_CONTEXT"),
    ("/v1.41/images/load", "DD_MAX_LOAD_BYTES"),
])
@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_cap_is_refused(tmp_path, path, setting, chunked):
    body = b"x" * (CAP + 1)
    if path.endswith("/load"):
        body = archive_over_the_cap()
    engine_box = []
    status, answer, asked = send(tmp_path, path, body, chunked, engine_box)
    assert status == 413
    assert setting in answer["message"] and str(CAP) in answer["message"]
    if path.endswith("/build"):
        assert not [a for a in asked if a[1] == "/build"]
    else:
        # What dockerd got (if anything) stops short of a whole archive.
        reader = GoTarReader()
        reader.feed(engine_box[0].received)
        with pytest.raises(Refused, match="truncated"):
            reader.close()


def test_a_declared_length_is_refused_before_anything_else(tmp_path):
    status, _, asked = send(tmp_path, "/v1.41/build", b"x" * (CAP + 1),
                            chunked=False)
    assert status == 413
    # Not even the project network was looked up.
    assert asked == []


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_within_the_cap_is_read(tmp_path, chunked):
    # Not a tar: refused for what it is, which means the cap let it through.
    status, answer, _ = send(tmp_path, "/v1.41/images/load", b"x" * CAP,
                             chunked)
    assert status == 422
    assert answer["message"].startswith("Refused image archive")
