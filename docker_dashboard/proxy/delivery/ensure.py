"""Making sure the image a create names is on the host it goes to.

Called by the routing proxy after it chose a host and before it sends the
create there. If that host's proxy shows the caller the image, nothing is
done. Else a host that holds it is found (holders.py): a project's image is
streamed from there with the caller's own token (stream.py); a public image
is fetched by the target itself with an admin's token (public.py), since
its name is reserved and its record is no project's.
"""
import asyncio
import logging
from urllib.parse import quote

import aiohttp

from docker_dashboard.proxy.delivery import holders
from docker_dashboard.proxy.delivery import public
from docker_dashboard.proxy.delivery import stream
from docker_dashboard.proxy.placement.service_token import ServiceAuthFailed
from docker_dashboard.proxy.rules import delivery as rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)

NO_ADMIN = ("Image %s is public but not on Docker host %s yet, and this "
            "proxy has no service user (DD_PROXY_SERVICE_USER) to copy it "
            "there")
NO_LOGIN = ("Image %s is public but not on Docker host %s yet, and this "
            "proxy's service user could not log in to copy it there")


async def ensure_image(request, ref, host):
    """Make the image `ref` present on `host` (a hosts-table row, or this
    proxy) for the caller. Refused(404) when no host shows the caller such
    an image (exactly as a missing one), Refused(502) when the copy failed;
    nothing is left half-loaded on `host`."""
    app = request.app
    delivery = app["delivery"]
    token = request.headers.get("X-Auth-Token", "")
    target = delivery.endpoint(host)
    if not ref or await _present(app, target, token, ref):
        return
    holder, image = await holders.find(delivery, token, ref, target.name)
    if holder is None:
        raise Refused(404, "No such image: %s" % ref)
    caller = request["caller"]
    if rules.is_public(image):
        await _public_to(app, caller, token, ref, image, target)
    else:
        await stream.copy(app, token, caller, ref, holder, image, target)
    LOG.info("image %s copied from Docker host %s to %s", image["Id"],
             holder.name, target.name)


async def _present(app, target, token, ref):
    """Is `ref` on the target? This host's dockerd is asked directly (its
    own create path then judges whether the caller may use the image);
    another host's proxy is asked with the caller's token."""
    delivery = app["delivery"]
    if target.name == delivery.config.host_name:
        status, _ = await app["engine"].json(
            "GET", "/images/%s/json" % quote(ref, safe=""))
        return status == 200
    return await delivery.inspect(target, token, ref) is not None


async def _public_to(app, caller, token, ref, image, target):
    """Ask the target to fetch the public image itself (public.fill), with
    the caller's token when an admin launches, else the service user's."""
    delivery = app["delivery"]
    if not caller.is_admin:
        if delivery.service_token is None:
            raise Refused(503, NO_ADMIN % (ref, target.name))
        try:
            token = await delivery.service_token.get()
        except ServiceAuthFailed as exc:
            raise Refused(503, NO_LOGIN % (ref, target.name)) from exc
    try:
        async with delivery.session().post(
                target.url + public.FILL,
                params={"image": image["Id"]},
                headers=delivery.headers(token)) as resp:
            answer = await resp.json(content_type=None)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError,
            ValueError) as exc:
        raise rules.copy_failed(ref, target.name, "its proxy did not "
                                "answer (%s)" % exc.__class__.__name__)
    if resp.status != 200:
        raise rules.copy_failed(ref, target.name, (answer or {}).get(
            "message") if isinstance(answer, dict) else resp.status)
    found = await delivery.inspect(target, token, image["Id"])
    rules.check_same(ref, target.name, image["Id"], found and found["Id"])
