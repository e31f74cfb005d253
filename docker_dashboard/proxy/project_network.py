"""Each project's bridge network, `dd-<project id>`, made on first use.

Docker isolates different bridge networks from each other, so containers of
two projects cannot reach each other; containers of one project can.
"""
import asyncio

from docker_dashboard.proxy.caller import PROJECT_LABEL

PREFIX = "dd-"


def name_for(project_id):
    return PREFIX + project_id


async def ensure(request, project_id):
    name = name_for(project_id)
    known = request.app["known_networks"]
    if name in known:
        return name
    # One create at a time per network: dockerd's CheckDuplicate does not
    # stop two creates that arrive together (a project's first launches at
    # once), and two networks of one name make every later launch of the
    # project fail ("network ... is ambiguous").
    locks = request.app["network_locks"]
    lock = locks.setdefault(name, asyncio.Lock())
    async with lock:
        if name not in known:
            await _create_unless_there(request.app["engine"], name,
                                       project_id)
            known.add(name)
    locks.pop(name, None)
    return name


async def _create_unless_there(engine, name, project_id):
    status, _ = await engine.json("GET", "/networks/%s" % name)
    if status == 404:
        spec = {"Name": name, "CheckDuplicate": True, "Driver": "bridge",
                "Labels": {PROJECT_LABEL: project_id}}
        status, body = await engine.json("POST", "/networks/create",
                                         json_body=spec)
        # 409: made at the same moment by another process.
        if status not in (201, 409):
            raise RuntimeError("cannot create network %s: %s" % (name, body))
