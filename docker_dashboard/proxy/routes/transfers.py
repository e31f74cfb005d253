"""Image builds and loads: tar bodies checked before dockerd sees them.

The body is spooled to a temporary file (memory, then disk under
DD_PROXY_STATE) so the Dockerfile or the archive's manifest can be read and
decided on; it is then streamed to dockerd from there. What dockerd made is
read from its progress stream and recorded as the project's.
"""
import asyncio
import json
import tarfile
import tempfile

from docker_dashboard.proxy import body_cap
from docker_dashboard.proxy import lookups
from docker_dashboard.proxy import project_network
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.routes import images as image_routes
from docker_dashboard.proxy.routes.containers import limits
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.rules import build
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import normal_ref

IN_MEMORY = 16 * 1024 ** 2


# What each spooled body is, the setting that caps it, and the config field.
BUILD_CONTEXT = ("build context", "DD_MAX_BUILD_CONTEXT", "max_build_context")
LOAD_BODY = ("image archive", "DD_MAX_LOAD_BYTES", "max_load_bytes")


def _cap(request, kind):
    what, setting, field = kind
    return what, setting, getattr(request.app["config"], field)


async def _spool(request, kind):
    counter = body_cap.Counter(*_cap(request, kind))
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


def _read_members(spool, names):
    """{name: bytes} of the first of `names` found in the tar (any
    compression), or {} when the body is not a tar."""
    found = {}
    try:
        with tarfile.open(fileobj=spool, mode="r:*") as archive:
            for member in archive:
                name = member.name[2:] if member.name.startswith("./") \
                    else member.name
                if name in names and member.isfile() and name not in found:
                    found[name] = archive.extractfile(member).read()
    except tarfile.TarError:
        return None
    finally:
        spool.seek(0)
    return found


class _Lines:
    """Collects dockerd's JSON progress lines across chunk boundaries."""

    def __init__(self):
        self._rest = b""
        self.messages = []

    def __call__(self, chunk):
        lines = (self._rest + chunk).split(b"\n")
        self._rest = lines.pop()
        for line in lines:
            try:
                self.messages.append(json.loads(line))
            except ValueError:
                pass


@action("docker:image:build")
async def build_image(request):
    body_cap.check_declared(request, *_cap(request, BUILD_CONTEXT))
    caller = request["caller"]
    network = await project_network.ensure(request, caller.project_id)
    params = build.check_build_query(request.query,
                                     limits(request.app["config"]), network,
                                     caller.is_admin, caller.project_id)
    tags = [normal_ref(v) for k, v in params if k == "t"]
    for tag in tags:
        await image_routes.check_tag(request, tag)
    spool = await _spool(request, BUILD_CONTEXT)
    try:
        wanted = request.query.get("dockerfile") or "Dockerfile"
        files = await asyncio.to_thread(_read_members, spool,
                                        {wanted, wanted.lower()})
        if not files:
            raise Refused(400, "dockerfile: %s was not found in the build "
                               "context" % wanted, field="dockerfile")
        text = (files.get(wanted) or files.get(wanted.lower())).decode(
            "utf-8", "replace")
        for ref in build.base_images(text):
            await lookups.image(request, ref)
        lines = _Lines()
        answer = await transport.forward(
            request, "POST", "/build", params=params, data=_replay(spool),
            headers={"Content-Type": "application/x-tar"}, tap=lines)
    finally:
        spool.close()
    record = request.app["ownership"]
    for message in lines.messages:
        image_id = (message.get("aux") or {}).get("ID")
        if image_id and record.image_owner(image_id) is None:
            record.set_image_owner(image_id, caller.project_id)
    for tag in tags:
        await image_routes.claim(request, tag, caller.project_id)
    return answer


@action("docker:image:load")
async def load_images(request):
    body_cap.check_declared(request, *_cap(request, LOAD_BODY))
    caller = request["caller"]
    spool = await _spool(request, LOAD_BODY)
    try:
        files = await asyncio.to_thread(_read_members, spool,
                                        {"manifest.json", "index.json"})
        if files is None:
            raise Refused(400, "The body is not a docker save archive")
        tags = build.loaded_tags(files.get("manifest.json"),
                                 files.get("index.json"))
        for tag in tags:
            await image_routes.check_tag(request, normal_ref(tag))
        lines = _Lines()
        params = [(k, v) for k, v in request.query.items() if k == "quiet"]
        answer = await transport.forward(
            request, "POST", "/images/load", params=params,
            data=_replay(spool),
            headers={"Content-Type": "application/x-tar"}, tap=lines)
    finally:
        spool.close()
    record = request.app["ownership"]
    for message in lines.messages:
        text = message.get("stream") or ""
        if text.startswith("Loaded image ID: "):
            image_id = text.split(": ", 1)[1].strip()
            if record.image_owner(image_id) is None:
                record.set_image_owner(image_id, caller.project_id)
        elif text.startswith("Loaded image: "):
            await image_routes.claim(request, text.split(": ", 1)[1].strip(),
                                     caller.project_id)
    return answer


def setup(app):
    add_route(app, "POST", "/build", build_image)
    add_route(app, "POST", "/images/load", load_images)
