"""A person opens the Containers page while the Docker host hangs (it
accepts connections and never answers): the page comes back, says in words
that the Docker host is not answering, and shows no exception text.

Two ways a host hangs, each behind a Horizon of the test's own (the demo's
settings, under gunicorn like the demo's):
- the proxy itself hangs (a socket that nobody reads): Horizon's page
  deadline (DOCKER_DASHBOARD['page_timeout']) ends the wait;
- dockerd hangs (a private daemon frozen with SIGSTOP) behind a proxy of the
  test's own: the proxy answers 504 (DD_DOCKER_TIMEOUT), which the page
  turns into the same words.
The shared Horizon, proxy and dockerd are never touched."""
import re
import socket

import pytest

from tests import private_dockerd
from tests import stack
from tests.integration.test_dockerd_down_page import own_horizon

CONTAINERS = "/project/docker_containers/"
NOT_ANSWERING = "The Docker host is not answering. Try again in a moment."
# What the transport's own exceptions say; none of it belongs on a page.
RAW = ("HTTPConnectionPool", "Read timed out", "ReadTimeout", "Traceback",
       "did not answer within")


@pytest.fixture(scope="module")
def horizon_with_a_hung_proxy():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)  # the kernel accepts; nobody ever reads
        proxy_url = "http://127.0.0.1:%d" % listener.getsockname()[1]
        with own_horizon(proxy_url) as horizon_url:
            yield horizon_url


@pytest.fixture(scope="module")
def hung_dockerd_behind_horizon():
    with private_dockerd.running("hungpage", "172.31.252.1/24") as daemon, \
            stack.own_proxy(DD_DOCKER_SOCKET=daemon.socket,
                            DD_DOCKER_TIMEOUT=2) as (_, proxy_url), \
            own_horizon(proxy_url) as horizon_url:
        yield daemon, horizon_url


def _assert_says_not_answering(page):
    assert page.status_code == 200
    # Horizon hands error messages to the page's script as data.
    assert "Unable to retrieve containers" in page.text
    assert NOT_ANSWERING in page.text
    for raw in RAW:
        assert raw not in page.text
    assert not re.search(r'<tr[^>]+data-object-id=', page.text)


def test_the_page_says_the_host_is_not_answering_when_the_proxy_hangs(
        horizon_with_a_hung_proxy):
    session = stack.horizon_session("demo",
                                    base_url=horizon_with_a_hung_proxy)
    page = session.get(horizon_with_a_hung_proxy + CONTAINERS, timeout=120)
    _assert_says_not_answering(page)


def test_the_page_says_so_when_dockerd_hangs_and_recovers_after(
        hung_dockerd_behind_horizon):
    daemon, horizon_url = hung_dockerd_behind_horizon
    session = stack.horizon_session("demo", base_url=horizon_url)
    assert session.get(horizon_url + CONTAINERS, timeout=120).ok
    daemon.pause()
    try:
        page = session.get(horizon_url + CONTAINERS, timeout=120)
    finally:
        daemon.resume()
    _assert_says_not_answering(page)
    again = session.get(horizon_url + CONTAINERS, timeout=120)
    assert again.status_code == 200
    assert NOT_ANSWERING not in again.text
    assert "Unable to retrieve containers" not in again.text
