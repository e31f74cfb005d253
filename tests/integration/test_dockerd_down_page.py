"""A person opens the Containers page while the Docker daemon is down: the
page says so, it does not fail.

A second Horizon of the test's own (the demo's settings, under gunicorn like
the demo's) talks to a second proxy whose Docker socket does not exist; the
shared Horizon, proxy and dockerd are never touched."""
import contextlib
import os
import re
import subprocess
import sys
import time

import pytest
import requests

from tests import stack

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CONTAINERS = "/project/docker_containers/"


@contextlib.contextmanager
def own_horizon(proxy_url):
    port = stack.free_port()
    env = dict(os.environ, PYTHONPATH=REPO, DD_STATE=stack.STATE_DIR,
               DJANGO_SETTINGS_MODULE="devsite.settings",
               DD_DASHBOARD_PROXY_URL=proxy_url)
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "--no-control-socket", "--chdir", REPO, "--workers", "1",
         "--bind", "127.0.0.1:%d" % port, "devsite.wsgi:application"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d" % port
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(url + "/auth/login/", timeout=5).ok:
                    break
            # A first page still loading Horizon may take longer than 5 s.
            except (requests.ConnectionError, requests.Timeout):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the test's Horizon did not start")
            time.sleep(0.2)  # waiting for gunicorn's worker to load Horizon
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def horizon_without_dockerd(tmp_path_factory):
    socket = tmp_path_factory.mktemp("dockerd-down") / "docker.sock"
    with stack.own_proxy(DD_DOCKER_SOCKET=socket) as (_, proxy_url), \
            own_horizon(proxy_url) as horizon_url:
        yield horizon_url


def test_the_containers_page_says_the_daemon_is_down(horizon_without_dockerd):
    session = stack.horizon_session("demo", base_url=horizon_without_dockerd)
    page = session.get(horizon_without_dockerd + CONTAINERS, timeout=60)
    assert page.status_code == 200
    # Horizon hands error messages to the page's script as data.
    assert "Unable to retrieve containers" in page.text
    assert "The Docker daemon is not reachable" in page.text
    assert not re.search(r'<tr[^>]+data-object-id=', page.text)


def test_a_details_page_says_so_too(horizon_without_dockerd):
    session = stack.horizon_session("demo", base_url=horizon_without_dockerd)
    demo_web = stack.docker_client("demo").inspect_container("demo-web")["Id"]
    page = session.get(horizon_without_dockerd + CONTAINERS + demo_web + "/",
                       timeout=60)
    # Horizon answers a failed details lookup by going back to the list
    # with the message, never with a 500.
    assert page.status_code == 200
    assert "The Docker daemon is not reachable" in page.text
