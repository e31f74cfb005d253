"""Each project's bridge network, `dd-<project id>`, made on first use.

Docker isolates different bridge networks from each other, so containers of
two projects cannot reach each other; containers of one project can.
"""
from docker_dashboard.proxy.caller import PROJECT_LABEL

PREFIX = "dd-"


def name_for(project_id):
    return PREFIX + project_id


async def ensure(request, project_id):
    name = name_for(project_id)
    known = request.app["known_networks"]
    if name in known:
        return name
    engine = request.app["engine"]
    status, _ = await engine.json("GET", "/networks/%s" % name)
    if status == 404:
        spec = {"Name": name, "CheckDuplicate": True, "Driver": "bridge",
                "Labels": {PROJECT_LABEL: project_id}}
        status, body = await engine.json("POST", "/networks/create",
                                         json_body=spec)
        # 409: another request made it at the same moment.
        if status not in (201, 409):
            raise RuntimeError("cannot create network %s: %s" % (name, body))
    known.add(name)
    return name
