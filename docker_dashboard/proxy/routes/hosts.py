"""`GET /dd/hosts`: the availability zones a launch may ask for, and for
admins each Docker host (name, URL, zone, up or down, Placement provider).

Read from the hosts table the proxies share (state/hosts.py); "up" is
whether the host's proxy answers its liveness probe within a second, asked
of every host at once. A single-host proxy answers its own zone and row.
"""
import asyncio

from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.router import peers
from docker_dashboard.proxy.routing import docker_json


@action("docker:host:list")
async def list_hosts(request):
    app = request.app
    rows = app["hosts"].all()
    answer = {"availability_zones": sorted({row.availability_zone
                                            for row in rows})}
    if app["policy"].allowed("docker:host:choose", request["caller"]):
        own = app["config"].host_name
        up = await asyncio.gather(*(
            _answers(app, row, own) for row in rows))
        answer["hosts"] = [
            {"name": row.name, "url": row.url,
             "availability_zone": row.availability_zone,
             "up": is_up, "provider_uuid": row.provider_uuid or None}
            for row, is_up in zip(rows, up)]
    return docker_json(answer)


async def _answers(app, row, own):
    if row.name == own:
        return True  # it is answering this request
    return await peers.is_up(app["peers"].session, row)


def setup(app):
    app.router.add_get("/dd/hosts", list_hosts)
