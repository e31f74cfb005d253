"""The aiohttp internals the hijacked streams (exec -i, attach) stand on.

aiohttp has no public API for a raw `Upgrade: tcp` stream, so hijack.py uses
its request handler's and writer's own methods; requirements.txt pins the
aiohttp series they were checked on. This fails, on an upgrade, before a
user's `docker exec -i` does. (The exec -i tests in
tests/integration/proxy/test_hijacked_exec.py and tests/e2e/test_docker_cli.py
drive them for real.)"""
import inspect

import aiohttp
from aiohttp.http_writer import StreamWriter
from aiohttp.web_protocol import RequestHandler


def test_the_pinned_series_is_installed():
    assert aiohttp.__version__.startswith("3.14."), aiohttp.__version__


def test_the_request_handler_still_takes_a_parser_and_closes():
    assert list(inspect.signature(RequestHandler.set_parser).parameters)[:2] \
        == ["self", "parser"]
    assert callable(RequestHandler.force_close)


def test_the_writer_still_sends_its_head_on_demand():
    assert callable(StreamWriter.send_headers)
