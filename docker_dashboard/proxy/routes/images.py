"""Image routes: public images for all, a project's own images for it.

Ownership is the proxy's record (state.Ownership), because image labels are
fixed at build time and can be written by any Dockerfile. Every image a
project makes through the proxy (commit, pull, tag, build, load) is recorded
as its own.
"""
import json

from aiohttp import web

from docker_dashboard.proxy import delivery
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import public_images
from docker_dashboard.proxy import task_progress
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.guard import all_projects
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import image_requests
from docker_dashboard.proxy.rules import images
from docker_dashboard.proxy.rules.dockerfile import changes
from docker_dashboard.proxy.rules import names
from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state import normal_ref
from docker_dashboard.proxy.tasks import Task

# An X-Registry-Auth of "{}": no credentials.
NO_CREDENTIALS = "e30="
# What a pull is asked with, and what its task keeps to retry it.
PULL_PARAMS = ("fromImage", "tag", "platform")


def _ref(repo, tag):
    return normal_ref("%s:%s" % (repo, tag) if tag else repo)


def _visible_tags(request, tags):
    return image_requests.visible_tags(request["caller"], tags,
                                       request.app["ownership"].tag_owner)


async def _current(request, ref):
    """(exists, owner) of the image `ref` names now."""
    await public_images.ensure(request.app)
    body = await lookups.inspect(request, "image",
                                 "/images/%s/json" % lookups.path_part(ref))
    if body is None:
        return False, None
    return True, request.app["ownership"].image_owner(body["Id"])


async def check_tag(request, ref):
    exists, owner = await _current(request, ref)
    images.check_tag_target(
        request["caller"], ref, request.app["ownership"].tag_owner(ref),
        exists, owner, reserved=request.app["public_images"].reserves(ref))


def _vouched(record, body_id, labels, snapshots=None):
    """The labels of one image as the proxy vouches for them."""
    snapshot_of = (snapshots if snapshots is not None
                   else record.snapshots()).get(body_id)
    return images.trusted_labels(labels, record.image_owner(body_id),
                                 snapshot_of)


def _label_filters(request):
    try:
        given = json.loads(request.query.get("filters") or "{}")
    except ValueError:
        return []
    wanted = given.get("label") if isinstance(given, dict) else None
    if isinstance(wanted, dict):
        # The old map form: {"key=value": true}.
        return [k for k, v in wanted.items() if v]
    return wanted if isinstance(wanted, list) else []


async def claim(request, ref, project):
    """Record the image `ref` now names, and the tag, as `project`'s.
    A public image stays public and a recorded one keeps its owner."""
    body = await lookups.inspect(request, "image",
                                 "/images/%s/json" % lookups.path_part(ref))
    if body is None:
        return
    record = request.app["ownership"]
    # Whatever labels it inherited, an image no one holds becomes the
    # claimer's; a public or recorded one keeps its owner.
    if record.image_owner(body["Id"]) is None:
        record.set_image_owner(body["Id"], project)
    record.set_tag_owner(ref, project)
    delivery.held(request.app, body["Id"])


@action("docker:image:list")
async def list_images(request):
    caller, record = request["caller"], request.app["ownership"]
    await public_images.ensure(request.app)
    params = transport.query_without(request, "all_projects")
    # Ownership is the proxy's record, not a label Docker could filter on:
    # this list is one Engine API call, narrowed here.
    status, rows = await request.app["engine"].json("GET", "/images/json",
                                                    params=params)
    if status != 200:
        return docker_json(rows, status=status)
    owners, snapshots = record.owned_images(), record.snapshots()
    wanted = _label_filters(request)
    every = all_projects(request)
    kept = []
    for row in rows:
        owner = owners.get(row["Id"])
        if not image_requests.listed(caller, owner, every):
            continue
        row["Labels"] = _vouched(record, row["Id"], row.get("Labels"),
                                 snapshots)
        if not images.matches_label_filters(row["Labels"], wanted):
            continue
        row["RepoTags"] = _visible_tags(request, row.get("RepoTags"))
        if every:
            row[images.OWNER_FIELD] = images.owner_field(owner)
        kept.append(row)
    return docker_json(kept)


@action("docker:image:inspect")
async def inspect(request):
    body, _ = await lookups.image(request, request.match_info["name"])
    body["RepoTags"] = _visible_tags(request, body.get("RepoTags"))
    config = body.get("Config") or {}
    if config:
        config["Labels"] = _vouched(request.app["ownership"], body["Id"],
                                    config.get("Labels"))
    return docker_json(body)


@action("docker:image:history")
async def history(request):
    body, _ = await lookups.image(request, request.match_info["name"])
    return await transport.forward(request, "GET",
                                   "/images/%s/history" % body["Id"])


@action("docker:image:tag")
async def tag(request):
    body, _ = await lookups.image(request, request.match_info["name"])
    repo = request.query.get("repo", "")
    tag_name = request.query.get("tag", "")
    if not repo:
        raise Refused(400, "repo is required", field="repo")
    ref = _ref(repo, tag_name)
    await check_tag(request, ref)
    status, answer = await request.app["engine"].json(
        "POST", "/images/%s/tag" % body["Id"],
        params={"repo": repo, "tag": tag_name or "latest"})
    if status == 201:
        request.app["ownership"].set_tag_owner(
            ref, request["caller"].project_id)
        return web.Response(status=201)
    return docker_json(answer, status=status)


@action("docker:image:delete")
async def delete(request):
    name = request.match_info["name"]
    caller, record = request["caller"], request.app["ownership"]
    body, owner = await lookups.image(request, name)
    tag_owner = record.tag_owner(name)
    image_requests.check_delete(caller, name, body["Id"], owner, tag_owner)
    params = [(k, v) for k, v in request.query.items()
              if k in ("force", "noprune")]
    status, answer = await request.app["engine"].json(
        "DELETE", "/images/%s" % lookups.path_part(name), params=params)
    if status == 200:
        for entry in answer or []:
            if "Untagged" in entry:
                record.forget_tag(entry["Untagged"])
        delivery.gone(request.app, answer)
    if status == 409:
        # dockerd's words name the containers or child images in the way.
        raise names.image_in_use(name, (answer or {}).get("message")
                                 if isinstance(answer, dict) else answer)
    return docker_json(answer, status=status)


async def _pushed_refs(request, name, tag_name):
    """The local tags a push sends: `name:tag`, or every tag of the
    repository when no tag is given (what dockerd then pushes)."""
    if tag_name:
        return [_ref(name, tag_name)]
    status, rows = await request.app["engine"].json(
        "GET", "/images/json",
        params={"filters": json.dumps({"reference": [name]})})
    refs = [t for row in (rows if status == 200 else [])
            for t in row.get("RepoTags") or []
            if t.rsplit(":", 1)[0] == name]
    return refs or [_ref(name, "")]


@action("docker:image:push")
async def push(request):
    name = request.match_info["name"]
    # Docker's push names the repository and the tag apart; each tag that
    # would leave must be one the caller may change.
    for ref in await _pushed_refs(request, name, request.query.get("tag")):
        body, owner = await lookups.image(request, ref)
        image_requests.check_push(request["caller"], ref, owner,
                                  request.app["ownership"].tag_owner(ref))
    params = [(k, v) for k, v in request.query.items() if k == "tag"]
    # dockerd reads the push's credentials from this header, else from the
    # body (which the proxy does not forward): "{}" (e30=) means none.
    headers = ({k: v for k, v in request.headers.items()
                if k.lower() == "x-registry-auth"}
               or {"X-Registry-Auth": NO_CREDENTIALS})
    task = _track(request, "push", {"name": name,
                                    "tag": request.query.get("tag", "")})
    tap = task_progress.PushTap(task)
    try:
        answer = await transport.forward(
            request, "POST", "/images/%s/push" % lookups.path_part(name),
            params=params, headers=headers, tap=tap)
        task_progress.conclude(task, tap, answer.status)
    finally:
        request.app["tasks"].done(task)
    return answer


def _track(request, kind, params):
    """A task row for work this request streams (credentials are never
    kept: a retry sends none, as the panel's own pull and push)."""
    caller = request["caller"]
    return request.app["tasks"].track(
        Task(kind, caller.project_id, caller.user_id, params=params))


async def start_push(request, params):
    """A push started again from a task's params (Retry), run by the proxy
    in the background with the caller's token: checked as a push is."""
    name, tag_name = params.get("name", ""), params.get("tag", "")
    for ref in await _pushed_refs(request, name, tag_name):
        body, owner = await lookups.image(request, ref)
        image_requests.check_push(request["caller"], ref, owner,
                                  request.app["ownership"].tag_owner(ref))
    caller = request["caller"]
    task = Task("push", caller.project_id, caller.user_id,
                params={"name": name, "tag": tag_name})
    engine = request.app["engine"]

    async def run():
        path = "/images/%s/push" % lookups.path_part(name)
        params = [("tag", tag_name)] if tag_name else None
        resp = await engine.request(
            "POST", path, params=params,
            headers={"X-Registry-Auth": NO_CREDENTIALS})
        async with resp:
            await task_progress.drain(
                resp, task_progress.PushTap(task),
                engine.chunks(resp, "POST", path, params))
        task.succeed()
    return request.app["tasks"].start(task, run())


@action("docker:image:pull")
async def pull(request):
    source = image_requests.check_pull_query(request.query)
    ref = _ref(source, request.query.get("tag", ""))
    await check_tag(request, ref)
    params = [(k, v) for k, v in request.query.items() if k in PULL_PARAMS]
    headers = {k: v for k, v in request.headers.items()
               if k.lower() == "x-registry-auth"}
    task = _track(request, "pull", _pull_task_params(request.query))
    tap = task_progress.PullTap(task)
    try:
        answer = await transport.forward(request, "POST", "/images/create",
                                         params=params, headers=headers,
                                         tap=tap)
        await claim(request, ref, request["caller"].project_id)
        task_progress.conclude(task, tap, answer.status, image=ref)
    finally:
        request.app["tasks"].done(task)
    return answer


def _pull_task_params(query):
    """What a pull's task keeps to retry it (the platform when asked)."""
    kept = {"fromImage": query.get("fromImage", ""),
            "tag": query.get("tag", "")}
    if query.get("platform"):
        kept["platform"] = query["platform"]
    return kept


async def start_pull(request, params):
    """A pull started again from a task's params (Retry), run by the proxy
    in the background with the caller's token: checked as a pull is."""
    query = _pull_task_params(params)
    source = image_requests.check_pull_query(query)
    ref = _ref(source, query.get("tag", ""))
    await check_tag(request, ref)
    caller = request["caller"]
    task = Task("pull", caller.project_id, caller.user_id, params=query)
    engine = request.app["engine"]

    async def run():
        params = [(k, v) for k, v in sorted(query.items()) if v]
        resp = await engine.request("POST", "/images/create", params=params)
        async with resp:
            # With the idle bound every stream from dockerd has.
            await task_progress.drain(
                resp, task_progress.PullTap(task),
                engine.chunks(resp, "POST", "/images/create", params))
        await claim(request, ref, caller.project_id)
        task.succeed(image=ref)
    return request.app["tasks"].start(task, run())


@action("docker:image:save")
async def save_one(request):
    name = request.match_info["name"]
    await lookups.image(request, name)
    return await transport.forward(
        request, "GET", "/images/%s/get" % lookups.path_part(name))


@action("docker:image:save")
async def save_many(request):
    names = request.query.getall("names", [])
    if not names:
        raise Refused(400, "names is required", field="names")
    for name in names:
        await lookups.image(request, name)
    return await transport.forward(request, "GET", "/images/get",
                                   params=[("names", n) for n in names])


def _commit_changes(request, container_id):
    # Parsed as dockerd parses them, decided, and re-written by the proxy.
    return changes.canonical_changes(request.query.getall("changes", []),
                                     (images.SNAPSHOT_LABEL, container_id))


@action("docker:container:commit")
async def commit(request):
    found = await lookups.container(request,
                                    request.query.get("container", ""))
    raw = await request.read()
    image_requests.check_commit_body(raw)
    project = ownership.project_of(found["Config"]["Labels"])
    repo = request.query.get("repo", "")
    tag_name = request.query.get("tag", "")
    if repo:
        await check_tag(request, _ref(repo, tag_name))
    params = [(k, v) for k, v in request.query.items()
              if k in ("repo", "tag", "comment", "author", "pause")]
    params.append(("container", found["Id"]))
    params += [("changes", c) for c in _commit_changes(request, found["Id"])]
    status, answer = await request.app["engine"].json(
        "POST", "/commit", params=params, json_body={})
    if status == 201:
        try:
            _record_commit(request.app["ownership"], answer["Id"], project,
                           found["Id"], _ref(repo, tag_name) if repo else None)
        except database.Unavailable:
            # Unrecorded, the image would be nobody's: no project could
            # see or remove it. It goes, and the caller is told why.
            await request.app["engine"].json(
                "DELETE", "/images/%s" % answer["Id"],
                params={"force": "1"})
            raise
        delivery.held(request.app, answer["Id"])
    return docker_json(answer, status=status)


def _record_commit(record, image_id, project, container_id, ref):
    record.set_image_owner(image_id, project)
    record.set_snapshot(image_id, container_id)
    if ref:
        record.set_tag_owner(ref, project)


@action("docker:image:publish")
async def publish(request):
    """Admins only: make an image public, or withdraw it (DELETE)."""
    body, owner = await lookups.image(request, request.match_info["name"])
    record = request.app["ownership"]
    if request.method == "DELETE":
        record.withdraw(body["Id"])
        await delivery.withdrawn(request, body["Id"])
    else:
        record.publish(body["Id"])
        await delivery.published(request, body["Id"])
    # What the record says now: an image the operator lists in
    # DD_PUBLIC_IMAGES stays public whatever an admin withdraws.
    return docker_json({"Id": body["Id"], "public": images.is_public(
        record.image_owner(body["Id"]))})


def setup(app):
    add_route(app, "GET", "/images/json", list_images)
    add_route(app, "POST", "/images/create", pull)
    add_route(app, "GET", "/images/get", save_many)
    add_route(app, "POST", "/commit", commit)
    add_route(app, "GET", "/images/{name:.+}/json", inspect)
    add_route(app, "GET", "/images/{name:.+}/history", history)
    add_route(app, "POST", "/images/{name:.+}/tag", tag)
    add_route(app, "POST", "/images/{name:.+}/push", push)
    add_route(app, "GET", "/images/{name:.+}/get", save_one)
    add_route(app, "POST", "/dd/images/{name:.+}/publish", publish)
    add_route(app, "DELETE", "/dd/images/{name:.+}/publish", publish)
    add_route(app, "DELETE", "/images/{name:.+}", delete)
