"""Opening the proxy's state database: the engine, and its migrations.

`open_database(url)` is the only way the proxy gets an Engine: it sets the
connection up for the dialect, brings the schema to the newest migration
(alembic, with its scripts inside this package so an installed wheel
carries them) and returns the Engine.

The proxy is asynchronous but calls SQLAlchemy synchronously: every call is
one short statement (or a few, for an admin's publish) on one row by its
primary key, on a pooled connection to a local database or a database in
the same site. That costs well under a millisecond on SQLite and about one
network round trip on MariaDB, less than the Keystone and dockerd calls
around it, so no thread is added for it.
"""
import contextlib
import os

from alembic import command
from alembic.config import Config
import sqlalchemy as sa
from sqlalchemy import event

from docker_dashboard.proxy.state import legacy

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "migrations")
# How long a writer waits for another process's write to finish on SQLite
# before it gives up with "database is locked", milliseconds (writes are
# single rows: a wait this long means something is wrong).
SQLITE_BUSY_MS = 10000
# Seconds before a pooled MariaDB/MySQL connection is replaced: the server
# closes idle connections after wait_timeout (8 hours by default, often
# lowered by operators); recycling well before it avoids a dead connection.
MYSQL_RECYCLE = 1800
# Seconds before a call to an unreachable MariaDB/MySQL fails (the calls
# run in the event loop's thread: a database that does not answer must not
# hold it long); the proxy then answers 503.
MYSQL_TIMEOUTS = {"connect_timeout": 5, "read_timeout": 10,
                  "write_timeout": 10}
# Seconds a proxy waits for another one to finish migrating a shared
# MariaDB/MySQL database.
MIGRATE_LOCK_WAIT = 300
MIGRATE_LOCK_STEP = 5
MIGRATE_LOCK = "docker_dashboard_migrate"
# The execution option that asks SQLite for its write lock at BEGIN
# (see writing()).
_WRITE = "docker_dashboard_write"


# What the database answers when it is down, full or locked past the busy
# timeout (the proxy answers 503 for it).
Unavailable = sa.exc.OperationalError


# How each database says it has no room left: SQLite's SQLITE_FULL, and
# MariaDB/MySQL's table-full and disk-full errors.
FULL_MARKERS = ("database or disk is full", "is full", "No space left",
                "Disk full")


def unavailable_sentence(error):
    """What the caller is told when the state database failed a call."""
    text = str(getattr(error, "orig", error))
    if any(marker in text for marker in FULL_MARKERS):
        return ("The proxy's state storage is full: nothing was changed. "
                "Try again once the operator has freed space.")
    return "The proxy's state database is not reachable"


def default_url(state_dir):
    """The demo's database: one SQLite file in the proxy's state folder."""
    return "sqlite:///" + os.path.join(os.path.abspath(state_dir),
                                       "state.sqlite3")


def open_database(url, legacy_dir=None):
    """The Engine for `url`, with its schema migrated to the newest revision.

    `legacy_dir` is the state folder of a proxy from before this database
    (DD_PROXY_STATE): its `ownership.sqlite3`, when present, is imported once
    and renamed `ownership.sqlite3.imported`.
    """
    engine = _make_engine(sa.engine.make_url(url))
    imported = []
    with _migration_lock(engine) as connection:
        config = Config()
        # Config is a ConfigParser: a % in the path would be interpolated.
        config.set_main_option("script_location",
                               MIGRATIONS.replace("%", "%%"))
        config.attributes["connection"] = connection
        config.attributes["legacy_dir"] = legacy_dir
        config.attributes["imported"] = imported
        command.upgrade(config, "head")
        # The first revision imports the legacy file into a new database. A
        # database that was already migrated (a second proxy joining a
        # shared one) still takes this proxy's legacy records: first owner
        # wins, so nothing already recorded is overwritten.
        if legacy_dir and not imported:
            path = legacy.import_file(connection, legacy_dir)
            if path:
                imported.append(path)
    # Renamed only once the records are committed: a failed import leaves
    # the file where it was, and it is tried again at the next start.
    for path in imported:
        legacy.retire(path)
    return engine


@contextlib.contextmanager
def writing(engine):
    """A transaction meant to write: on SQLite it takes the write lock at
    BEGIN (waiting for another process's writer up to the busy timeout),
    so a read followed by a write in it cannot fail half-way with
    "database is locked". Other databases: an ordinary transaction."""
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection


def _make_engine(url):
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend in ("mysql", "mariadb"):
        return _mysql_engine(url)
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url):
    if url.database and url.database != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(url.database)),
                    exist_ok=True)
    engine = sa.create_engine(url)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        # pysqlite's own transaction handling would BEGIN only before a
        # write, and never as IMMEDIATE: it is switched off, and the
        # "begin" hook below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=%d" % SQLITE_BUSY_MS)
        # WAL: readers never wait for a writer, and two processes can
        # share the file.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        if connection.get_execution_options().get(_WRITE):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")
    return engine


def _mysql_engine(url):
    # utf8mb4: MySQL's "utf8" is three bytes at most and refuses some
    # characters (an error message may carry any of them).
    if "charset" not in url.query:
        url = url.update_query_dict({"charset": "utf8mb4"})
    # READ COMMITTED: each statement sees what another proxy committed
    # before it, and inserts take no gap locks that could deadlock two
    # proxies recording at once.
    return sa.create_engine(url, pool_pre_ping=True,
                            pool_recycle=MYSQL_RECYCLE,
                            isolation_level="READ COMMITTED",
                            connect_args=MYSQL_TIMEOUTS)


@contextlib.contextmanager
def _migration_lock(engine):
    """A connection in a transaction that no other process migrating the
    same database holds at once: several proxies may start together."""
    backend = engine.url.get_backend_name()
    if backend == "sqlite":
        # SQLite's DDL is transactional: BEGIN IMMEDIATE makes a second
        # process wait until the first has migrated and committed.
        with writing(engine) as connection:
            yield connection
    elif backend in ("mysql", "mariadb"):
        # DDL commits by itself on MySQL: a named lock serialises instead.
        with engine.connect() as connection:
            # Asked in short waits: one long wait would pass read_timeout.
            for _ in range(MIGRATE_LOCK_WAIT // MIGRATE_LOCK_STEP):
                got = connection.execute(
                    sa.text("SELECT GET_LOCK(:name, :wait)"),
                    {"name": MIGRATE_LOCK, "wait": MIGRATE_LOCK_STEP}
                ).scalar()
                if got == 1:
                    break
            # The lock belongs to the session, not to this transaction.
            connection.commit()
            if got != 1:
                raise RuntimeError("Another proxy has been migrating the "
                                   "database for %d s" % MIGRATE_LOCK_WAIT)
            try:
                with connection.begin():
                    yield connection
            finally:
                connection.execute(sa.text("SELECT RELEASE_LOCK(:name)"),
                                   {"name": MIGRATE_LOCK})
    elif backend == "postgresql":
        with engine.connect() as connection:
            with connection.begin():
                connection.execute(sa.text(
                    "SELECT pg_advisory_xact_lock(hashtext(:name))"),
                    {"name": MIGRATE_LOCK})
                yield connection
    else:
        with engine.begin() as connection:
            yield connection
