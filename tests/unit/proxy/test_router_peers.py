"""Which hosts a proxy routes to (router/peers.py): every other host of the
shared hosts table, never itself, as last read. A real SQLite database,
migrated."""
import asyncio

import pytest

from docker_dashboard.proxy.config import ProxyConfig
from docker_dashboard.proxy.router.peers import Peers
from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state.hosts import Hosts


@pytest.fixture
def engine(tmp_path):
    engine = database.open_database(database.default_url(str(tmp_path)))
    yield engine
    engine.dispose()


def peers_of(engine, tmp_path, name, port):
    config = ProxyConfig(state_dir=str(tmp_path / name), host_name=name,
                         listen_port=port)
    return Peers(config, Hosts(engine))


def test_each_proxy_routes_to_the_others_and_not_to_itself(engine,
                                                          tmp_path):
    one = peers_of(engine, tmp_path, "host1", 8790)
    one.register_and_read()
    assert not one.any  # alone: no routing at all
    two = peers_of(engine, tmp_path, "host2", 8791)
    two.register_and_read("uuid-2")
    assert [(p.name, p.url, p.provider_uuid) for p in two.others] == [
        ("host1", "http://127.0.0.1:8790", "")]
    # host1 learns of host2 at its next read.
    assert not one.any
    one.register_and_read()
    assert one.named("host2").url == "http://127.0.0.1:8791"
    assert one.named("host1") is None


def test_a_host_that_stopped_stamping_is_named_down_not_asked(engine,
                                                             tmp_path):
    hosts = Hosts(engine)
    hosts.register("gone", "http://127.0.0.1:9", "nova", now=1.0)
    hosts.register("here", "http://127.0.0.1:10", "nova")
    one = peers_of(engine, tmp_path, "host1", 8790)
    one.register_and_read()
    up, down = one.up()
    assert [p.name for p in up] == ["here"]
    assert [p.name for p in down] == ["gone"]


def test_a_proxy_with_dd_route_0_records_no_host_and_routes_nowhere(
        engine, tmp_path, monkeypatch):
    from aiohttp import web

    from docker_dashboard.proxy.app import make_app
    Hosts(engine).register("host2", "http://127.0.0.1:8791", "nova")
    monkeypatch.setenv("DD_ROUTE", "0")
    monkeypatch.setenv("DD_HOST_NAME", "host1")
    monkeypatch.setenv("DD_PROXY_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("DD_DATABASE_URL", str(engine.url))
    config = ProxyConfig.from_env()
    assert config.route is False

    async def start_and_stop():
        runner = web.AppRunner(make_app(config))
        await runner.setup()  # the on_startup hooks
        try:
            return runner.app["peers"].any
        finally:
            await runner.cleanup()
    assert asyncio.run(start_and_stop()) is False
    assert [row.name for row in Hosts(engine).all()] == ["host2"]
