"""What every test run shares: the order, a check that the daemon is left
as the tests found it, and a check that the services logged no error.

The browser tests run last: Playwright's sync API keeps an asyncio event
loop running in the main thread for as long as the session-wide browser is
open, and tests that call `asyncio.run()` (the proxy's WebSocket and
aiohttp tests) cannot run while it is. With the browser tests last, the
browser opens once and stays open only for them.
"""
import os

import pytest

from tests import log_allowlist
from tests import service_logs
from tests import stack
# The session's private MariaDB server, for every test that needs one.
from tests.mariadb import mariadb  # noqa: F401


def _is_browser_test(item):
    return "/tests/e2e/" in str(item.path).replace("\\", "/")


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=_is_browser_test)


@pytest.fixture(scope="session", autouse=True)
def daemon_left_as_found():
    """Tests create what they need and remove it: after the run the Docker
    daemon holds no container, image or volume that was not there before.
    (Without a reachable daemon, as in `make unit`, there is nothing to
    compare.)"""
    before = {socket: _daemon_objects(socket) for socket in DAEMON_SOCKETS}
    yield
    left = {}
    for socket, objects in before.items():
        if objects is None:
            continue
        after = _daemon_objects(socket) or objects
        for kind, ids in objects.items():
            if after[kind] - ids:
                left["%s on %s" % (kind, socket)] = sorted(after[kind] - ids)
    assert not left, "the tests left these behind: %s" % left


# Every Docker host of the stack: host1's daemon and host2's (stack/lib/env.sh).
DAEMON_SOCKETS = ("/var/run/docker.sock",
                  os.environ.get("DD_HOST2_DOCKER_SOCK",
                                 "/var/run/dd-host2/docker.sock"))


def _daemon_objects(socket):
    import docker
    try:
        client = docker.APIClient(base_url="unix://" + socket,
                                  version="1.41", timeout=30)
        return {
            "containers": {c["Id"] for c in client.containers(all=True)},
            "images": {i["Id"] for i in client.images(all=True)},
            "volumes": {v["Name"] for v in
                        (client.volumes().get("Volumes") or [])},
        }
    except Exception:
        return None


@pytest.fixture(scope="session", autouse=True)
def service_logs_stay_clean(request):
    """No traceback passes unseen: the run fails when Horizon's, the
    proxy's, Keystone's, Glance's or Nova's log gained a traceback or an
    ERROR line while it ran, unless tests/log_allowlist.py names it as
    caused on purpose by the test it was written during. A run of the pure
    tests alone (`make unit`) reads no log: it starts no service, and what
    someone else does on a running stack meanwhile is not its business."""
    log_dir = os.path.join(stack.STATE_DIR, "logs")
    needs_stack = any("/tests/unit/" not in str(item.path).replace("\\", "/")
                      for item in request.session.items)
    if not needs_stack or not os.path.isdir(log_dir):
        yield None
        return
    watch = service_logs.Watch(log_dir)
    yield watch
    left = service_logs.unexpected(watch.entries(), log_allowlist.ALLOWED)
    assert not left, (
        "the services logged errors during the run (fix them, or if a test "
        "causes one on purpose, name it in tests/log_allowlist.py):\n\n"
        + service_logs.report(left))


@pytest.fixture(autouse=True)
def _log_position(service_logs_stay_clean, request):
    """Where each log stood when this test began: an error is quoted with
    the test it was written during."""
    if service_logs_stay_clean is not None:
        service_logs_stay_clean.mark(request.node.nodeid)
