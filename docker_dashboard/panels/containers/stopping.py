"""Stopping without holding the page (long_changes.py).

Docker's stop answers only once the container is down: up to its grace
period (10 s by default) when PID 1 ignores SIGTERM. The stop runs on a
worker thread and the page answers at once; the row says "Stopping" until
Docker reports the container down.
"""
import functools

from docker_dashboard.api import docker_proxy
from docker_dashboard.panels.containers import long_changes

STOPPING = long_changes.STOPPING
# Docker's own grace period when none is given.
DEFAULT_GRACE = 10
# How long past the grace period a row may still say "stopping" (Docker
# kills at the end of the grace period; this covers the kill and a slow
# daemon). After it the row shows Docker's state again, whatever happened.
MARGIN = 30


def begin(request, container_id, timeout=None):
    """Starts stopping the container and marks it stopping for this user."""
    grace = DEFAULT_GRACE if timeout is None else timeout
    return long_changes.begin(
        request, container_id, STOPPING, grace + MARGIN,
        functools.partial(docker_proxy.container_stop, request, container_id,
                          timeout=timeout))
