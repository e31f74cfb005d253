"""Two Docker hosts sharing one state database (a SQLite file, as the demo's
proxies share one), each with a proxy of the test's own: host "d-a" in front
of the stack's dockerd (it holds busybox and the images the tests commit)
and host "d-b" in front of a dockerd of the tests' own, emptied of images
before its proxy starts, so that what reaches it is what was delivered.
Placement is left out (DD_PLACEMENT_URL=""); the proxies have the stack's
service user, with which a host copies the public images it lacks. Each
proxy's log is checked for tracebacks at the end."""
import contextlib
import uuid

import docker
import pytest
import requests

from tests import placement
from tests import private_dockerd
from tests import stack

IMAGE = "busybox:latest"
LIMITS = {"Memory": 64 * 1024 ** 2, "NanoCpus": 250000000}
SHARED_SOCKET = "/var/run/docker.sock"


class Host:
    def __init__(self, name, url, socket, log):
        self.name = name
        self.url = url
        self.socket = socket
        self.log = log

    def call(self, user, method, path, **kwargs):
        """A call to this host's proxy as `user`, answered by its own
        dockerd (X-DD-Local)."""
        headers = {"X-Auth-Token": stack.token(user), "X-DD-Local": "1"}
        return requests.request(method, self.url + "/v1.41" + path,
                                headers=headers, timeout=120, **kwargs)

    def daemon(self):
        return docker.APIClient(base_url="unix://" + self.socket,
                                version="1.41", timeout=60)


@contextlib.contextmanager
def host_proxy(name, folder, database_url, socket):
    log = str(folder / ("%s.log" % name))
    with stack.own_proxy(
            log=log, DD_HOST_NAME=name, DD_PROXY_NAME=name,
            DD_PROXY_STATE=folder / name, DD_DATABASE_URL=database_url,
            DD_DOCKER_SOCKET=socket, DD_PLACEMENT_URL="",
            DD_PROXY_SERVICE_USER=placement.SERVICE_USER,
            DD_PROXY_SERVICE_PASSWORD=placement.SERVICE_PASSWORD,
            DD_PUBLIC_IMAGES=IMAGE) as (_, url):
        yield Host(name, url, socket, log)
    with open(log, encoding="utf-8", errors="replace") as written:
        text = written.read()
    assert "Traceback" not in text, text


def remove_every_image(daemon):
    for image in daemon.images(all=True):
        try:
            daemon.remove_image(image["Id"], force=True)
        except docker.errors.NotFound:
            pass


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """(d-a, d-b, the state database's URL). d-a starts first: d-b finds it
    among its peers at its own start."""
    folder = tmp_path_factory.mktemp("delivery")
    database_url = "sqlite:///%s" % (folder / "state.sqlite3")
    with private_dockerd.running("deliver", "172.31.249.1/24") as dockerd_b:
        daemon_b = docker.APIClient(base_url="unix://" + dockerd_b.socket,
                                    version="1.41", timeout=60)
        remove_every_image(daemon_b)
        try:
            with host_proxy("d-a", folder, database_url, SHARED_SOCKET) as a:
                with host_proxy("d-b", folder, database_url,
                                dockerd_b.socket) as b:
                    yield a, b, database_url
        finally:
            remove_every_image(daemon_b)
            daemon_b.close()


@pytest.fixture
def committed(hosts):
    """An image of demo's on d-a: a commit of a container of demo's with
    content of its own (so an id of its own): (tag, id, its comment).
    Removed at the end from the shared dockerd (d-b's is emptied by
    `hosts`)."""
    a, _, _ = hosts
    name = "dl-%s" % uuid.uuid4().hex[:10]
    answer = a.call("demo", "POST", "/containers/create",
                    params={"name": name},
                    json={"Image": IMAGE, "HostConfig": LIMITS,
                          "Cmd": ["sh", "-c", "echo %s > /mark" % name]})
    assert answer.status_code == 201, answer.text
    container = answer.json()["Id"]
    daemon = a.daemon()
    image_id = None
    try:
        assert a.call("demo", "POST", "/containers/%s/start" % container
                      ).status_code == 204
        assert a.call("demo", "POST", "/containers/%s/wait" % container
                      ).status_code == 200
        tag = "dd-delivery-%s:v1" % name
        repo, tag_name = tag.split(":")
        # Words found only in the image's configuration (its comment).
        comment = "dd-delivery-comment-%s" % name
        answer = a.call("demo", "POST", "/commit",
                        params={"container": container, "repo": repo,
                                "tag": tag_name, "comment": comment})
        assert answer.status_code == 201, answer.text
        image_id = answer.json()["Id"]
        yield tag, image_id, comment
    finally:
        daemon.remove_container(container, force=True)
        if image_id is not None:
            try:
                daemon.remove_image(image_id, force=True)
            except docker.errors.NotFound:
                pass
        daemon.close()
