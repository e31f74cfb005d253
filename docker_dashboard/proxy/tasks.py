"""Long transfers the proxy runs in the background, by id, per project.

A Glance export or load outlives the request that started it: the page polls
`GET /dd/tasks/{id}` for progress and may cancel with `DELETE`. A task of
another project answers exactly like a missing one.
"""
import asyncio
import time
import uuid

from docker_dashboard.proxy.rules import ownership

# Finished tasks stay readable this long, so a page that polls a little late
# still learns how its transfer ended; beyond it they are forgotten.
KEEP_FINISHED_SECONDS = 3600
# A bound on remembered tasks, so that nobody can grow the registry at will.
MAX_TASKS = 1000

RUNNING, SUCCEEDED, FAILED, CANCELLED = (
    "running", "succeeded", "failed", "cancelled")


class Task:
    def __init__(self, kind, project_id, user_id, total_bytes=0):
        self.id = uuid.uuid4().hex
        self.kind = kind
        self.project_id = project_id
        self.user_id = user_id
        self.status = RUNNING
        self.done_bytes = 0
        self.total_bytes = total_bytes
        self.error = None
        self.result = {}
        self.started = time.time()
        self.finished = None
        self._job = None

    def advance(self, count):
        self.done_bytes += count

    def succeed(self, **result):
        self.result.update(result)
        self._finish(SUCCEEDED)

    def fail(self, message):
        self.error = message
        self._finish(FAILED)

    def _finish(self, status):
        if self.status == RUNNING:
            self.status = status
            self.finished = time.time()

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
                "Result": self.result, "Started": self.started,
                "Finished": self.finished}


class TaskRegistry:
    def __init__(self, clock=time.time):
        self._tasks = {}
        self._clock = clock

    def _forget_old(self):
        now = self._clock()
        for task_id, task in list(self._tasks.items()):
            if task.finished and now - task.finished > KEEP_FINISHED_SECONDS:
                del self._tasks[task_id]

    def start(self, task, coroutine):
        """Run `coroutine` in the background as `task`; it must call
        task.succeed or task.fail (an exception it lets out fails it)."""
        self._forget_old()
        if len(self._tasks) >= MAX_TASKS:
            coroutine.close()
            raise OverflowError("too many transfers in progress")
        self._tasks[task.id] = task

        async def run():
            try:
                await coroutine
            except asyncio.CancelledError:
                task.error = task.error or "Cancelled by the user"
                task._finish(CANCELLED)
                raise
            except Exception as exc:  # reported to the user through the task
                task.fail(str(exc) or exc.__class__.__name__)
            else:
                if task.status == RUNNING:
                    task.fail("The transfer ended without a result")
        task._job = asyncio.ensure_future(run())
        return task

    def get(self, task_id, caller):
        """The task if the caller's project owns it (admins see all)."""
        task = self._tasks.get(task_id)
        if task is None:
            return None
        if not ownership.reachable_project(caller, task.project_id):
            return None
        return task

    def of_project(self, caller):
        return [t for t in self._tasks.values()
                if ownership.own_project_id(caller, t.project_id)]

    async def cancel(self, task):
        """Stop a running task and wait for its clean-up to finish."""
        job = task._job
        if job is None or job.done():
            return
        job.cancel()
        try:
            await job
        except asyncio.CancelledError:
            pass

    async def close(self):
        for task in list(self._tasks.values()):
            await self.cancel(task)
