"""The ownership file of proxies from before the state database.

Those proxies kept who-owns-which-image in `<DD_PROXY_STATE>/ownership.sqlite3`
(tables images, tags, published, snapshots, the same columns as schema.py).
Its records are copied into the database once, then the file is renamed so
it is not read again and stays as a backup.
"""
import logging
import os
import sqlite3
from urllib.request import pathname2url

from docker_dashboard.proxy.state import schema
from docker_dashboard.proxy.state import upsert

LOG = logging.getLogger(__name__)

FILE = "ownership.sqlite3"
RETIRED = FILE + ".imported"
TABLES = (schema.images, schema.tags, schema.published, schema.snapshots)


def import_file(connection, state_dir):
    """Copy the legacy file's records into the database on `connection`
    (in its transaction); the file's path, or None when there is none.
    A record already in the database stays: its first owner wins."""
    path = os.path.join(state_dir, FILE)
    if not os.path.isfile(path):
        return None
    source = sqlite3.connect("file:%s?mode=ro" % pathname2url(path),
                             uri=True)
    try:
        for table in TABLES:
            names = [column.name for column in table.columns]
            try:
                found = source.execute("SELECT %s FROM %s" % (
                    ", ".join(names), table.name)).fetchall()
            except sqlite3.OperationalError:
                # A file from before that table existed.
                continue
            upsert.insert_if_absent(connection, table,
                                    [dict(zip(names, row)) for row in found])
            LOG.info("Imported %d %s records from %s", len(found),
                     table.name, path)
    finally:
        source.close()
    return path


def retire(path):
    """Rename the imported file, never over an earlier backup; a file
    another proxy (same state folder) renamed first is left to it."""
    target = os.path.join(os.path.dirname(path), RETIRED)
    number = 1
    while os.path.exists(target):
        number += 1
        target = os.path.join(os.path.dirname(path),
                              "%s.%d" % (RETIRED, number))
    try:
        os.rename(path, target)
    except FileNotFoundError:
        pass
