"""Images across Docker hosts (issue 13): an image reaches the host that
needs it, streamed from a host that holds it and checked on arrival.

- `ensure_image(request, ref, host)`: before a create is sent to `host`,
  the image the caller named is made present there (ensure.py), copied
  with the caller's own token from a host whose proxy lets the caller see
  it (stream.py).
- Public images are kept on every host: at a proxy's start, and on each
  host when an admin publishes one, those the host lacks are copied from a
  peer with the proxy's service user (public.py); withdrawn, the copies go.
- Which host holds which image is recorded (state/image_hosts.py) where an
  image is made or arrives, `held(app, image_id)`, and where it is
  removed, `gone(app, answer)` (record.py).
Every copy is a task (tasks.py), shown with its progress on the Tasks page.
"""
from docker_dashboard.proxy.delivery import public
from docker_dashboard.proxy.delivery.context import Delivery
from docker_dashboard.proxy.delivery.ensure import ensure_image  # noqa: F401
from docker_dashboard.proxy.delivery.public import published  # noqa: F401
from docker_dashboard.proxy.delivery.public import withdrawn  # noqa: F401
from docker_dashboard.proxy.delivery.record import gone  # noqa: F401
from docker_dashboard.proxy.delivery.record import held  # noqa: F401


def setup(app):
    """The delivery's HTTP client and service token, the route that fills
    a host with the public images it lacks, and that fill at start (in the
    background: the proxy serves meanwhile)."""
    app["delivery"] = Delivery(app["config"], app["database"])
    public.setup(app)

    async def close(app):
        await app["delivery"].close()
    app.on_cleanup.append(close)
