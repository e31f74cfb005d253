"""`docker load` (`POST /images/load`): the archive re-written on its way.

The body is not spooled: the proxy reads the caller's archive as it streams
and forwards an archive it wrote itself (load_archive.py, rules/archive/),
whose tags it decided on; dockerd reads only that. What dockerd loaded is
read from its progress stream and recorded as the project's.
"""

from docker_dashboard.proxy import body_cap
from docker_dashboard.proxy import delivery
from docker_dashboard.proxy import load_archive
from docker_dashboard.proxy import transport
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.routes import images as image_routes
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_error
from docker_dashboard.proxy.streams.json_messages import JsonMessages

# What the body is, the setting that caps it, and the config field.
LOAD_BODY = ("image archive", "DD_MAX_LOAD_BYTES", "max_load_bytes")


def _cap(request, kind):
    what, setting, field = kind
    return what, setting, getattr(request.app["config"], field)


class _Lines:
    """Collects dockerd's JSON progress lines across chunk boundaries."""

    def __init__(self):
        self._split = JsonMessages()
        self.messages = []

    def __call__(self, chunk):
        self.messages.extend(self._split.feed(chunk))


@action("docker:image:load")
async def load_images(request):
    """The caller's archive is re-written on its way (load_archive.py):
    dockerd loads the proxy's archive, whose tags were decided on."""
    body_cap.check_declared(request, *_cap(request, LOAD_BODY))
    caller = request["caller"]
    counter = body_cap.Counter(*_cap(request, LOAD_BODY))

    async def chunks():
        async for chunk in request.content.iter_chunked(transport.CHUNK):
            counter.add(chunk)
            yield chunk

    async def decide(plan):
        for tag in plan.tags:
            await image_routes.check_tag(request, tag)

    async def record():
        owners = request.app["ownership"]
        for message in lines.messages:
            text = message.get("stream") or ""
            if text.startswith("Loaded image ID: "):
                image_id = text.split(": ", 1)[1].strip()
                if owners.image_owner(image_id) is None:
                    owners.set_image_owner(image_id, caller.project_id)
                delivery.held(request.app, image_id)
            elif text.startswith("Loaded image: "):
                await image_routes.claim(
                    request, text.split(": ", 1)[1].strip(),
                    caller.project_id)

    body = load_archive.RewrittenBody(chunks(), counter.limit, decide)
    lines = _Lines()
    params = [(k, v) for k, v in request.query.items() if k == "quiet"]
    try:
        answer = await transport.forward(
            request, "POST", "/images/load", params=params,
            data=body.stream(), headers=load_archive.HEADERS, tap=lines,
            before_end=record)
    except Exception:
        if isinstance(body.error, ConnectionResetError):
            # The caller went away mid-archive: dockerd never saw its end
            # and loaded nothing; there is no one left to answer.
            return docker_error(400, "The archive was cut short")
        body.raise_refusal()
        raise
    body.raise_refusal()
    return answer


def setup(app):
    add_route(app, "POST", "/images/load", load_images)
