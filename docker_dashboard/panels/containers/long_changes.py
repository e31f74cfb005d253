"""Long changes a user started on a container, without holding the page.

A stop waits for the container's grace period (10 s by default when PID 1
ignores SIGTERM) and a roll back includes such a stop. The page that started
one answers at once; the change runs on a worker thread. The user's session
remembers which containers are changing and how ("stopping", "rolling
back"): their rows show that transitional state, and Horizon's ajax row
update follows them until the change has settled.

The session is a signed cookie (and the request is over when the worker
ends), so the worker cannot write the outcome into it. It leaves the outcome
in Django's cache instead, keyed by user and container; the next page or row
update of that user reads it and tells them (Horizon's messages: a toast on
a row update too). Several Horizon processes need a cache they share (the
devsite's is a folder; a deployment's is usually memcached); without one a
change still settles from Docker's state, only its failure may go unsaid.
"""
import concurrent.futures
import logging
import time

from django.core.cache import cache
from django.utils.translation import gettext as _

from horizon import messages

from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.panels.containers import error_sentences

LOG = logging.getLogger(__name__)

SESSION_KEY = "docker_changes"
# An outcome nobody asked for within this time is dropped.
OUTCOME_SECONDS = 3600
STOPPING = "stopping"
ROLLING_BACK = "rolling_back"
# Docker states in which a container is still "stopping" (not yet down).
STILL_UP = ("running", "restarting", "paused")

_WORKERS = concurrent.futures.ThreadPoolExecutor(
    max_workers=4, thread_name_prefix="docker-change")


def run_later(func, *args, **kwargs):
    """Runs `func` on a worker thread (unit tests run it in place)."""
    return _WORKERS.submit(func, *args, **kwargs)


def _outcome_key(user_id, container_id):
    return "docker-dashboard:change:%s:%s" % (user_id, container_id)


def _marks(request):
    now = time.time()
    marks = request.session.get(SESSION_KEY) or {}
    return {cid: mark for cid, mark in marks.items()
            if isinstance(mark, dict) and mark.get("until", 0) > now}


def begin(request, container_id, state, seconds, work, name=None):
    """Marks the container `state` for this user for at most `seconds`, and
    runs `work()` on a worker thread; its outcome (done, or the refusal it
    raised) waits for this user's next page."""
    marks = _marks(request)
    marks[container_id] = {"state": state, "until": time.time() + seconds,
                           "name": name}
    request.session[SESSION_KEY] = marks
    key = _outcome_key(request.user.id, container_id)
    cache.delete(key)
    return run_later(_run, key, container_id, state, work)


def _run(key, container_id, state, work):
    try:
        work()
        outcome = {"done": True}
    except dd_exceptions.DockerDashboardError as exc:
        reason = getattr(exc, "message", None) or str(exc)
        LOG.warning("Container %s: %s failed: %s", container_id, state,
                    reason)
        outcome = {"error": reason}
    except Exception as exc:  # a bug: still tell the user it did not work
        LOG.exception("Container %s: %s failed", container_id, state)
        outcome = {"error": str(exc)}
    try:
        cache.set(key, outcome, OUTCOME_SECONDS)
    except Exception:
        # The change settles from Docker's state all the same.
        LOG.exception("Could not keep the outcome of a change of %s",
                      container_id)
    return outcome


def _take_outcome(request, container_id):
    key = _outcome_key(request.user.id, container_id)
    outcome = cache.get(key)
    if outcome is not None:
        cache.delete(key)
    return outcome


def _tell(request, mark, outcome):
    """The outcome as Horizon's message, in the user's language."""
    name = mark.get("name") or ""
    if "error" in outcome:
        reason = error_sentences.explain(outcome["error"])
        if mark["state"] == ROLLING_BACK:
            text = _("Roll back of %(name)s failed; the container was left "
                     "as it was: %(reason)s")
        else:
            text = _("The container could not be stopped: %(reason)s")
        messages.error(request, text % {"name": name, "reason": reason})
    elif mark["state"] == ROLLING_BACK:
        messages.success(request, _("%s was rolled back.") % name)


def _settled(mark, row):
    """Whether Docker's state of `row` already ends the change."""
    if mark["state"] == STOPPING:
        return row.state not in STILL_UP
    # A roll back stops the old container midway: it ends by its outcome,
    # or by the old container's removal (see replacement()).
    return False


def show(request, rows):
    """Rows this user is changing show the change's state (transitional:
    Horizon keeps updating them) under the name the user knows; while a
    container is rolled back, its successor's row is left out. A finished
    change drops its mark and its outcome is told."""
    marks = _marks(request)
    if not marks:
        if request.session.get(SESSION_KEY):
            request.session[SESSION_KEY] = {}  # expired marks
        return rows
    ids = {row.id for row in rows}
    successors = set()
    for row in rows:
        mark = marks.get(row.id)
        if not mark:
            continue
        outcome = _take_outcome(request, row.id)
        if outcome is not None or _settled(mark, row):
            if outcome is not None:
                _tell(request, mark, outcome)
            del marks[row.id]
            continue
        row._apidict["State"] = mark["state"]
        if mark.get("name"):
            row._apidict["Names"] = ["/" + mark["name"]]
            if mark["state"] == ROLLING_BACK:
                successors.add(mark["name"])
    for container_id, mark in list(marks.items()):
        # Rolled back before this page was made: the old row is gone and
        # its successor, by name, runs (a roll back starts it).
        if (container_id not in ids and mark["state"] == ROLLING_BACK and
                any(row.name == mark.get("name") and row.state == "running"
                    for row in rows)):
            _tell(request, mark, _take_outcome(request, container_id) or {})
            del marks[container_id]
    request.session[SESSION_KEY] = marks
    return [row for row in rows
            if not (row.name in successors and row.id not in marks)]


def replacement(request, container_id):
    """The name of the container that replaced `container_id` (gone) by a
    roll back this user started, or None. Its mark is dropped and the
    outcome told: the row update then shows the new container."""
    marks = _marks(request)
    mark = marks.pop(container_id, None)
    if not mark or mark["state"] != ROLLING_BACK or not mark.get("name"):
        return None
    request.session[SESSION_KEY] = marks
    _tell(request, mark, _take_outcome(request, container_id) or {})
    return mark["name"]
