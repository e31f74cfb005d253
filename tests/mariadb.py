"""A private MariaDB server for the tests that need a shared SQL database.

Debian's mariadb-server is installed by stack/up.sh, but its system service
is not used: the test session starts its own `mariadbd` (fixture `mariadb`,
session-wide, started on first use) with a data folder in a temporary
directory, its own socket and a free loopback port, and stops it at the end.
Each test asks it for a database of its own (`MariaDB.new_database()`), so
tests never see each other's rows.
"""
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import uuid

import pytest

from tests import stack

SERVER = "/usr/sbin/mariadbd"
INSTALL_DB = "/usr/bin/mariadb-install-db"
CLIENT = "/usr/bin/mariadb"
USER = "dd_tests"
PASSWORD = "dd-tests-secret"
# Databases the tests' user may create and use.
PREFIX = "dd_test_"


class MariaDB:
    def __init__(self):
        if not os.path.exists(SERVER):
            raise RuntimeError("%s is missing: stack/up.sh installs Debian's "
                               "mariadb-server" % SERVER)
        self.folder = tempfile.mkdtemp(prefix="dd-mariadb-")
        self.datadir = os.path.join(self.folder, "data")
        self.socket = os.path.join(self.folder, "mariadb.sock")
        self.log = os.path.join(self.folder, "mariadb.log")
        self.port = stack.free_port()
        self.process = None

    def start(self):
        """Start the server; the first start makes its data folder, the
        database user and its rights (a later one finds them there)."""
        first = not os.path.isdir(self.datadir)
        if first:
            subprocess.run([INSTALL_DB, "--no-defaults", "--user=root",
                            "--datadir=" + self.datadir, "--skip-test-db",
                            "--auth-root-authentication-method=socket"],
                           check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.STDOUT)
        self.process = subprocess.Popen([
            SERVER, "--no-defaults", "--user=root",
            "--datadir=" + self.datadir, "--socket=" + self.socket,
            "--pid-file=" + os.path.join(self.folder, "mariadb.pid"),
            "--bind-address=127.0.0.1", "--port=%d" % self.port,
            "--log-error=" + self.log, "--skip-log-bin",
            "--innodb-buffer-pool-size=32M"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()
        if first:
            self.sql("CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s'; "
                     "GRANT ALL ON `%s%%`.* TO '%s'@'127.0.0.1';"
                     % (USER, PASSWORD, PREFIX, USER))

    def _wait(self, seconds=60):
        deadline = time.monotonic() + seconds
        while True:
            if self.process.poll() is not None:
                raise RuntimeError("mariadbd exited: see " + self.log)
            done = subprocess.run([CLIENT, "--no-defaults",
                                   "--socket=" + self.socket,
                                   "-e", "SELECT 1"],
                                  stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
            if done.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RuntimeError("mariadbd did not answer: see " + self.log)
            time.sleep(0.2)  # waiting for the server to open its socket

    def sql(self, statements):
        """Run SQL as the server's root (over its socket)."""
        subprocess.run([CLIENT, "--no-defaults", "--socket=" + self.socket,
                        "-e", statements], check=True)

    def new_database(self):
        """The SQLAlchemy URL of a new, empty database for the caller."""
        name = PREFIX + uuid.uuid4().hex[:12]
        self.sql("CREATE DATABASE `%s` CHARACTER SET utf8mb4" % name)
        return "mysql+pymysql://%s:%s@127.0.0.1:%d/%s" % (
            USER, PASSWORD, self.port, name)

    def stop(self):
        """Stop the server, keeping its data for a later start()."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def close(self):
        """Stop the server and remove its files."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def own_mariadb():
    """A MariaDB server of the caller's own (one it may stop), removed at
    the end."""
    server = MariaDB()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def mariadb():
    """The session's MariaDB server (started once, when a test first needs
    it), stopped and its files removed at the end."""
    with own_mariadb() as server:
        yield server
