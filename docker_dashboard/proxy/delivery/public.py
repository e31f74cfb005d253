"""Public images on every host.

The cloud's public images are the operator's (DD_PUBLIC_IMAGES, by name)
and those an admin published (the shared ownership record, by id). A host
that lacks one fetches it from a peer that holds it: at its proxy's start
(with the proxy's service user), when an admin publishes one (the
publishing proxy asks every other host, with the admin's token), and when
a launch needs one there (delivery/ensure.py). When the admin withdraws
it, the copies the other hosts fetched go again.

The host loads the archive itself, as its Glance loads do: the peer's
`docker save` is re-written on its way (load_archive.py) into this host's
dockerd, may carry no name but the one asked for, and is checked against
the peer's image id. No ownership is recorded: a published image's record
is shared already, an operator's is resolved by name (public_images.py).
Nothing is recorded as an admin's project's, which a load through the
load route would do for the tags it carries.
"""
import asyncio
import logging
from urllib.parse import quote

import aiohttp

from docker_dashboard.proxy import load_archive
from docker_dashboard.proxy import public_images
from docker_dashboard.proxy.delivery import holders
from docker_dashboard.proxy.delivery import stream
from docker_dashboard.proxy.delivery.record import held
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.guard import action
from docker_dashboard.proxy.placement.service_token import ServiceAuthFailed
from docker_dashboard.proxy.routing import add_route
from docker_dashboard.proxy.routing import docker_json
from docker_dashboard.proxy.rules import delivery as rules
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import PUBLIC_OWNER
from docker_dashboard.proxy.state import database

LOG = logging.getLogger(__name__)

FILL = "/dd/images/public/fill"
# Seconds a publish (or a withdrawal) waits for the other hosts to have
# fetched (or removed) the image before it is answered.
SPREAD_WAIT = 60


def setup(app):
    add_route(app, "POST", FILL, fill_route)

    async def start(app):
        app["delivery"].background(fill_at_start(app))
    app.on_startup.append(start)


@action("docker:image:publish")
async def fill_route(request):
    """Admins (and the proxies' service user): copy the public images this
    host lacks from its peers, or only `image` (an id or a name); answers
    once they are here."""
    copied = await fill(request.app, request.headers.get("X-Auth-Token", ""),
                        request["caller"], request.query.get("image") or None)
    return docker_json({"Copied": copied})


async def fill_at_start(app):
    delivery = app["delivery"]
    try:
        if not delivery.other_hosts():
            return
        if delivery.service_token is None:
            LOG.info("no service user (DD_PROXY_SERVICE_USER): public images "
                     "this host lacks are not copied from its peers")
            return
        token = await delivery.service_token.get()
        caller = await app["validator"].validate(token)
        if caller is None:
            LOG.warning("the service user's token was refused: public "
                        "images not copied")
            return
        copied = await fill(app, token, caller)
    except (ServiceAuthFailed, EngineUnavailable, database.Unavailable,
            Refused) as exc:
        LOG.warning("public images not copied at start: %s", exc)
        return
    if copied:
        LOG.info("public images copied from peers at start: %s",
                 ", ".join(copied))


async def fill(app, token, caller, only=None):
    """Copy the public images this host lacks from a peer holding them
    (`only`: that one image, by id or name); their ids."""
    delivery = app["delivery"]
    others = delivery.other_hosts()
    if not others:
        return []
    await public_images.ensure(app)
    wanted = rules.public_wanted(app["public_images"].refs,
                                 app["ownership"].owned_images(),
                                 PUBLIC_OWNER)
    copied = []
    for ref in wanted:
        if only and rules.full_id(ref) and ref != only:
            continue
        if await _here(app, ref):
            continue
        holder, image = await holders.first_holder(
            delivery, others, token, ref, wanted=rules.is_public)
        if holder is None or (only and only not in (ref, image["Id"])):
            continue
        await copy_here(app, token, caller, ref, holder, image)
        copied.append(image["Id"])
    return copied


async def _here(app, ref):
    status, _ = await app["engine"].json(
        "GET", "/images/%s/json" % quote(ref, safe=""))
    return status == 200


async def copy_here(app, token, caller, ref, holder, image):
    """The public image `image` from `holder` into this host's dockerd."""
    delivery = app["delivery"]
    here = delivery.this_host()
    task = stream.track(app, caller, ref, image, here)
    try:
        ids, tags = await _load_here(app, token, ref, holder, image, task)
        status, body = await app["engine"].json(
            "GET", "/images/%s/json" % quote(image["Id"], safe=""))
        found = body.get("Id") if status == 200 and isinstance(
            body, dict) else None
        if found != image["Id"]:
            await _remove_strays(app, image, ids, tags)
        rules.check_same(ref, here.name, image["Id"], found)
        # An operator's name now names an image here: public from now on.
        await public_images.ensure(app)
        held(app, image["Id"])
        task.succeed(image_id=image["Id"], host=here.name)
    except Refused as refusal:
        task.fail(refusal.message)
        raise
    finally:
        app["tasks"].done(task)
    LOG.info("public image %s copied from Docker host %s", ref, holder.name)


async def _load_here(app, token, ref, holder, image, task):
    """(ids, tags) dockerd loaded from the holder's archive of `ref`."""
    delivery = app["delivery"]
    source = image["Id"] if rules.full_id(ref) else ref

    async def decide(plan):
        rules.check_public_archive(ref, plan.tags)

    try:
        async with delivery.session().get(
                holder.url + delivery.path("/images/%s/get", source),
                headers=delivery.headers(token)) as saved:
            if saved.status != 200:
                raise rules.copy_failed(ref, delivery.config.host_name,
                                        "host %s answered %s to its save"
                                        % (holder.name, saved.status))

            async def chunks():
                async for chunk in stream.holder_chunks(saved):
                    task.advance(len(chunk))
                    yield chunk
            body = load_archive.RewrittenBody(
                chunks(), app["config"].max_load_bytes, decide)
            try:
                resp = await app["engine"].request(
                    "POST", "/images/load", params={"quiet": "1"},
                    data=body.stream(), headers=load_archive.HEADERS)
                async with resp:
                    status, answer = resp.status, await resp.text()
            except Exception:
                body.raise_refusal()
                raise
            body.raise_refusal()
    except Refused:
        raise
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError,
            EngineUnavailable, ValueError) as exc:
        raise rules.copy_failed(ref, delivery.config.host_name,
                                "the stream broke off (%s)"
                                % exc.__class__.__name__) from exc
    ids, tags, error = rules.loaded(answer)
    if status != 200 or error or not body.passed:
        await _remove_strays(app, image, ids, tags)
        raise rules.copy_failed(ref, delivery.config.host_name,
                                error or "dockerd answered %s" % status)
    return ids, tags


async def _remove_strays(app, image, ids, tags):
    """What a load put here that is not the peer's image goes again."""
    engine = app["engine"]
    strays = [i for i in ids if i != image["Id"]]
    for tag in tags:
        status, body = await engine.json(
            "GET", "/images/%s/json" % quote(tag, safe=""))
        if status == 200 and body.get("Id") != image["Id"]:
            strays.append(body["Id"])
    for image_id in strays:
        LOG.warning("image %s loaded here is not the %s asked for: removed",
                    image_id, image["Id"])
        await engine.json("DELETE", "/images/%s" % image_id,
                          params={"force": "1"})


async def published(request, image_id):
    """An admin published `image_id` on this host: every other host is
    asked to fetch it, and the publish is answered once they have (or after
    SPREAD_WAIT seconds, the copies going on in the background)."""
    await _on_every_other_host(request, _ask_fill, image_id)


async def withdrawn(request, image_id):
    """An admin withdrew `image_id`: it is its project's again, and the
    copies the other hosts fetched when it was published go (those no
    container or child image uses: dockerd keeps those)."""
    await _on_every_other_host(request, _ask_remove, image_id)


async def _on_every_other_host(request, ask, image_id):
    delivery = request.app.get("delivery")
    if delivery is None:
        return
    token = request.headers.get("X-Auth-Token", "")
    jobs = [delivery.background(ask(delivery, host, token, image_id))
            for host in delivery.other_hosts()]
    if jobs:
        await asyncio.wait(jobs, timeout=SPREAD_WAIT)


async def _ask_fill(delivery, host, token, image_id):
    try:
        async with delivery.session().post(
                host.url + FILL, params={"image": image_id},
                headers=delivery.headers(token)) as resp:
            text = await resp.text()
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        LOG.warning("Docker host %s not asked to fetch published image %s: "
                    "%r", host.name, image_id, exc)
        return
    if resp.status != 200:
        LOG.warning("Docker host %s did not fetch published image %s: %s %s",
                    host.name, image_id, resp.status, text[:300])


async def _ask_remove(delivery, host, token, image_id):
    try:
        async with delivery.session().delete(
                host.url + delivery.path("/images/%s", image_id),
                headers=delivery.headers(token)) as resp:
            text = await resp.text()
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        LOG.warning("Docker host %s not asked to remove withdrawn image %s: "
                    "%r", host.name, image_id, exc)
        return
    # 404: it never got there; 409: a container or a child image uses it.
    if resp.status not in (200, 404, 409):
        LOG.warning("Docker host %s did not remove withdrawn image %s: %s "
                    "%s", host.name, image_id, resp.status, text[:300])
