"""DD_MAX_BUILD_CONTEXT and DD_MAX_LOAD_BYTES: a spooled body over the cap
is refused with 413, from its Content-Length when it declares one, else when
the bytes received cross the cap; dockerd never sees it."""
import asyncio

import pytest
from aiohttp.test_utils import TestClient
from aiohttp.test_utils import TestServer

from docker_dashboard.proxy.app import make_app
from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.config import ProxyConfig

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

    async def json(self, method, path, **kwargs):
        self.asked.append((method, path))
        return 200, {}

    async def request(self, method, path, **kwargs):
        self.asked.append((method, path))
        raise AssertionError("dockerd must not be sent a refused body")

    async def close(self):
        pass


def send(tmp_path, path, body, chunked):
    engine = Engine()
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
    status, answer, asked = send(tmp_path, path, b"x" * (CAP + 1), chunked)
    assert status == 413
    assert setting in answer["message"] and str(CAP) in answer["message"]
    assert not [a for a in asked if a[1] in ("/build", "/images/load")]


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
    assert status == 400
    assert "not a docker save archive" in answer["message"]
