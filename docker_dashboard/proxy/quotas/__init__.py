"""Quotas: each project's containers, vCPUs and memory held to its Keystone
unified limits (the `docker` service's registered limits, overridden per
project), with its usage counted by Placement, the way Nova enforces them.

They need Placement (the usage) and the proxy's service user (to read the
limits): `enabled(app)` is true when DD_PLACEMENT_URL is set and
DD_QUOTAS is not switched off. A single-host proxy without Placement
enforces none (README, "Quotas").
"""
import asyncio

from docker_dashboard.proxy.quotas.limits import Limits


def enabled(app):
    return "quota_limits" in app


def setup(app):
    config = app["config"]
    if not (config.placement_url and config.quotas):
        return
    app["quota_limits"] = Limits(config)

    async def start(app):
        # In the background: the proxy serves at once, Keystone or not.
        app["quota_warm_up"] = asyncio.ensure_future(
            app["quota_limits"].warm_up())

    async def stop(app):
        app["quota_warm_up"].cancel()
        await asyncio.gather(app["quota_warm_up"], return_exceptions=True)
        app["quota_limits"].close()
    app.on_startup.append(start)
    app.on_cleanup.append(stop)
