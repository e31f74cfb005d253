"""What every test run shares: the order, and a check that the daemon is
left as the tests found it.

The browser tests run last: Playwright's sync API keeps an asyncio event
loop running in the main thread for as long as the session-wide browser is
open, and tests that call `asyncio.run()` (the proxy's WebSocket and
aiohttp tests) cannot run while it is. With the browser tests last, the
browser opens once and stays open only for them.
"""
import pytest


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
    before = _daemon_objects()
    yield
    if before is None:
        return
    left = {kind: sorted(_daemon_objects()[kind] - ids)
            for kind, ids in before.items()}
    left = {kind: ids for kind, ids in left.items() if ids}
    assert not left, "the tests left these behind: %s" % left


def _daemon_objects():
    import docker
    try:
        client = docker.APIClient(base_url="unix:///var/run/docker.sock",
                                  version="1.41", timeout=30)
        return {
            "containers": {c["Id"] for c in client.containers(all=True)},
            "images": {i["Id"] for i in client.images(all=True)},
            "volumes": {v["Name"] for v in
                        (client.volumes().get("Volumes") or [])},
        }
    except Exception:
        return None
