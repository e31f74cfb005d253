"""Stopping without holding the page.

Docker's stop answers only once the container is down: up to its grace
period (10 s by default) when PID 1 ignores SIGTERM. The stop is handed to a
worker thread and the page answers at once; the user's session remembers
which containers are stopping, so their rows show "Stopping" and Horizon's
ajax row update follows them until Docker reports them stopped. The mark is
kept in the session (signed cookie), so every Horizon worker sees it.
"""
import concurrent.futures
import logging
import time

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions

LOG = logging.getLogger(__name__)

SESSION_KEY = "docker_stopping"
STOPPING = "stopping"
# Docker's own grace period when none is given.
DEFAULT_GRACE = 10
# How long past the grace period a row may still say "stopping" (Docker
# kills at the end of the grace period; this covers the kill and a slow
# daemon). After it the row shows Docker's state again, whatever happened.
MARGIN = 30

_WORKERS = concurrent.futures.ThreadPoolExecutor(
    max_workers=4, thread_name_prefix="docker-stop")


def run_later(func, *args, **kwargs):
    """Runs `func` on a worker thread (unit tests run it in place)."""
    return _WORKERS.submit(func, *args, **kwargs)


def _stop(request, container_id, timeout):
    try:
        docker_proxy.container_stop(request, container_id, timeout=timeout)
    except dd_exceptions.DockerDashboardError as exc:
        # Nobody waits for this answer: the row shows Docker's state again
        # once the mark expires or the row settles.
        LOG.warning("Stopping container %s failed: %s", container_id,
                    getattr(exc, "message", exc))


def _marks(request):
    now = time.time()
    return {cid: until for cid, until in
            (request.session.get(SESSION_KEY) or {}).items() if until > now}


def begin(request, container_id, timeout=None):
    """Starts stopping the container and marks it stopping for this user."""
    marks = _marks(request)
    grace = DEFAULT_GRACE if timeout is None else timeout
    marks[container_id] = time.time() + grace + MARGIN
    request.session[SESSION_KEY] = marks
    return run_later(_stop, request, container_id, timeout)


def show(request, rows):
    """Rows of containers still running that this user is stopping say
    "stopping" (a transitional state: Horizon keeps updating them); the
    marks of rows that have stopped are dropped."""
    marks = _marks(request)
    if not marks:
        return rows
    for row in rows:
        if row.id not in marks:
            continue
        if row.state in ("running", "restarting", "paused"):
            row._apidict["State"] = STOPPING
        else:
            del marks[row.id]
    request.session[SESSION_KEY] = marks
    return rows
