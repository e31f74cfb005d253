"""Long work the proxy runs or forwards, by id, per project, as table rows.

A Glance export or load outlives the request that started it: it runs here
in the background and the page polls `GET /dd/tasks/{id}`. A pull, a push
and a build are streamed to their caller as dockerd answers, and tracked
here too. Each is a row of the state database (state/tasks.py), written
when it starts, as it advances (throttled: at most every PROGRESS_SECONDS
or PROGRESS_BYTES) and when it ends, so its outcome survives the proxy:
at start-up the proxy fails the tasks it was running when it stopped
(`recover`), and `close` fails those it runs when it is stopped.

The coroutines themselves live in this process only. A task of another
project answers exactly like a missing one.
"""
import asyncio
import time
import uuid

from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.state import tasks as rows
from docker_dashboard.proxy.state.tasks import CANCELLED
from docker_dashboard.proxy.state.tasks import FAILED
from docker_dashboard.proxy.state.tasks import RUNNING
from docker_dashboard.proxy.state.tasks import SUCCEEDED

__all__ = ["Task", "TaskRegistry", "RUNNING", "SUCCEEDED", "FAILED",
           "CANCELLED"]

# Finished tasks stay readable this long by default (DD_TASK_KEEP_SECONDS),
# so a page that polls a little late still learns how its work ended.
KEEP_FINISHED_SECONDS = 3600
# A bound on the work this proxy runs in the background at once.
MAX_RUNNING = 1000
# A bound on each project's finished rows within the keep time.
MAX_KEPT_PER_PROJECT = 200
# Progress is written to the row at most this often, or after this many
# bytes, whichever comes first (and always at the end): not per chunk.
PROGRESS_SECONDS = 0.5
PROGRESS_BYTES = 8 * 1024 ** 2

RESTARTED = "The proxy restarted before the task finished"
STOPPED = "The proxy was stopped before the task finished"
# The kinds whose work can be started again from their params.
RETRYABLE = frozenset(["glance-export", "glance-load", "pull", "push"])


class Task:
    """One task as this proxy sees it: its row's fields, live while this
    proxy runs it (progress counted in memory, written throttled)."""

    def __init__(self, kind, project_id, user_id, total_bytes=0, params=None):
        self.id = uuid.uuid4().hex
        self.kind = kind
        self.project_id = project_id
        self.user_id = user_id
        self.status = RUNNING
        self.done_bytes = 0
        self.total_bytes = total_bytes
        self.error = None
        self.result = {}
        self.params = dict(params or {})
        self.owner = ""
        self.started = time.time()
        self.finished = None
        self._job = None
        self._registry = None
        self._written = (0.0, 0)
        # Set by close(): why a cancel is a failure, not the user's cancel.
        self._stopped_because = None

    @classmethod
    def from_row(cls, row):
        task = cls.__new__(cls)
        cls.__init__(task, row["kind"], row["project_id"], row["user_id"])
        for key in ("id", "status", "done_bytes", "total_bytes", "error",
                    "result", "params", "owner", "started", "finished"):
            setattr(task, key, row[key])
        return task

    def row(self):
        return {"id": self.id, "kind": self.kind,
                "project_id": self.project_id, "user_id": self.user_id,
                "status": self.status, "done_bytes": self.done_bytes,
                "total_bytes": self.total_bytes, "error": self.error,
                "result": self.result, "params": self.params,
                "owner": self.owner, "started": self.started,
                "finished": self.finished, "updated": self.started}

    # -- progress and outcome, written to the row --------------------------

    def advance(self, count):
        self.done_bytes += count
        self._maybe_write()

    def set_progress(self, done, total):
        self.done_bytes, self.total_bytes = done, total
        self._maybe_write()

    def _maybe_write(self):
        if self._registry is None:
            return
        now = self._registry.clock()
        last_time, last_bytes = self._written
        if (now - last_time >= PROGRESS_SECONDS
                or self.done_bytes - last_bytes >= PROGRESS_BYTES):
            self._write(now)

    def _write(self, now):
        self._written = (now, self.done_bytes)
        self._registry.rows.progress(self.id, self.done_bytes,
                                     self.total_bytes, now)

    def succeed(self, **result):
        self.result.update(result)
        self._finish(SUCCEEDED)

    def fail(self, message):
        self._finish(FAILED, message)

    def _finish(self, status, error=None):
        if self.status != RUNNING:
            return
        now = self._registry.clock() if self._registry else time.time()
        self.status, self.error, self.finished = status, error, now
        if self._registry is not None:
            if not self._registry.rows.finish(
                    self.id, status, now, error=error, result=self.result,
                    done_bytes=self.done_bytes):
                # Ended elsewhere first (a shutdown, another path): the row
                # is the truth.
                row = self._registry.rows.get(self.id)
                if row is not None:
                    self.status, self.error = row["status"], row["error"]

    @property
    def progress(self):
        """0..1; a finished success is 1 even when the size was an
        estimate (a `docker save` stream is not exactly the image's size)."""
        if self.status == SUCCEEDED:
            return 1.0
        if not self.total_bytes:
            return 0.0
        return min(self.done_bytes / self.total_bytes, 0.99)

    def as_json(self):
        return {"Id": self.id, "Kind": self.kind, "Status": self.status,
                "DoneBytes": self.done_bytes, "TotalBytes": self.total_bytes,
                "Progress": round(self.progress, 4), "Error": self.error,
                "Result": self.result, "Params": self.params,
                "Retryable": self.kind in RETRYABLE,
                "Started": self.started, "Finished": self.finished}


class TaskRegistry:
    def __init__(self, engine, owner, keep_seconds=KEEP_FINISHED_SECONDS,
                 clock=time.time):
        self.rows = rows.TaskRows(engine)
        self.owner = owner
        self.keep_seconds = keep_seconds
        self.clock = clock
        # The tasks this process runs or tracks now, by id.
        self._live = {}

    def _forget_old(self):
        self.rows.forget_finished(self.clock() - self.keep_seconds)

    def _record(self, task):
        self._forget_old()
        self.rows.trim(task.project_id, MAX_KEPT_PER_PROJECT)
        task.owner = self.owner
        task.started = self.clock()
        task._registry = self
        task._written = (task.started, 0)
        self.rows.insert(task.row())
        self._live[task.id] = task

    def track(self, task):
        """Records work a request runs itself (a pull, push or build it
        streams): the route reports progress and ends it."""
        self._record(task)
        return task

    def done(self, task):
        """The route that tracked `task` is over: ends it if it had not
        (its stream was cut: the caller left, or the proxy is stopping)."""
        task.fail(task._stopped_because
                  or "The request ended before the task finished")
        self._live.pop(task.id, None)

    def start(self, task, coroutine):
        """Run `coroutine` in the background as `task`; it must call
        task.succeed or task.fail (an exception it lets out fails it)."""
        if sum(1 for t in self._live.values() if t._job) >= MAX_RUNNING:
            coroutine.close()
            raise OverflowError("too much work in progress")
        self._record(task)

        async def run():
            try:
                await coroutine
            except asyncio.CancelledError:
                if task._stopped_because:
                    task.fail(task._stopped_because)
                else:
                    task._finish(CANCELLED, "Cancelled by the user")
                raise
            except Exception as exc:  # reported to the user through the task
                task.fail(str(exc) or exc.__class__.__name__)
            else:
                if task.status == RUNNING:
                    task.fail("The task ended without a result")
            finally:
                self._live.pop(task.id, None)
        task._job = asyncio.ensure_future(run())
        return task

    def _current(self, row):
        """The row, with the live progress when this process runs it."""
        live = self._live.get(row["id"])
        if live is not None and live.status == RUNNING:
            return live
        return Task.from_row(row)

    def get(self, task_id, caller):
        """The task if the caller's project owns it (admins see all)."""
        row = self.rows.get(task_id)
        if row is None:
            return None
        if not ownership.reachable_project(caller, row["project_id"]):
            return None
        if (row["finished"] is not None
                and row["finished"] < self.clock() - self.keep_seconds):
            return None
        return self._current(row)

    def of_project(self, caller):
        self._forget_old()
        return [self._current(row)
                for row in self.rows.of_project(caller.project_id)]

    def live(self, task_id):
        return self._live.get(task_id)

    def replace(self, old):
        """The failed task `old` is started again as a new one: its row
        goes, so the project sees the work once."""
        self.rows.delete(old.id)

    async def cancel(self, task):
        """Stop a running task and wait for its clean-up to finish."""
        task = self._live.get(task.id, task)
        job = task._job
        if job is None or job.done():
            return
        job.cancel()
        try:
            await job
        except asyncio.CancelledError:
            pass

    def recover(self):
        """At start-up: the tasks this proxy was running when it stopped
        (killed, or its host restarted) cannot go on; they are failed with
        the reason. What they left in Glance is cleared later, with a
        user's token (glance_transfer.delete_leftovers)."""
        return self.rows.fail_running(self.owner, RESTARTED, self.clock())

    async def close(self, reason=STOPPED):
        """Fails every running task of this proxy with `reason`: the
        background ones (exports, loads, retries) are stopped at once and
        clean up (a partial Glance image is deleted with the user's token,
        still at hand). A pull, push or build being streamed keeps the
        grace the server gives requests in flight: it may still end well;
        cut, it fails with `reason` (done()); if the process ends first,
        the next start fails it (recover)."""
        for task in list(self._live.values()):
            task._stopped_because = reason
            if task._job is not None:
                await self.cancel(task)
        self.rows.fail_running(self.owner, reason, self.clock(),
                               sparing=set(self._live))
