"""Insert-if-absent and insert-or-replace, one atomic statement per dialect.

SQLite's INSERT OR IGNORE / OR REPLACE are not portable, and a read followed
by an insert is not safe when two proxies record the same row at once: each
dialect's own upsert is a single statement the database serialises.
"""
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite


def _key(table):
    return [column.name for column in table.primary_key.columns]


def insert_if_absent(connection, table, rows):
    """Insert each row (a dict, or a list of dicts) whose primary key is not
    recorded yet; a recorded row is kept as it is (first writer wins)."""
    if not rows:
        return
    name = connection.dialect.name
    if name == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing()
    elif name == "postgresql":
        statement = postgresql.insert(table).on_conflict_do_nothing()
    elif name in ("mysql", "mariadb"):
        # Not INSERT IGNORE: it would also turn other errors into warnings.
        key = _key(table)[0]
        statement = mysql.insert(table).on_duplicate_key_update(
            {key: table.c[key]})
    else:
        for row in ([rows] if isinstance(rows, dict) else rows):
            try:
                with connection.begin_nested():
                    connection.execute(table.insert(), row)
            except sa.exc.IntegrityError:
                pass
        return
    connection.execute(statement, rows)


def insert_or_replace(connection, table, row):
    """Record the row, replacing the one with the same primary key."""
    key = _key(table)
    changed = {name: value for name, value in row.items() if name not in key}
    name = connection.dialect.name
    if name in ("sqlite", "postgresql"):
        dialect = sqlite if name == "sqlite" else postgresql
        statement = dialect.insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=key,
            set_={column: statement.excluded[column] for column in changed})
    elif name in ("mysql", "mariadb"):
        statement = mysql.insert(table)
        statement = statement.on_duplicate_key_update(
            {column: statement.inserted[column] for column in changed})
    else:
        where = sa.and_(*(table.c[k] == row[k] for k in key))
        if connection.execute(table.update().where(where).values(changed)
                              ).rowcount:
            return
        statement = table.insert()
    connection.execute(statement, row)
