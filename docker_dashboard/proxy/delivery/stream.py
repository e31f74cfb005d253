"""One image streamed from the host that holds it into the host that needs
it, with the caller's own token on both sides.

The holder's `GET /images/{ref}/get` is read chunk by chunk and written
straight into the target's `POST /images/load` as a chunked upload: this
proxy holds one chunk at a time, never a temp file or the whole image. Both
proxies judge the caller as for any save and load: the holder lets the
caller save only an image it may see, the target re-writes the archive
(load_archive.py), refuses tags the caller may not move and records the
image as the caller's project's (it already is: the ownership record is
shared). A stream cut short never reaches dockerd whole (the target holds
back the archive's end until the caller's bytes end), so dockerd loads
nothing; what it did load is checked against the holder's id, and removed
when it differs.
"""
import logging

from docker_dashboard.proxy import load_archive
from docker_dashboard.proxy.delivery.context import CHUNK
from docker_dashboard.proxy.rules import delivery as rules
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.tasks import Task

LOG = logging.getLogger(__name__)

# The kind of task a copy to another host is (the Tasks page names it).
KIND = "image-delivery"


def holder_chunks(resp):
    """The holder's archive, as it arrives."""
    return resp.content.iter_chunked(CHUNK)


def track(app, caller, ref, image, target):
    """A task row for a copy, so the Tasks page shows it as it runs."""
    return app["tasks"].track(Task(
        KIND, caller.project_id, caller.user_id,
        total_bytes=int(image.get("Size") or 0),
        params={"image": ref, "host": target.name}))


async def copy(app, token, caller, ref, holder, image, target):
    """Copy the image `image` (the holder's inspect answer) from `holder`
    to `target`; Refused with the reason when it did not arrive intact."""
    delivery = app["delivery"]
    task = track(app, caller, ref, image, target)
    kept = _TagOwner(app, rules.source_ref(image, ref))
    try:
        ids, tags = await _stream(delivery, token, ref, holder, image,
                                  target, task)
        kept.restore()
        found = await delivery.inspect(target, token, image["Id"])
        if found is None:
            strays = await _remove_strays(delivery, token, target, image,
                                          ids, tags)
            rules.check_same(ref, target.name, image["Id"],
                             strays[0] if strays else None)
        delivery.image_hosts.add(image["Id"], target.name)
        task.succeed(image_id=image["Id"], host=target.name)
    except Refused as refusal:
        task.fail(refusal.message)
        raise
    finally:
        app["tasks"].done(task)


class _TagOwner:
    """The load on the target records the archive's tag as the loading
    caller's project's, as any load does. An admin delivering a project's
    image is not taking its tag: the record (shared by every host) is set
    back to the project that held the tag before."""

    def __init__(self, app, source):
        self._record = app.get("ownership")
        self._ref = None if rules.full_id(source) else source
        self._owner = (self._record.tag_owner(self._ref)
                       if self._record is not None and self._ref else None)

    def restore(self):
        if self._owner is not None and (
                self._record.tag_owner(self._ref) != self._owner):
            self._record.set_tag_owner(self._ref, self._owner)


async def _stream(delivery, token, ref, holder, image, target, task):
    source = rules.source_ref(image, ref)
    session = delivery.session()
    headers = delivery.headers(token)
    try:
        async with session.get(holder.url + delivery.path(
                "/images/%s/get", source), headers=headers) as saved:
            if saved.status != 200:
                raise rules.copy_failed(ref, target.name, "host %s answered "
                                        "%s to its save" % (holder.name,
                                                            saved.status))

            async def chunks():
                async for chunk in holder_chunks(saved):
                    task.advance(len(chunk))
                    yield chunk
            async with session.post(
                    target.url + delivery.path("/images/load"),
                    params={"quiet": "1"}, data=chunks(),
                    headers=dict(headers, **load_archive.HEADERS)) as resp:
                status, answer = resp.status, await resp.text()
    except Refused:
        raise
    except Exception as exc:
        # The holder or the target went away, or the bytes stopped: the
        # target's dockerd never saw the archive's end.
        raise rules.copy_failed(ref, target.name, "the stream broke off (%s)"
                                % exc.__class__.__name__) from exc
    ids, tags, error = rules.loaded(answer)
    if status != 200 or error:
        await _remove_strays(delivery, token, target, image, ids, tags)
        raise rules.copy_failed(ref, target.name, error or "host %s answered "
                                "%s to the load" % (target.name, status))
    return ids, tags


async def _remove_strays(delivery, token, target, image, ids, tags):
    """What a load put on the target that is not the holder's image (its
    bytes changed on the way) goes again."""
    strays = [i for i in ids if i != image["Id"]]
    for tag in tags:
        body = await delivery.inspect(target, token, tag)
        if body is not None and body["Id"] != image["Id"]:
            strays.append(body["Id"])
    for image_id in strays:
        LOG.warning("image %s loaded on Docker host %s is not the %s "
                    "asked for: removed", image_id, target.name, image["Id"])
        await delivery.remove(target, token, image_id)
    return strays
