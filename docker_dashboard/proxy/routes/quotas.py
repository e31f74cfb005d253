"""`GET /dd/quotas`: the caller's project's limits (Keystone's, with
whether each is the default or the project's own) and usage (Placement's);
an admin may name another project (`?project_id=`).
`PUT /dd/quotas/{project_id}` (admin): the project's own limits, as
Keystone project limits of the `docker` service; null for a resource
removes its own limit, so the default applies again.

Without quotas (no Placement, or DD_QUOTAS=0) both say so:
{"enabled": false}.
"""
import json
import logging
import re

from docker_dashboard.proxy import quotas
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.quotas import enforce
from docker_dashboard.proxy.quotas import usage
from docker_dashboard.proxy.quotas.limits import LimitsUnavailable
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import quota as rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)
# Keystone's project ids (uuid hex, or an operator's own ids).
_PROJECT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _project_asked(request):
    caller = request["caller"]
    asked = request.query.get("project_id", "") or caller.project_id
    if asked != caller.project_id and not request.app["policy"].allowed(
            "docker:all_projects", caller):
        # Another project's quota is an admin's to see: answered as if it
        # did not exist, like any object of another project.
        raise Refused(404, "No quota of project %s is visible to you"
                      % asked)
    return _checked_id(asked)


def _checked_id(project_id):
    if not _PROJECT_ID.match(project_id):
        raise Refused(400, "Not a project id: %r" % project_id,
                      field="project_id")
    return project_id


async def _answer(app, project_id):
    limits, overrides = await enforce.limits_of(app, project_id)
    used = await usage.of_project(app, project_id)
    return {"enabled": True, "project_id": project_id,
            "quotas": rules.report(limits, used, overrides)}


@action("docker:quota:show")
async def show(request):
    project_id = _project_asked(request)
    if not quotas.enabled(request.app):
        return docker_json({"enabled": False, "project_id": project_id})
    return docker_json(await _answer(request.app, project_id))


@action("docker:quota:update")
async def update(request):
    project_id = _checked_id(request.match_info["project_id"])
    if not quotas.enabled(request.app):
        raise Refused(409, "Quotas are off on this proxy (they need "
                           "Placement): there is nothing to set")
    try:
        body = json.loads(await request.read() or b"null")
    except ValueError:
        raise Refused(400, "The body is not JSON")
    wanted = rules.parse_overrides(body)
    try:
        await request.app["quota_limits"].set_project(project_id, wanted)
    except LimitsUnavailable as exc:
        raise Refused(503, enforce.LIMITS_DOWN) from exc
    # Who changed which project's quota, for the operators (never a token).
    LOG.info("quota of project %s set by user %s (project %s): %s",
             project_id, request["caller"].user_id,
             request["caller"].project_id, json.dumps(wanted,
                                                      sort_keys=True))
    return docker_json(await _answer(request.app, project_id))


def setup(app):
    app.router.add_get("/dd/quotas", show)
    app.router.add_put("/dd/quotas/{project_id}", update)
