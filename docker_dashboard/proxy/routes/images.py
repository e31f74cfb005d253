"""Image routes: public images for all, a project's own images for it.

Ownership is the proxy's record (state.Ownership), because image labels are
fixed at build time and can be written by any Dockerfile. Every image a
project makes through the proxy (commit, pull, tag, build, load) is recorded
as its own.
"""
from aiohttp import web

from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.guard import all_projects
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import images
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import normal_ref


def _ref(repo, tag):
    return normal_ref("%s:%s" % (repo, tag) if tag else repo)


def _visible_tags(request, tags):
    """Tags of a shared image that other projects put on it stay theirs."""
    caller, record = request["caller"], request.app["ownership"]
    if caller.is_admin:
        return tags
    return [t for t in tags or []
            if record.tag_owner(t) in (None, caller.project_id)]


async def _current(request, ref):
    """(owner, labels) of the image `ref` names now, or None."""
    body = await lookups.inspect(request, "image",
                                 "/images/%s/json" % lookups.path_part(ref))
    if body is None:
        return None
    owner = request.app["ownership"].image_owner(body["Id"])
    return owner, (body.get("Config") or {}).get("Labels")


async def check_tag(request, ref):
    images.check_tag_target(request["caller"],
                            request.app["ownership"].tag_owner(ref),
                            await _current(request, ref))


async def claim(request, ref, project):
    """Record the image `ref` now names, and the tag, as `project`'s.
    A public image stays public and a recorded one keeps its owner."""
    body = await lookups.inspect(request, "image",
                                 "/images/%s/json" % lookups.path_part(ref))
    if body is None:
        return
    record = request.app["ownership"]
    labels = (body.get("Config") or {}).get("Labels")
    owner = record.image_owner(body["Id"])
    if owner is None and not images.is_public(labels, None):
        record.set_image_owner(body["Id"], project)
    record.set_tag_owner(ref, project)


@action("docker:image:list")
async def list_images(request):
    caller, record = request["caller"], request.app["ownership"]
    params = transport.query_without(request, "all_projects")
    # Ownership is the proxy's record, not a label Docker could filter on:
    # this list is one Engine API call, narrowed here.
    status, rows = await request.app["engine"].json("GET", "/images/json",
                                                    params=params)
    if status != 200:
        return docker_json(rows, status=status)
    owners = record.owned_images()
    every = all_projects(request)
    kept = []
    for row in rows:
        owner = owners.get(row["Id"])
        if every or owner == caller.project_id or images.is_public(
                row.get("Labels"), owner):
            row["RepoTags"] = _visible_tags(request, row.get("RepoTags"))
            kept.append(row)
    return docker_json(kept)


@action("docker:image:inspect")
async def inspect(request):
    body, _ = await lookups.image(request, request.match_info["name"])
    body["RepoTags"] = _visible_tags(request, body.get("RepoTags"))
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
    labels = (body.get("Config") or {}).get("Labels")
    tag_owner = record.tag_owner(name)
    names_own_tag = tag_owner == caller.project_id and name != body["Id"]
    if not names_own_tag:
        images.check_changeable(caller, owner, labels, name)
    params = [(k, v) for k, v in request.query.items()
              if k in ("force", "noprune")]
    status, answer = await request.app["engine"].json(
        "DELETE", "/images/%s" % lookups.path_part(name), params=params)
    if status == 200:
        for entry in answer or []:
            if "Untagged" in entry:
                record.forget_tag(entry["Untagged"])
    return docker_json(answer, status=status)


@action("docker:image:push")
async def push(request):
    name = request.match_info["name"]
    body, owner = await lookups.image(request, name)
    images.check_changeable(request["caller"], owner,
                            (body.get("Config") or {}).get("Labels"), name)
    params = [(k, v) for k, v in request.query.items() if k == "tag"]
    headers = {k: v for k, v in request.headers.items()
               if k.lower() == "x-registry-auth"}
    return await transport.forward(
        request, "POST", "/images/%s/push" % lookups.path_part(name),
        params=params, headers=headers)


@action("docker:image:pull")
async def pull(request):
    if request.query.get("fromSrc") or request.query.get("repo"):
        raise Refused(403, "fromSrc: importing a root filesystem is not "
                           "offered; pull an image or load one",
                      field="fromSrc")
    source = request.query.get("fromImage", "")
    if not source:
        raise Refused(400, "fromImage is required", field="fromImage")
    ref = _ref(source, request.query.get("tag", ""))
    await check_tag(request, ref)
    params = [(k, v) for k, v in request.query.items()
              if k in ("fromImage", "tag", "platform")]
    headers = {k: v for k, v in request.headers.items()
               if k.lower() == "x-registry-auth"}
    answer = await transport.forward(request, "POST", "/images/create",
                                     params=params, headers=headers)
    await claim(request, ref, request["caller"].project_id)
    return answer


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
    changes = request.query.getall("changes", [])
    for change in changes:
        if "org.openstack." in change.lower():
            raise Refused(403, "changes: the org.openstack. labels are set by "
                               "the proxy", field="changes")
    return changes + ["LABEL %s=%s" % (images.SNAPSHOT_LABEL, container_id)]


@action("docker:container:commit")
async def commit(request):
    found = await lookups.container(request,
                                    request.query.get("container", ""))
    raw = await request.read()
    if raw.strip() not in (b"", b"null", b"{}"):
        raise Refused(403, "The commit body (a container configuration) is "
                           "not accepted: use changes", field="config")
    project = found["Config"]["Labels"][PROJECT_LABEL]
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
        request.app["ownership"].set_image_owner(answer["Id"], project)
        if repo:
            request.app["ownership"].set_tag_owner(_ref(repo, tag_name),
                                                   project)
    return docker_json(answer, status=status)


@action("docker:image:publish")
async def publish(request):
    """Admins only: make an image public, or withdraw it (DELETE)."""
    body, owner = await lookups.image(request, request.match_info["name"])
    record = request.app["ownership"]
    if request.method == "DELETE":
        record.withdraw(body["Id"])
    else:
        record.publish(body["Id"])
    return docker_json({"Id": body["Id"],
                        "public": request.method != "DELETE"})


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
