"""A hung service (it accepts connections and never answers) costs the
caller a bounded wait and a 504 that names it, never an endless one.

dockerd: a private daemon of this test's own, frozen with SIGSTOP and thawed
with SIGCONT, behind a proxy of the test's own with a short
DD_DOCKER_TIMEOUT; the shared daemon and proxy are never touched. Keystone
and Glance: a listening socket that nobody ever reads from, which is what a
hung service looks like to its caller."""
import contextlib
import json
import socket
import uuid

import docker
import pytest
import requests

from tests import private_dockerd
from tests import stack

TIMEOUT = 5


@contextlib.contextmanager
def silent_server():
    """A TCP port that accepts connections (the kernel's backlog does) and
    never answers a byte; yields its URL."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield "http://127.0.0.1:%d" % listener.getsockname()[1]


@pytest.fixture(scope="module")
def hung():
    with private_dockerd.running("hung", "172.31.253.1/24") as daemon, \
            stack.own_proxy(DD_DOCKER_SOCKET=daemon.socket,
                            DD_DOCKER_TIMEOUT=TIMEOUT) as (_, url):
        yield daemon, url


@contextlib.contextmanager
def frozen(daemon):
    daemon.pause()
    try:
        yield
    finally:
        daemon.resume()


def _refusal(call):
    with pytest.raises(docker.errors.APIError) as caught:
        call()
    return caught.value


def test_a_container_list_answers_504_naming_dockerd_then_resumes(hung):
    daemon, url = hung
    token = stack.token("demo")
    client = stack.docker_client(token_value=token, base_url=url)
    assert client.containers(all=True) == []
    with frozen(daemon):
        refused = _refusal(lambda: client.containers(all=True))
    assert refused.status_code == 504
    assert refused.explanation == ("The Docker daemon did not answer "
                                   "within %d s" % TIMEOUT)
    assert token not in str(refused.response.text)
    # Thawed, the same call answers again.
    assert client.containers(all=True) == []


def test_long_work_is_cut_when_dockerd_stops_answering_its_ping(hung):
    daemon, url = hung
    client = stack.docker_client("demo", base_url=url)
    client.ping()
    # An image removal may take long; it waits as long as dockerd answers
    # its ping, and no longer.
    with frozen(daemon):
        refused = _refusal(lambda: client.remove_image("dd-hung-%s"
                                                       % uuid.uuid4().hex))
    assert refused.status_code == 504
    assert "The Docker daemon did not answer" in refused.explanation
    with pytest.raises(docker.errors.ImageNotFound):
        client.remove_image("dd-hung-%s" % uuid.uuid4().hex)


def test_a_stream_gets_504_for_its_first_byte(hung):
    daemon, url = hung
    client = stack.docker_client("demo", base_url=url)
    client.ping()
    with frozen(daemon):
        answer = requests.get(url + "/v1.41/events",
                              headers={"X-Auth-Token": stack.token("demo")},
                              timeout=60)
    assert answer.status_code == 504
    assert answer.json()["message"].startswith(
        "The Docker daemon did not answer")


def test_a_quiet_container_is_followed_past_the_deadline(hung):
    """`wait` and `logs -f` may stay silent far longer than the deadline:
    only their first byte is bounded. A container that says nothing for
    several deadlines is still followed to its end."""
    daemon, url = hung
    daemon.copy_image()
    direct = docker.APIClient("unix://" + daemon.socket)
    created = direct.create_container(
        # The last sleep: Docker 20.10's `logs -f` may miss a line written
        # just before the container exits.
        "busybox:latest", ["sh", "-c", "sleep %d; echo done; sleep 2"
                           % (3 * TIMEOUT)],
        name="dd-hung-quiet-%s" % uuid.uuid4().hex[:8],
        labels={"org.openstack.project-id": stack.project_ids()["demo"]},
        host_config=direct.create_host_config(network_mode="none"))
    try:
        client = stack.docker_client("demo", base_url=url)
        client.start(created["Id"])
        log = client.logs(created["Id"], stream=True, follow=True)
        assert b"".join(log) == b"done\n"
        assert client.wait(created["Id"])["StatusCode"] == 0
    finally:
        direct.remove_container(created["Id"], force=True)


def test_a_hung_keystone_answers_504_naming_it():
    token = stack.token("demo")
    with silent_server() as keystone, \
            stack.own_proxy(DD_KEYSTONE_URL=keystone + "/v3",
                            DD_KEYSTONE_TIMEOUT=TIMEOUT) as (_, url):
        answer = requests.get(url + "/v1.41/containers/json",
                              headers={"X-Auth-Token": token}, timeout=60)
    assert answer.status_code == 504
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == {"message": "Keystone did not answer within "
                                        "%d s" % TIMEOUT}
    assert token not in answer.text


def test_a_hung_glance_answers_504_naming_it():
    token = stack.token("demo")
    with silent_server() as glance, \
            stack.own_proxy(DD_GLANCE_URL=glance,
                            DD_GLANCE_TIMEOUT=TIMEOUT) as (_, url):
        answer = requests.post(url + "/dd/glance/%s/load" % uuid.uuid4(),
                               headers={"X-Auth-Token": token}, timeout=60)
    assert answer.status_code == 504
    assert json.loads(answer.text) == {
        "message": "Glance did not answer within %d s" % TIMEOUT}
    assert token not in answer.text
