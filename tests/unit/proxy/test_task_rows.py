"""Tasks as rows of the state database: progress written throttled, the
outcome kept for the keep time, a restart's and a shutdown's failures, and
a progress stream read into a task. A real SQLite database, migrated."""
import asyncio
import json

import pytest

from docker_dashboard.proxy import task_progress
from docker_dashboard.proxy import tasks
from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.tasks import Task
from docker_dashboard.proxy.tasks import TaskRegistry

MEMBER = Caller("u1", "p1", frozenset(["member"]))
OTHER = Caller("u2", "p2", frozenset(["member"]))


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def engine(tmp_path):
    engine = database.open_database(database.default_url(str(tmp_path)))
    yield engine
    engine.dispose()


@pytest.fixture
def clock():
    return Clock()


def registry(engine, clock, owner="host:8790", keep=3600):
    return TaskRegistry(engine, owner, keep_seconds=keep, clock=clock)


def test_progress_reaches_the_row_throttled_not_per_chunk(engine, clock):
    tasks_a = registry(engine, clock)
    task = tasks_a.track(Task("pull", "p1", "u1", total_bytes=100 << 20))
    for _ in range(10):
        task.advance(64 * 1024)
    # 640 KiB within the same instant: nothing written yet...
    assert tasks_a.rows.get(task.id)["done_bytes"] == 0
    # ...but the live task, read through the registry, has it all.
    assert tasks_a.get(task.id, MEMBER).done_bytes == 640 * 1024
    clock.now += tasks.PROGRESS_SECONDS
    task.advance(1)
    assert tasks_a.rows.get(task.id)["done_bytes"] == 640 * 1024 + 1
    task.advance(tasks.PROGRESS_BYTES)
    assert (tasks_a.rows.get(task.id)["done_bytes"]
            == 640 * 1024 + 1 + tasks.PROGRESS_BYTES)


def test_the_end_is_written_with_the_last_progress(engine, clock):
    tasks_a = registry(engine, clock)
    task = tasks_a.track(Task("push", "p1", "u1", params={"name": "app"}))
    task.advance(10)
    task.succeed(digest="sha256:abc")
    row = tasks_a.rows.get(task.id)
    assert (row["status"], row["done_bytes"], row["result"], row["params"]) \
        == ("succeeded", 10, {"digest": "sha256:abc"}, {"name": "app"})
    # An end after the end changes nothing.
    task.fail("late")
    assert tasks_a.rows.get(task.id)["status"] == "succeeded"


def test_a_restart_fails_only_this_proxys_running_tasks(engine, clock):
    before = registry(engine, clock)
    mine = before.track(Task("glance-export", "p1", "u1", total_bytes=50))
    mine.advance(tasks.PROGRESS_BYTES)  # written: the row has progress
    done = before.track(Task("pull", "p1", "u1"))
    done.succeed()
    other_proxy = registry(engine, clock, owner="other:8790")
    theirs = other_proxy.track(Task("pull", "p1", "u1"))

    after = registry(engine, clock)  # the same proxy, started again
    failed = after.recover()
    assert [row["id"] for row in failed] == [mine.id]
    seen = after.get(mine.id, MEMBER)
    assert (seen.status, seen.error) == ("failed", tasks.RESTARTED)
    assert seen.done_bytes == tasks.PROGRESS_BYTES
    assert after.get(done.id, MEMBER).status == "succeeded"
    assert after.get(theirs.id, MEMBER).status == "running"


def test_finished_tasks_are_forgotten_after_the_keep_time(engine, clock):
    tasks_a = registry(engine, clock, keep=60)
    old = tasks_a.track(Task("pull", "p1", "u1"))
    old.fail("no such image")
    running = tasks_a.track(Task("pull", "p1", "u1"))
    clock.now += 30
    assert tasks_a.get(old.id, MEMBER).error == "no such image"
    clock.now += 31
    assert tasks_a.get(old.id, MEMBER) is None
    assert [t.id for t in tasks_a.of_project(MEMBER)] == [running.id]
    assert tasks_a.rows.get(old.id) is None


def test_another_projects_tasks_are_not_listed(engine, clock):
    tasks_a = registry(engine, clock)
    theirs = tasks_a.track(Task("pull", "p2", "u2"))
    mine = tasks_a.track(Task("pull", "p1", "u1"))
    assert [t.id for t in tasks_a.of_project(MEMBER)] == [mine.id]
    assert tasks_a.get(theirs.id, MEMBER) is None
    assert tasks_a.get(theirs.id, OTHER).id == theirs.id


def test_close_fails_running_work_with_the_reason(engine, clock):
    async def scenario():
        tasks_a = registry(engine, clock)
        cleaned = []

        async def transfer(task):
            try:
                await asyncio.sleep(3600)
            finally:
                cleaned.append(task.id)
        background = Task("glance-export", "p1", "u1")
        tasks_a.start(background, transfer(background))
        streamed = tasks_a.track(Task("build", "p1", "u1"))
        await asyncio.sleep(0)
        await tasks_a.close("The proxy was stopped")
        return tasks_a, background, streamed, cleaned
    tasks_a, background, streamed, cleaned = asyncio.run(scenario())
    assert cleaned == [background.id]
    row = tasks_a.rows.get(background.id)
    assert (row["status"], row["error"]) == ("failed",
                                             "The proxy was stopped")
    # A streamed one keeps the grace requests in flight get: it may still
    # end well; cut, it fails with the reason.
    assert tasks_a.rows.get(streamed.id)["status"] == "running"
    tasks_a.done(streamed)
    row = tasks_a.rows.get(streamed.id)
    assert (row["status"], row["error"]) == ("failed",
                                             "The proxy was stopped")


def test_a_users_cancel_is_a_cancel(engine, clock):
    async def scenario():
        tasks_a = registry(engine, clock)
        task = Task("glance-load", "p1", "u1")
        tasks_a.start(task, asyncio.sleep(3600))
        await asyncio.sleep(0)
        await tasks_a.cancel(task)
        return tasks_a.rows.get(task.id)
    row = asyncio.run(scenario())
    assert (row["status"], row["error"]) == ("cancelled",
                                             "Cancelled by the user")


def test_retry_replaces_the_failed_row(engine, clock):
    tasks_a = registry(engine, clock)
    failed = tasks_a.track(Task("pull", "p1", "u1"))
    failed.fail("registry away")
    again = tasks_a.track(Task("pull", "p1", "u1"))
    tasks_a.replace(failed)
    assert [t.id for t in tasks_a.of_project(MEMBER)] == [again.id]


def test_json_says_what_can_be_retried(engine, clock):
    tasks_a = registry(engine, clock)
    build = tasks_a.track(Task("build", "p1", "u1", params={"tags": ["a"]}))
    pull = tasks_a.track(Task("pull", "p1", "u1"))
    assert build.as_json()["Retryable"] is False
    assert pull.as_json()["Retryable"] is True
    assert build.as_json()["Params"] == {"tags": ["a"]}


def _lines(*messages):
    return b"".join(json.dumps(m).encode() + b"\n" for m in messages)


def test_a_pull_stream_read_across_chunks(engine, clock):
    task = registry(engine, clock).track(Task("pull", "p1", "u1"))
    tap = task_progress.PullTap(task)
    stream = _lines(
        {"status": "Pulling from app", "id": "1.0"},
        {"status": "Downloading", "id": "l1",
         "progressDetail": {"current": 10, "total": 100}},
        {"status": "Downloading", "id": "l2",
         "progressDetail": {"current": 5, "total": 50}},
        {"status": "Download complete", "id": "l1"},
        {"status": "Status: Downloaded newer image for app:1.0"})
    for at in range(0, len(stream), 7):
        tap(stream[at:at + 7])
    assert (task.done_bytes, task.total_bytes) == (105, 150)
    assert tap.ended and tap.error is None
    task_progress.conclude(task, tap, 200, image="app:1.0")
    assert task.status == "succeeded"


def test_an_error_line_fails_the_task(engine, clock):
    task = registry(engine, clock).track(Task("push", "p1", "u1"))
    tap = task_progress.PushTap(task)
    tap(_lines({"status": "Preparing", "id": "l1"},
               {"errorDetail": {"message": "denied"}, "error": "denied"}))
    task_progress.conclude(task, tap, 200)
    assert (task.status, task.error) == ("failed", "denied")


def test_a_stream_cut_short_is_failed_by_done(engine, clock):
    tasks_a = registry(engine, clock)
    task = tasks_a.track(Task("build", "p1", "u1"))
    tap = task_progress.BuildTap(task)
    tap(_lines({"stream": "Step 2/5 : RUN make"}))
    task_progress.conclude(task, tap, 200)
    assert task.status == "running"
    assert (task.done_bytes, task.total_bytes) == (1, 5)
    tasks_a.done(task)
    row = tasks_a.rows.get(task.id)
    assert (row["status"], row["error"]) == (
        "failed", "The request ended before the task finished")
