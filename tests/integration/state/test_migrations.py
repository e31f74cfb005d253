"""The migrations make exactly schema.py's tables, on SQLite and MariaDB;
a proxy from before the database loses no ownership record."""
import os
import sqlite3
import threading

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.config import Config
import sqlalchemy as sa

from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state import Ownership
from docker_dashboard.proxy.state import PUBLIC_OWNER
from docker_dashboard.proxy.state import schema

# The ownership file as proxies before the state database wrote it.
LEGACY_SCHEMA = """
CREATE TABLE IF NOT EXISTS images (id TEXT PRIMARY KEY, project TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tags (ref TEXT PRIMARY KEY, project TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS published (id TEXT PRIMARY KEY, previous TEXT);
CREATE TABLE IF NOT EXISTS snapshots (id TEXT PRIMARY KEY,
                                      container TEXT NOT NULL);
"""


def head():
    config = Config()
    config.set_main_option("script_location", database.MIGRATIONS)
    return ScriptDirectory.from_config(config).get_current_head()


def test_the_migrated_database_is_schema_py(engines):
    engine = engines()
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True})
        assert context.get_current_revision() == head()
        assert compare_metadata(context, schema.metadata) == []
    inspector = sa.inspect(engine)
    assert (set(inspector.get_table_names()) - {"alembic_version"}
            == set(schema.metadata.tables))
    for table in schema.metadata.tables.values():
        columns = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert list(columns) == [c.name for c in table.columns]
        for column in table.columns:
            assert columns[column.name]["nullable"] == column.nullable


def test_opening_again_migrates_nothing(engines):
    engine = engines()
    Ownership(engine).set_image_owner("sha256:1", "p1")
    again = engines()
    with again.connect() as connection:
        assert connection.execute(sa.text(
            "SELECT version_num FROM alembic_version")).scalars().all() == [
                head()]
    assert Ownership(again).image_owner("sha256:1") == "p1"


def test_proxies_starting_together_migrate_once(database_url):
    opened, failures = [], []
    start = threading.Barrier(3)

    def open_it():
        start.wait()
        try:
            opened.append(database.open_database(database_url))
        except Exception as error:  # reported below
            failures.append(error)
    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failures == []
        record = Ownership(opened[0])
        record.set_image_owner("sha256:1", "p1")
        assert Ownership(opened[2]).image_owner("sha256:1") == "p1"
    finally:
        for engine in opened:
            engine.dispose()


def write_legacy_file(folder):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "ownership.sqlite3")
    db = sqlite3.connect(path)
    db.executescript(LEGACY_SCHEMA)
    db.executemany("INSERT INTO images VALUES (?, ?)",
                   [("sha256:a", "p1"), ("sha256:b", PUBLIC_OWNER),
                    ("sha256:c", "p2")])
    db.execute("INSERT INTO tags VALUES ('app:1', 'p1')")
    db.execute("INSERT INTO published VALUES ('sha256:b', 'p2')")
    db.execute("INSERT INTO snapshots VALUES ('sha256:a', 'c1')")
    db.commit()
    db.close()
    return path


def test_the_legacy_ownership_file_is_imported_once(engines, tmp_path):
    folder = str(tmp_path / "old-proxy")
    path = write_legacy_file(folder)
    record = Ownership(engines(legacy_dir=folder))
    assert record.owned_images() == {"sha256:a": "p1",
                                     "sha256:b": PUBLIC_OWNER,
                                     "sha256:c": "p2"}
    assert record.tag_owner("app:1") == "p1"
    assert record.snapshots() == {"sha256:a": "c1"}
    # Withdrawn, the published image goes back to its owner of before.
    record.withdraw("sha256:b")
    assert record.image_owner("sha256:b") == "p2"
    assert not os.path.exists(path)
    assert os.path.exists(path + ".imported")
    # The next start reads no file again.
    record.forget_tag("app:1")
    assert Ownership(engines(legacy_dir=folder)).tag_owner("app:1") is None
    # A file that appears there later is read too, and its backup does not
    # replace the first one.
    with open(path + ".imported", "rb") as first:
        backup = first.read()
    write_legacy_file(folder)
    assert Ownership(engines(legacy_dir=folder)).tag_owner("app:1") == "p1"
    with open(path + ".imported", "rb") as first:
        assert first.read() == backup
    assert os.path.exists(path + ".imported.2")
    assert not os.path.exists(path)


def test_a_legacy_file_joining_a_shared_database_keeps_first_owners(
        engines, tmp_path):
    """A second proxy from before the database, pointed at one already in
    use: its records are added, and an image already recorded keeps its
    owner."""
    Ownership(engines()).set_image_owner("sha256:a", "p9")
    folder = str(tmp_path / "second-proxy")
    path = write_legacy_file(folder)
    record = Ownership(engines(legacy_dir=folder))
    assert record.image_owner("sha256:a") == "p9"
    assert record.image_owner("sha256:c") == "p2"
    assert record.tag_owner("app:1") == "p1"
    assert os.path.exists(path + ".imported")


def test_mariadb_keys_compare_byte_for_byte(mariadb):
    """On MariaDB the tables use a binary collation (the server's default
    one would make `app:V1` and `app:v1` one key)."""
    engine = database.open_database(mariadb.new_database())
    try:
        with engine.connect() as connection:
            collations = dict(connection.execute(sa.text(
                "SELECT table_name, table_collation FROM "
                "information_schema.tables WHERE table_schema = DATABASE()"
            )).all())
    finally:
        engine.dispose()
    assert {collations[name] for name in schema.metadata.tables} == {
        "utf8mb4_bin"}
