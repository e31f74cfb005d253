"""Image builds (`POST /build`): the proxy rebuilds what dockerd reads.

The context is spooled (memory, then disk under DD_PROXY_STATE) and
re-written as the proxy's own tar; the Dockerfile in it is parsed, every
image it reads (bases, `--from`, the bases' ONBUILD triggers, `cachefrom`)
resolved to an image the project may use, and a canonical Dockerfile written
at a fixed name; the query is rebuilt from an allow-list. dockerd reads only
the proxy's bytes. What it made is read from its progress stream and
recorded as the project's.
"""
import asyncio
import json
import re
import tempfile

from docker_dashboard.proxy import body_cap
from docker_dashboard.proxy import delivery
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import project_network
from docker_dashboard.proxy import task_progress
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.routes import images as image_routes
from docker_dashboard.proxy.routes.containers import limits
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.rules import build
from docker_dashboard.proxy.rules import build_context
from docker_dashboard.proxy.rules import images
from docker_dashboard.proxy.rules.dockerfile import decision
from docker_dashboard.proxy.state import normal_ref
from docker_dashboard.proxy.streams.json_messages import JsonMessages
from docker_dashboard.proxy.tasks import Task

IN_MEMORY = 16 * 1024 ** 2
# The classic builder's " ---> 3f1b7db972e0" after each step, and the
# "Step 4/9 : FROM ..." that starts a stage.
STEP_IMAGE = re.compile(r"^ ---> ([0-9a-f]{12})\s*$")
STAGE_START = re.compile(r"^Step \d+/\d+ : FROM ", re.I)
CAP = ("build context", "DD_MAX_BUILD_CONTEXT")


async def _spool(request):
    limit = request.app["config"].max_build_context
    counter = body_cap.Counter(*CAP, limit)
    spool = tempfile.SpooledTemporaryFile(
        max_size=IN_MEMORY, dir=request.app["config"].state_dir)
    try:
        async for chunk in request.content.iter_chunked(transport.CHUNK):
            counter.add(chunk)
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


async def _replay(spool):
    while True:
        chunk = spool.read(transport.CHUNK)
        if not chunk:
            return
        yield chunk


class _Lines:
    """dockerd's JSON progress lines, across chunk boundaries; keeps the
    image ids dockerd reports. The classic builder says
    `{"aux": {"ID": ...}}`; BuildKit sends the same for `moby.image.id`
    among many `moby.buildkit.trace` lines whose `aux` is a string."""

    def __init__(self):
        self._split = JsonMessages()
        self.image_ids = []
        # The last image of each earlier stage (short ids): dockerd leaves
        # them untagged, and unrecorded they would be no project's.
        self.stage_ends = []
        self._last = None

    def __call__(self, chunk):
        for message in self._split.feed(chunk):
            aux = message.get("aux")
            if isinstance(aux, dict) and isinstance(aux.get("ID"), str):
                self.image_ids.append(aux["ID"])
            self._step(message.get("stream"))

    def _step(self, text):
        if not isinstance(text, str):
            return
        found = STEP_IMAGE.match(text)
        if found:
            self._last = found.group(1)
        elif STAGE_START.match(text) and self._last:
            self.stage_ends.append(self._last)


async def _resolve(request, build_plan, caller):
    """{name: image id} for every image the Dockerfile reads; the bases'
    ONBUILD triggers decided on the way."""
    resolved, bases = {}, {}
    for name in build_plan.images:
        body, owner = await lookups.image(request, name)
        resolved[name] = body["Id"]
        bases[name] = (body, owner)
    for index, base in enumerate(build_plan.bases):
        if base.kind == "image":
            body, owner = bases[base.value]
            triggers = (body.get("Config") or {}).get("OnBuild") or []
            own = images.changeable(caller, owner)
        else:
            triggers, own = decision.triggers_of(build_plan, index), True
        for name in decision.check_triggers(build_plan, index, triggers,
                                            own, caller.is_admin):
            await lookups.image(request, name)
    return resolved


async def _record(request, lines, tags, project_id):
    """The images the build made (the last step's and each earlier stage's
    end, which dockerd leaves untagged) and its tags, as the project's."""
    record = request.app["ownership"]
    made = list(lines.image_ids)
    for short in lines.stage_ends:
        body = await lookups.inspect(request, "image", "/images/%s/json"
                                     % short)
        if body is not None:
            made.append(body["Id"])
    for image_id in made:
        if record.image_owner(image_id) is None:
            record.set_image_owner(image_id, project_id)
        delivery.held(request.app, image_id)
    for tag in tags:
        await image_routes.claim(request, tag, project_id)


@action("docker:image:build")
async def build_image(request):
    config = request.app["config"]
    body_cap.check_declared(request, *CAP, config.max_build_context)
    caller = request["caller"]
    network = await project_network.ensure(request, caller.project_id)
    query = build.check_build_query(request.query, limits(config), network,
                                    caller.is_admin, caller.project_id)
    params = list(query.params)
    tags = [normal_ref(t) for t in query.tags]
    for tag in tags:
        await image_routes.check_tag(request, tag)
    cachefrom = []
    for ref in query.cachefrom:
        body, _ = await lookups.image(request, ref)
        cachefrom.append(body["Id"])
    spool = await _spool(request)
    context = None
    try:
        context = await asyncio.to_thread(
            build_context.rewrite, spool, query.dockerfile,
            config.max_build_context, config.state_dir)
        spool.close()
        plan = await asyncio.to_thread(decision.read, context.dockerfile,
                                       query.buildargs, caller.is_admin)
        resolved = await _resolve(request, plan, caller)
        if query.buildkit:
            # BuildKit (admins only) reads `sha256:<id>` as a repository
            # name: it gets the names the admin wrote, checked above.
            resolved = {name: name for name in resolved}
        if query.target:
            params.append(("target", decision.target(plan, query.target)))
        canonical = decision.write(plan, resolved, caller.project_id)
        body = await asyncio.to_thread(context.finish, canonical)
        params += [("dockerfile", build_context.DOCKERFILE_NAME),
                   ("buildargs", json.dumps(query.buildargs,
                                            sort_keys=True)),
                   ("cachefrom", json.dumps(cachefrom))]
        lines = _Lines()
        # A row for the build (its context is not kept: a failed build is
        # started again by its user, not retried).
        task = request.app["tasks"].track(Task(
            "build", caller.project_id, caller.user_id,
            params={"tags": tags}))
        progress = task_progress.BuildTap(task)

        def tap(chunk):
            lines(chunk)
            progress(chunk)

        async def record():
            await _record(request, lines, tags, caller.project_id)
        # Recorded before the answer ends: a caller that sees the end may
        # ask for the image at once, and it must already be its own.
        try:
            answer = await transport.forward(
                request, "POST", "/build", params=params, data=_replay(body),
                headers={"Content-Type": "application/x-tar"}, tap=tap,
                before_end=record)
            task_progress.conclude(task, progress, answer.status)
        finally:
            request.app["tasks"].done(task)
    finally:
        spool.close()
        if context is not None:
            context.close()
    return answer


def setup(app):
    add_route(app, "POST", "/build", build_image)
