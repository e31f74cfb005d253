"""The tasks table: long work's rows in and out, nothing else.

A row is a plain dict with the table's columns, `result` and `params`
decoded from their JSON. What runs the work (the coroutines, the throttle on
progress writes) is proxy/tasks.py; this module only reads and writes rows,
so every proxy sharing the database sees the same tasks.
"""
import json

import sqlalchemy as sa

from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state.schema import tasks as table

RUNNING, SUCCEEDED, FAILED, CANCELLED = (
    "running", "succeeded", "failed", "cancelled")
# The longest error kept in a row: dockerd's and Glance's messages are a
# sentence or two; a runaway one is cut rather than refused by the column.
MAX_ERROR = 2000


def _decoded(row):
    if row is None:
        return None
    data = dict(row._mapping)
    for key in ("result", "params"):
        try:
            data[key] = json.loads(data[key] or "{}")
        except ValueError:
            data[key] = {}
    return data


def _encoded(values):
    values = dict(values)
    for key in ("result", "params"):
        if key in values:
            values[key] = json.dumps(values[key] or {}, sort_keys=True)
    if values.get("error"):
        values["error"] = values["error"][:MAX_ERROR]
    return values


class TaskRows:
    def __init__(self, engine):
        self._engine = engine

    def insert(self, row):
        with self._engine.begin() as connection:
            connection.execute(table.insert().values(**_encoded(row)))

    def get(self, task_id):
        with self._engine.connect() as connection:
            return _decoded(connection.execute(
                table.select().where(table.c.id == task_id)).first())

    def of_project(self, project_id):
        """The project's tasks, newest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                table.select().where(table.c.project_id == project_id)
                .order_by(table.c.started.desc(), table.c.id))
            return [_decoded(row) for row in rows]

    def progress(self, task_id, done_bytes, total_bytes, now):
        """Progress of a running task (a finished one is left as it ended)."""
        self._update_running(task_id, {"done_bytes": done_bytes,
                                       "total_bytes": total_bytes,
                                       "updated": now})

    def finish(self, task_id, status, now, error=None, result=None,
               done_bytes=None):
        """Ends a running task; False when it had already ended (another
        path finished it first: a cancel, a shutdown, a restart)."""
        values = {"status": status, "finished": now, "updated": now,
                  "error": error}
        if result is not None:
            values["result"] = result
        if done_bytes is not None:
            values["done_bytes"] = done_bytes
        return self._update_running(task_id, values)

    def _update_running(self, task_id, values):
        with self._engine.begin() as connection:
            changed = connection.execute(
                table.update().where(table.c.id == task_id)
                .where(table.c.status == RUNNING)
                .values(**_encoded(values)))
            return changed.rowcount == 1

    def set_result(self, task_id, result):
        """The result of a task in any state (a leftover cleared later)."""
        with self._engine.begin() as connection:
            connection.execute(table.update().where(table.c.id == task_id)
                               .values(**_encoded({"result": result})))

    def fail_running(self, owner, reason, now, sparing=()):
        """Fails every running task of the proxy `owner` but those whose
        ids are in `sparing`; the rows failed. Another proxy's tasks are
        left alone."""
        with database.writing(self._engine) as connection:
            rows = [_decoded(row) for row in connection.execute(
                table.select().where(table.c.owner == owner)
                .where(table.c.status == RUNNING))
                if row.id not in sparing]
            if rows:
                connection.execute(
                    table.update().where(table.c.id.in_(
                        [row["id"] for row in rows]))
                    .where(table.c.status == RUNNING)
                    .values(status=FAILED, error=reason[:MAX_ERROR],
                            finished=now, updated=now))
        for row in rows:
            row.update(status=FAILED, error=reason, finished=now, updated=now)
        return rows

    def forget_finished(self, before):
        """Deletes the tasks that ended before `before`; how many."""
        with self._engine.begin() as connection:
            return connection.execute(
                table.delete().where(table.c.status != RUNNING)
                .where(table.c.finished < before)).rowcount

    def trim(self, project_id, keep):
        """Keeps at most `keep` finished tasks of the project, the newest:
        no one can grow the table at will within the keep time."""
        with self._engine.begin() as connection:
            old = connection.execute(
                sa.select(table.c.id).where(table.c.project_id == project_id)
                .where(table.c.status != RUNNING)
                .order_by(table.c.finished.desc()).offset(keep)).scalars()
            old = list(old)
            if old:
                connection.execute(table.delete().where(table.c.id.in_(old)))
            return len(old)

    def delete(self, task_id):
        with self._engine.begin() as connection:
            connection.execute(table.delete().where(table.c.id == task_id))
