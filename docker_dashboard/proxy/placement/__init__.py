"""OpenStack Placement for the host proxy: its host registered as a
resource provider, each container's vCPUs and memory claimed as an
allocation, and an audit that heals drift between the two.

`setup(app)` wires it into a proxy app when DD_PLACEMENT_URL is set; with
it unset the proxy behaves as a single host without claims.
"""
import asyncio

from docker_dashboard.proxy.placement import registration
from docker_dashboard.proxy.placement import watch
from docker_dashboard.proxy.placement.client import PlacementClient
from docker_dashboard.proxy.placement.this_host import ThisHost


def enabled(app):
    return bool(app["config"].placement_url)


def provider_of(app):
    """This host's provider uuid once registered, else None."""
    return app["placement_host"].provider_uuid if enabled(app) else None


def setup(app):
    """Adds the Placement client, the registration (tried again in the
    background while Placement is away) and the periodic inventory report
    and audit to `app`. Nothing when DD_PLACEMENT_URL is unset."""
    if not enabled(app):
        return
    app["placement"] = PlacementClient(app["config"])
    app["placement_host"] = ThisHost()

    async def start(app):
        # One try before serving: a name clash stops the start here, with
        # its sentence; Placement away is tried again in the background.
        await registration.first_try(app)
        app["placement_host"].jobs = [
            asyncio.ensure_future(registration.keep_current(app)),
            asyncio.ensure_future(watch.follow_destroys(app))]

    async def stop(app):
        jobs = app["placement_host"].jobs
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        await app["placement"].close()
    app.on_startup.append(start)
    app.on_cleanup.append(stop)
