"""What the page says when the proxy, or what is behind it, did not answer
in time: words, never the transport's exception text."""
from docker import errors as docker_errors
import requests

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions
from docker_dashboard.api.proxy_client import ProxyClient

NOT_ANSWERING = "The Docker host is not answering. Try again in a moment."


def _proxy_answer(status, message):
    response = requests.Response()
    response.status_code = status
    response._content = ('{"message": "%s"}' % message).encode()
    response.headers["Content-Type"] = "application/json"
    return docker_errors.APIError("%s Server Error" % status,
                                  response=response, explanation=message)


def test_a_read_that_timed_out_says_the_host_is_not_answering():
    raw = requests.ReadTimeout("HTTPConnectionPool(host='127.0.0.1', "
                               "port=8790): Read timed out. (read "
                               "timeout=5)")
    translated = docker_proxy._translate(raw)
    assert isinstance(translated, exceptions.ProxyUnavailable)
    assert translated.message == NOT_ANSWERING


def test_the_proxys_504_for_dockerd_says_the_host_is_not_answering():
    translated = docker_proxy._translate(_proxy_answer(
        504, "The Docker daemon did not answer within 15 s"))
    assert isinstance(translated, exceptions.ProxyUnavailable)
    assert translated.message == NOT_ANSWERING
    assert translated.status == 504


def test_the_proxys_504_for_keystone_names_keystone():
    translated = docker_proxy._translate(_proxy_answer(
        504, "Keystone did not answer within 10 s"))
    assert translated.message == ("Keystone did not answer within 10 s. "
                                  "Try again in a moment.")


def test_a_refused_connection_is_words_too():
    translated = docker_proxy._translate(requests.ConnectionError(
        "HTTPConnectionPool(host='127.0.0.1', port=8790): Max retries "
        "exceeded"))
    assert "not reachable" in translated.message
    assert "HTTPConnectionPool" not in translated.message


class _Recorded(Exception):
    pass


def _timeouts_used(client, call):
    used = []

    def request(method, url, **kwargs):
        used.append((method, kwargs.get("timeout")))
        raise _Recorded()
    client.request = request
    try:
        call()
    except _Recorded:
        pass
    return used


def test_a_page_read_gets_the_page_deadline_an_action_the_longer_one():
    client = ProxyClient(base_url="http://127.0.0.1:9", version="1.41",
                         timeout=60, page_timeout=5)
    assert _timeouts_used(client, lambda: client.containers(all=True)) == \
        [("GET", 5)]
    assert _timeouts_used(client, lambda: client.start("c1")) == \
        [("POST", 60)]
    # dockerd waits `t` before it kills: docker-py adds it to the deadline.
    assert _timeouts_used(client, lambda: client.stop("c1", timeout=30)) == \
        [("POST", 90)]
    assert _timeouts_used(client, lambda: client.proxy_json(
        "GET", "/dd/tasks", versioned=False)) == [("GET", 5)]
    assert _timeouts_used(client, lambda: client.proxy_json(
        "GET", "/dd/images/{0}/layers", "busybox",
        timeout=client.timeout)) == [("GET", 60)]


def test_a_containers_changes_get_the_longer_deadline():
    """The Changes tab is a page read, but dockerd walks the container's
    whole writable layer for it: a large one must not read as a hung
    host."""
    client = ProxyClient(base_url="http://127.0.0.1:9", version="1.41",
                         timeout=60, page_timeout=5)
    assert _timeouts_used(client, lambda: client.diff("c1")) == \
        [("GET", 60)]
