"""The state layer's tests run on each database the proxy supports here:
SQLite (the demo's) and MariaDB (a private server, tests/mariadb.py)."""
import pytest

from docker_dashboard.proxy.state import database

BACKENDS = ["sqlite", "mariadb"]


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """The URL of a new, empty database of each kind."""
    if request.param == "sqlite":
        return database.default_url(tmp_path / "state")
    return request.getfixturevalue("mariadb").new_database()


@pytest.fixture
def engines(database_url):
    """Opens Engines on the test's database (one per proxy it stands for),
    disposed at the end."""
    opened = []

    def open_one(**options):
        engine = database.open_database(database_url, **options)
        opened.append(engine)
        return engine
    yield open_one
    for engine in opened:
        engine.dispose()
