"""Pull and push progress and build logs, streamed to the page as they happen.

Each view answers newline-delimited JSON: the proxy's own progress objects
passed through (pull and push: {"id", "status", "progressDetail"}; build:
{"stream"}), then one last {"done": ...} or {"error": ...} line. An error
Docker words for itself ("manifest unknown") is a sentence that says what
to do, with Docker's text kept in "details" (error_sentences.py). The page's script
(build_log.js) renders them as per-layer bars or as a log; every text is
inserted as text, never as markup.
"""
import io
import json
import re
import tarfile

from django import http
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from docker_dashboard.api import docker_images
from docker_dashboard.panels.containers import error_sentences
from docker_dashboard.panels.images import forms as images_forms

DETAIL_URL = "horizon:project:docker_images:detail"


def ndjson(objects):
    for item in objects:
        yield json.dumps(item) + "\n"


def _stream_response(lines):
    response = http.StreamingHttpResponse(ndjson(lines),
                                          content_type="application/x-ndjson")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _invalid(form):
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    return http.JsonResponse({"errors": errors}, status=400)


def _error_text(exc):
    return getattr(exc, "message", None) or str(exc)


# How a registry (or dockerd for it) says it has no such image or tag.
NOT_IN_REGISTRY = re.compile(r"manifest unknown|manifest for \S+ not found|"
                             r"repository does not exist|pull access denied|"
                             r"name unknown")


def error_line(raw, reference=None):
    """The last line of a stream that failed: the sentence saying what to
    do, Docker's own words as its details; or Docker's words alone when
    there is no sentence for them."""
    if reference and NOT_IN_REGISTRY.search(raw or ""):
        said = _("The registry has no image %s: check the name and the "
                 "tag.") % reference
    else:
        said = error_sentences.sentence(raw)
    return {"error": said, "details": raw} if said else {"error": raw}


def pull_lines(request, repository, tag):
    """Progress objects of one pull, then {"done"} with the image's page."""
    reference = "%s:%s" % (repository, tag)
    try:
        for line in docker_images.image_pull(request, repository, tag):
            if "error" in line:
                yield error_line(line["error"], reference)
                return
            yield line
    except Exception as exc:
        yield error_line(_error_text(exc), reference)
        return
    try:
        image = docker_images.image_get(request, reference)
    except Exception as exc:
        yield {"error": _error_text(exc)}
        return
    yield {"done": True, "image": image["Id"],
           "url": reverse(DETAIL_URL, args=[image["Id"]])}


def push_lines(request, image_id, repository, tag):
    """Tags the image with the target name (as `docker push` needs), then
    the push's per-layer progress, then {"done"} with the registry's digest.

    A refusal (the proxy's 403 or 404, or the registry's error inside the
    stream) is the last line, in the proxy's or registry's own words."""
    reference = "%s:%s" % (repository, tag)
    digest = None
    try:
        docker_images.image_tag(request, image_id, repository, tag)
        for line in docker_images.image_push(request, repository, tag):
            if "error" in line:
                yield error_line(line.get("error"))
                return
            digest = (line.get("aux") or {}).get("Digest") or digest
            yield line
    except Exception as exc:
        yield {"error": _error_text(exc)}
        return
    if digest is None:
        # dockerd always reports the manifest's digest after a push that
        # worked; without it nothing says the registry has the image.
        yield {"error": "The registry did not confirm the push of %s"
                        % reference}
        return
    yield {"done": True, "image": image_id, "reference": reference,
           "digest": digest, "url": reverse(DETAIL_URL, args=[image_id])}


def build_lines(request, context, reference, build_args):
    """Build output, then {"done"} with the new image's page."""
    repository, tag = reference
    image_id = None
    try:
        for line in mark_proxy_steps(docker_images.image_build(
                request, context, "%s:%s" % (repository, tag), build_args)):
            if "error" in line:
                yield error_line(line.get("error"))
                return
            image_id = (line.get("aux") or {}).get("ID") or image_id
            if "stream" in line:
                yield ({"stream": line["stream"], "proxy": True}
                       if line.get("proxy") else {"stream": line["stream"]})
    except Exception as exc:
        yield {"error": _error_text(exc)}
        return
    if image_id is None:
        try:
            image_id = docker_images.image_get(
                request, "%s:%s" % (repository, tag))["Id"]
        except Exception as exc:
            yield {"error": _error_text(exc)}
            return
    yield {"done": True, "image": image_id,
           "url": reverse(DETAIL_URL, args=[image_id])}


# A step of the classic builder's log, and the proxy's own steps, which it
# writes into the Dockerfile it hands dockerd: a LABEL of the org.openstack.
# labels only the proxy may write (it refuses them in a user's Dockerfile),
# and its DOCKER_DASHBOARD_ build arguments.
STEP = re.compile(r"^Step \d+/\d+ : ")
PROXY_STEP = re.compile(r"^Step \d+/\d+ : (?:LABEL\s+org\.openstack\."
                        r"|ARG\s+DOCKER_DASHBOARD_)", re.I)


def mark_proxy_steps(lines):
    """Build output with each line of the proxy's own step marked
    {"proxy": true}, so the log shows it as the service's, not as a step of
    the user's Dockerfile."""
    inside = False
    for line in lines:
        text = line.get("stream")
        if text is not None:
            if STEP.match(text):
                inside = bool(PROXY_STEP.match(text))
            elif text.startswith("Successfully "):
                inside = False
            if inside:
                line = dict(line, proxy=True)
        yield line


def dockerfile_context(text):
    """A build context holding only the given Dockerfile."""
    data = text.replace("\r\n", "\n").encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        info.mode = 0o644
        archive.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    return buffer


class PullStreamView(generic.View):
    def post(self, request):
        form = images_forms.PullForm(request.POST)
        if not form.is_valid():
            return _invalid(form)
        repository, tag = form.cleaned_data["reference"]
        return _stream_response(pull_lines(request, repository, tag))


class PushStreamView(generic.View):
    def post(self, request, image_id):
        form = images_forms.PushForm(request.POST)
        if not form.is_valid():
            return _invalid(form)
        repository, tag = form.cleaned_data["reference"]
        return _stream_response(push_lines(request, image_id, repository, tag))


class BuildStreamView(generic.View):
    def post(self, request):
        form = images_forms.BuildForm(request.POST, request.FILES)
        if not form.is_valid():
            return _invalid(form)
        data = form.cleaned_data
        # An uploaded context wins; Docker detects a gzip one by itself.
        context = data["context"] or dockerfile_context(data["dockerfile"])
        return _stream_response(build_lines(request, context,
                                            data["reference"],
                                            data["build_args"]))
