"""The images the operator makes public: DD_PUBLIC_IMAGES.

Public status comes only from the proxy's record (an admin's publish) and
this setting, never from a label. Each listed reference is resolved to the
image id it names when the proxy starts, or on the first image request after
the image appears; from then on that id is public. The references themselves
are reserved: no project can tag, pull, build or load onto them, so a
project cannot put its own image under a name the operator trusts before it
is resolved.
"""
import logging
from urllib.parse import quote

from docker_dashboard.proxy.state import PUBLIC_OWNER
from docker_dashboard.proxy.state import normal_ref

LOG = logging.getLogger(__name__)


def parse(setting):
    """`busybox:latest, alpine` -> the normalised references."""
    return tuple(normal_ref(r.strip()) for r in (setting or "").split(",")
                 if r.strip())


class OperatorPublic:
    def __init__(self, refs):
        self.refs = frozenset(refs)
        self._pending = set(self.refs)

    def reserves(self, ref):
        return normal_ref(ref) in self.refs

    async def resolve(self, engine, record):
        """Mark the ids of the references not resolved yet as public.
        Cheap once every reference is resolved (nothing left to ask)."""
        for ref in sorted(self._pending):
            status, body = await engine.json(
                "GET", "/images/%s/json" % quote(ref, safe=""))
            if status != 200 or not isinstance(body, dict):
                continue
            owner = record.recorded_owner(body["Id"])
            if owner not in (None, PUBLIC_OWNER):
                # A project's own image under the operator's name (recorded
                # before the name was reserved): never publish it silently.
                LOG.warning("DD_PUBLIC_IMAGES: %s names an image a project "
                            "owns; it is not made public", ref)
            else:
                record.mark_operator_public(body["Id"])
            self._pending.discard(ref)


async def ensure(app):
    await app["public_images"].resolve(app["engine"], app["ownership"])
