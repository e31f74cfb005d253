"""Moving images between dockerd and Glance, streamed both ways.

Export: dockerd's `GET /images/{id}/get` is read chunk by chunk and written
straight into Glance's `PUT /v2/images/{id}/file` as a chunked upload; the
proxy holds one chunk at a time, never a temp file or the whole image.
Load: Glance's `GET /v2/images/{id}/file` is hashed as it passes and
re-written by the proxy (load_archive.py) into dockerd's `POST /images/load`:
dockerd reads only the proxy's archive, and its last bytes are held back
until the checksum and the tags have been judged, so a refused archive is
cut short and dockerd loads nothing.

Both run as tasks (tasks.py) with the caller's own token: Glance applies its
own rules (visibility, quotas) to the user, not to the proxy.
"""
import asyncio
import hashlib
import logging
import os
import time
from urllib.parse import quote

import aiohttp

from docker_dashboard import image_refs
from docker_dashboard.proxy import load_archive
from docker_dashboard.proxy import public_images
from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy.delivery import record as delivery_record
from docker_dashboard.proxy.rules import glance as glance_rules
from docker_dashboard.proxy.rules import images as image_rules
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import normal_ref
from docker_dashboard.proxy.tasks import RUNNING

LOG = logging.getLogger(__name__)

CHUNK = 256 * 1024
DEFAULT_GLANCE_URL = "http://127.0.0.1:9292"
# The largest archive a load accepts from Glance (bytes).
DEFAULT_MAX_LOAD_BYTES = 8 * 1024 ** 3
# In an export's result from the moment its Glance image exists until that
# image is active or deleted: what a failed or interrupted export left.
UNFINISHED = "unfinished_glance_image_id"
# Seconds before a project's leftovers are tried again after Glance failed.
LEFTOVER_RETRY_SECONDS = 5
# After a failed export's delete did not reach Glance, the proxy tries it
# again in the background this often (seconds, growing to the second
# figure) for this long: the caller's token it holds lives about an hour,
# and Glance back from an outage should see no partial image for long.
DISCARD_RETRY_FIRST, DISCARD_RETRY_MAX = 1.0, 5.0
DISCARD_RETRY_WINDOW = 900


def configured_glance_url():
    """DD_GLANCE_URL, or "" when the operator left Glance to the catalog."""
    return os.environ.get("DD_GLANCE_URL", "").rstrip("/")


def glance_url(configured, caller):
    """Where the caller's Glance is: the operator's DD_GLANCE_URL when set
    (an internal address, or a Glance the catalog does not list, as the
    Horizon side's `proxy_url` overrides its catalog), else the public
    `image` endpoint of the caller's token catalog, else the local default."""
    return (configured or caller.glance_url or DEFAULT_GLANCE_URL).rstrip("/")


def max_load_bytes():
    return int(os.environ.get("DD_GLANCE_MAX_LOAD_BYTES",
                              DEFAULT_MAX_LOAD_BYTES))


class GlanceError(Exception):
    """Glance refused or did not answer; the message says which step."""


class GlanceDeadline(GlanceError, timeouts.DeadlinePassed):
    """Glance took a short call but did not answer in time (answered 504)."""

    def __init__(self, seconds):
        timeouts.DeadlinePassed.__init__(self, timeouts.GLANCE, seconds)


class Glance:
    """The few Glance v2 calls a transfer needs, made with the user's token."""

    def __init__(self, url, token, session, timeout=30.0):
        self._url = url
        self._headers = {"X-Auth-Token": token}
        self._session = session
        # DD_GLANCE_TIMEOUT: the whole of each short call (create, show,
        # delete); the transfers themselves are bounded by the session's
        # silences only.
        self._timeout = timeout

    def _path(self, path):
        return self._url + "/v2" + path

    async def _json(self, method, path, step, **kwargs):
        try:
            async with self._session.request(
                    method, self._path(path), headers=self._headers,
                    timeout=aiohttp.ClientTimeout(total=self._timeout),
                    **kwargs) as resp:
                if resp.status >= 400:
                    raise GlanceError("%s: Glance answered %s: %s" % (
                        step, resp.status, _short(await resp.text())))
                if resp.content_type == "application/json":
                    return resp.status, await resp.json()
                return resp.status, None
        # aiohttp's timeouts are client errors too: this order matters.
        except asyncio.TimeoutError as exc:
            raise GlanceDeadline(self._timeout) from exc
        except aiohttp.ClientError as exc:
            raise GlanceError("%s: Glance is not reachable (%s)"
                              % (step, exc.__class__.__name__)) from exc

    async def create(self, body):
        return (await self._json("POST", "/images", "Creating the Glance "
                                 "image", json=body))[1]

    async def show(self, image_id):
        return (await self._json("GET", "/images/%s" % image_id,
                                 "Reading the Glance image"))[1]

    async def delete(self, image_id):
        await self._json("DELETE", "/images/%s" % image_id,
                         "Deleting the unfinished Glance image")

    async def upload(self, image_id, body):
        headers = dict(self._headers)
        headers["Content-Type"] = "application/octet-stream"
        try:
            async with self._session.put(
                    self._path("/images/%s/file" % image_id), data=body,
                    headers=headers) as resp:
                if resp.status >= 400:
                    raise GlanceError("Uploading to Glance: Glance answered "
                                      "%s: %s" % (resp.status,
                                                  _short(await resp.text())))
        except aiohttp.ClientError as exc:
            raise GlanceError("Uploading to Glance: the connection to Glance "
                              "failed (%s)" % exc.__class__.__name__) from exc

    def download(self, image_id):
        return self._session.get(self._path("/images/%s/file" % image_id),
                                 headers=self._headers)


def _short(text):
    text = " ".join((text or "").split())
    return text[:300]


def session(timeout=30.0):
    # Transfers run for minutes: only connecting and silence are bounded.
    # Reads of up to CHUNK bytes: aiohttp's 64 KiB default would cut a
    # transfer into four times as many steps of the event loop.
    return aiohttp.ClientSession(
        read_bufsize=CHUNK, timeout=aiohttp.ClientTimeout(
            total=None, sock_connect=timeout, sock_read=300))


# -- export -----------------------------------------------------------------

def glance_name(inspect_body, wanted):
    """The Nova Docker driver named a Glance image after the Docker
    repository and tag it loads as; a bare id has none, so one is needed."""
    if wanted:
        return wanted
    tags = image_refs.names(inspect_body.get("RepoTags"))
    if tags:
        return tags[0]
    raise Refused(400, "This image has no repository:tag: give glance_name",
                  field="glance_name")


def save_ref(inspect_body, asked):
    """What to `docker save`: the tag the caller named, so that the archive
    carries it and a load gives the image its name back; else the id."""
    ref = normal_ref(asked)
    if ref in (inspect_body.get("RepoTags") or []):
        return quote(ref, safe="")
    return inspect_body["Id"]


def export_body(inspect_body, name, visibility, caller):
    glance_rules.check_export_visibility(visibility)
    return {
        "name": name, "container_format": "docker", "disk_format": "raw",
        "visibility": visibility,
        "docker_image_id": inspect_body["Id"],
        "docker_source_project": caller.project_id,
        "docker_repo_tags": ",".join(inspect_body.get("RepoTags") or []),
    }


async def export(app, task, glance, glance_id, image_ref):
    """Stream `docker save` of `image_ref` into the Glance image `glance_id`.
    Whatever stops it (Glance, dockerd, a cancel), the Glance image is
    deleted so that no partial image can become active."""
    engine = app["engine"]
    try:
        resp = await engine.request("GET", "/images/%s/get" % image_ref)
        async with resp:
            if resp.status != 200:
                raise GlanceError("Reading the image from Docker: dockerd "
                                  "answered %s" % resp.status)

            async def body():
                # A silent dockerd mid-save ends it (rules/deadlines.py).
                async for chunk in engine.chunks(
                        resp, "GET", "/images/%s/get" % image_ref,
                        size=CHUNK):
                    task.advance(len(chunk))
                    yield chunk
            await glance.upload(glance_id, body())
        image = await glance.show(glance_id)
        if image.get("status") != "active":
            raise GlanceError("Glance did not activate the image (status %s)"
                              % image.get("status"))
        task.result.pop(UNFINISHED, None)
        task.succeed(glance_image_id=glance_id, size=image.get("size"),
                     checksum=image.get("checksum"))
    except BaseException as exc:
        await asyncio.shield(_discard(app, task, glance, glance_id))
        if isinstance(exc, Exception) and not isinstance(
                exc, (GlanceError, Refused)):
            raise GlanceError("Exporting failed: %s" % exc) from exc
        raise


async def _discard(app, task, glance, glance_id):
    try:
        await glance.delete(glance_id)
    except GlanceError as exc:
        # Glance is away: the image never received all its data, so it is
        # not active; the task keeps its id (UNFINISHED) and the delete is
        # tried again in the background, and at the project's next read of
        # its tasks or export (a proxy restarted meanwhile has only that).
        LOG.warning("Glance image %s left for later clean-up: %s",
                    glance_id, exc)
        _discard_later(app, task, glance, glance_id)
        return
    task.result.pop(UNFINISHED, None)


def _discard_later(app, task, glance, glance_id):
    async def again():
        delay = DISCARD_RETRY_FIRST
        give_up = time.monotonic() + DISCARD_RETRY_WINDOW
        while time.monotonic() < give_up:
            await asyncio.sleep(delay)
            delay = min(delay * 2, DISCARD_RETRY_MAX)
            try:
                await glance.delete(glance_id)
            except GlanceError as exc:
                if "answered 404" not in str(exc):
                    continue
            LOG.info("Glance image %s of a failed export deleted",
                     glance_id)
            _cleared(app, task, glance_id)
            return

    job = asyncio.ensure_future(again())
    jobs = app["glance_discards"]
    jobs.add(job)
    job.add_done_callback(jobs.discard)


def _cleared(app, task, glance_id):
    """The leftover is gone: off the task's result, in memory (a task
    still finishing writes it) and in its row (one that has finished)."""
    if task.result.get(UNFINISHED) == glance_id:
        task.result.pop(UNFINISHED)
    rows = app["tasks"].rows
    row = rows.get(task.id)
    if row and row["result"].get(UNFINISHED) == glance_id:
        row["result"].pop(UNFINISHED)
        rows.set_result(task.id, row["result"])


async def delete_leftovers(app, caller, glance, polling=False):
    """Deletes the unfinished Glance images the project's ended exports
    left: Glance was away when they failed, or the proxy was killed or
    restarted while they ran.

    Done here, with the token of a user of that project, because the proxy
    has no Glance credentials of its own (it acts only as its callers, so
    that Glance applies its rules to them): after a restart nothing could
    delete the image until a user of the project comes back. An unfinished
    image is `queued` or `saving`, never `active`, so no one can boot or
    load it meanwhile; it is deleted at the project's next read of its
    tasks, its next export, or the task's Retry."""
    registry = app["tasks"]
    # `polling`: a read of the tasks. After Glance failed a delete, reads
    # do not ask it again for a while (the project's task polls, every
    # second, must not each wait on it); an export or a retry always asks.
    waits = app["glance_leftover_waits"]
    if polling and waits.get(caller.project_id, 0) > time.monotonic():
        return
    for row in registry.rows.of_project(caller.project_id):
        glance_id = row["result"].get(UNFINISHED)
        if not glance_id or row["status"] == RUNNING:
            continue
        try:
            await glance.delete(glance_id)
        except GlanceError as exc:
            if "answered 404" not in str(exc):
                waits[caller.project_id] = (time.monotonic()
                                            + LEFTOVER_RETRY_SECONDS)
                continue
        row["result"].pop(UNFINISHED)
        registry.rows.set_result(row["id"], row["result"])


# -- load -------------------------------------------------------------------

class Digests:
    """The checksum Glance recorded, recomputed as the bytes pass: its
    multihash (`os_hash_value`, SHA-512 by default) when it has one, else
    the legacy MD5 `checksum` -- the choice glanceclient makes on download.
    MD5 beside SHA-512 would add a third of a load's CPU and no assurance."""

    def __init__(self, image):
        self._expected = []
        if image.get("os_hash_algo") and image.get("os_hash_value"):
            self._expected.append((hashlib.new(image["os_hash_algo"]),
                                   image["os_hash_value"]))
        elif image.get("checksum"):
            self._expected.append((hashlib.md5(usedforsecurity=False),
                                   image["checksum"]))

    def update(self, chunk):
        for hasher, _ in self._expected:
            hasher.update(chunk)

    def check(self):
        for hasher, value in self._expected:
            if hasher.hexdigest() != value:
                raise Refused(422, "The data from Glance does not match its "
                                   "%s checksum" % hasher.name,
                              field="checksum")


async def check_tags(app, caller, tags):
    """Refuse tags that would move another project's or a public image's."""
    record = app["ownership"]
    for tag in tags:
        ref = normal_ref(tag)
        exists, owner = await current_owner(app, ref)
        image_rules.check_tag_target(
            caller, ref, record.tag_owner(ref), exists, owner,
            reserved=app["public_images"].reserves(ref))


async def current_owner(app, ref):
    """(exists, owner) of the image `ref` names now."""
    await public_images.ensure(app)
    status, body = await app["engine"].json(
        "GET", "/images/%s/json" % quote(ref, safe=""))
    if status != 200 or not isinstance(body, dict):
        return False, None
    return True, app["ownership"].image_owner(body["Id"])


async def load(app, task, glance, image, caller):
    """Glance's download -> checksum -> the proxy's re-written archive ->
    `docker load`, streamed (load_archive.py); judged once it has passed."""
    digests = Digests(image)

    async def chunks():
        hashing = None
        try:
            async with glance.download(image["id"]) as resp:
                if resp.status != 200:
                    raise GlanceError("Downloading from Glance: Glance "
                                      "answered %s" % resp.status)
                async for chunk in resp.content.iter_chunked(CHUNK):
                    task.advance(len(chunk))
                    # Hashing runs in a thread (hashlib lets go of the GIL)
                    # while the loop moves bytes on; one chunk at a time, so
                    # the digest sees them in order.
                    if hashing is not None:
                        await hashing
                    hashing = asyncio.ensure_future(
                        asyncio.to_thread(digests.update, chunk))
                    yield chunk
        except aiohttp.ClientError as exc:
            raise GlanceError("Downloading from Glance: the connection "
                              "failed (%s)" % exc.__class__.__name__) from exc
        finally:
            if hashing is not None:
                await hashing

    async def check_input():
        digests.check()
        received = body.rewrite.received
        if image.get("size") is not None and received != image["size"]:
            raise Refused(422, "Glance sent %d bytes for an image of %d"
                          % (received, image["size"]), field="checksum")

    async def decide(plan):
        await check_tags(app, caller, plan.tags)

    body = load_archive.RewrittenBody(chunks(), max_load_bytes(), decide,
                                      check_input)
    try:
        resp = await app["engine"].request(
            "POST", "/images/load", params={"quiet": "1"},
            data=body.stream(), headers=load_archive.HEADERS)
    except Exception as exc:
        body.raise_refusal()
        raise GlanceError("Loading into Docker failed: %s" % exc) from exc
    async with resp:
        answer = await resp.text()
    body.raise_refusal()
    if resp.status != 200 or '"error' in answer or not body.passed:
        raise GlanceError("Docker refused the archive: %s" % _short(answer))
    record = app["ownership"]
    plan = body.plan
    for image_id in plan.image_ids:
        exists, owner = await current_owner(app, image_id)
        if exists and owner is None:
            record.set_image_owner(image_id, caller.project_id)
        if exists:
            delivery_record.held(app, image_id)
    for tag in plan.tags:
        record.set_tag_owner(tag, caller.project_id)
    task.succeed(tags=plan.tags, image_ids=plan.image_ids)
