"""The proxy's connection pool to dockerd must not cap long-lived streams:
with aiohttp's default cap of 100, the 101st live log (or any request
behind it) would wait forever."""
import asyncio

from docker_dashboard.proxy.engine import Engine


def test_the_engine_pool_has_no_connection_cap():
    async def limit():
        engine = Engine("/nonexistent.sock")
        try:
            return engine._client().connector.limit
        finally:
            await engine.close()
    assert asyncio.run(limit()) == 0
