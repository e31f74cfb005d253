"""Two Docker hosts, each with a proxy of the test's own, sharing one state
database (a SQLite file, as the demo's proxies share one): host "t-a" in
front of the stack's dockerd is the routing proxy the tests call; host
"t-b" in front of a dockerd of the tests' own (tests/private_dockerd.py,
so that no test depends on, or disturbs, the demo's second host) holds the
containers they reach through it. Placement is left out here (creates stay
on the host asked); each proxy's log is checked for tracebacks at the
end."""
import contextlib
import uuid

import docker
import pytest
import requests

from tests import private_dockerd
from tests import stack

IMAGE = "busybox:latest"
LIMITS = {"Memory": 64 * 1024 ** 2, "NanoCpus": 250000000}


class Host:
    def __init__(self, name, url, process, log, database_url, state_dir):
        self.database_url = database_url
        self.state_dir = state_dir
        self.name = name
        self.url = url
        self.process = process
        self.log = log

    def call(self, user, method, path, headers=None, versioned=True,
             **kwargs):
        sent = {"X-Auth-Token": stack.token(user)}
        sent.update(headers or {})
        prefix = "/v1.41" if versioned else ""
        return requests.request(method, self.url + prefix + path,
                                headers=sent, timeout=60, **kwargs)

    def provider_uuid(self):
        with open(self.state_dir / "provider_uuid", encoding="ascii") as kept:
            return kept.read().strip()

    @property
    def ws_base(self):
        return "ws" + self.url[len("http"):]

    def client(self, user):
        return stack.docker_client(user, base_url=self.url)


@contextlib.contextmanager
def host_proxy(name, folder, database_url, socket, **settings):
    """A proxy of the test's own for host `name`; without Placement unless
    `settings` say otherwise."""
    log = str(folder / ("%s.log" % name))
    settings = dict({"DD_PLACEMENT_URL": ""}, **settings)
    with stack.own_proxy(
            log=log, DD_HOST_NAME=name, DD_PROXY_NAME=name,
            DD_PROXY_STATE=folder / name, DD_DATABASE_URL=database_url,
            DD_DOCKER_SOCKET=socket, DD_PUBLIC_IMAGES=IMAGE,
            **settings) as (process, url):
        yield Host(name, url, process, log, database_url, folder / name)
    with open(log, encoding="utf-8", errors="replace") as written:
        text = written.read()
    assert "Traceback" not in text, text


@contextlib.contextmanager
def two_hosts(folder, second_socket, second=None, **settings):
    """(routing host t-a, holding host t-b). t-b starts first, so t-a reads
    it among its peers at its own start. `second`: settings of t-b's only
    (its availability zone, say)."""
    database_url = "sqlite:///%s" % (folder / "state.sqlite3")
    with host_proxy("t-b", folder, database_url, second_socket,
                    **dict(settings, **(second or {}))) as b:
        with host_proxy("t-a", folder, database_url,
                        "/var/run/docker.sock", **settings) as a:
            yield a, b


@pytest.fixture(scope="module")
def second_dockerd():
    with private_dockerd.running("route", "172.31.244.1/24") as daemon:
        daemon.copy_image(IMAGE)
        yield daemon


@pytest.fixture(scope="module")
def hosts(second_dockerd, tmp_path_factory, made):
    with two_hosts(tmp_path_factory.mktemp("two-hosts"),
                   second_dockerd.socket) as pair:
        yield pair


@pytest.fixture(scope="module")
def made(second_dockerd):
    """Containers the tests made, removed at the end from whichever daemon
    holds them (before the second one stops)."""
    ids = []
    yield ids
    for socket in ("/var/run/docker.sock", second_dockerd.socket):
        daemon = docker.APIClient(base_url="unix://" + socket)
        for cid in ids:
            try:
                daemon.remove_container(cid, force=True, v=True)
            except docker.errors.NotFound:
                pass
        daemon.close()


def create_on(host, user, made, cmd=("sleep", "600"), start=True, **body):
    """A container of `user`'s project made on `host` itself (X-DD-Local)."""
    answer = host.call(user, "POST", "/containers/create",
                       headers={"X-DD-Local": "1"},
                       params={"name": "rt-%s" % uuid.uuid4().hex[:10]},
                       json=dict({"Image": IMAGE, "Cmd": list(cmd),
                                  "HostConfig": LIMITS}, **body))
    assert answer.status_code == 201, answer.text
    cid = answer.json()["Id"]
    made.append(cid)
    if start:
        assert host.call(user, "POST", "/containers/%s/start" % cid,
                         headers={"X-DD-Local": "1"}).status_code == 204
    return cid


@pytest.fixture(scope="module")
def made_volumes(second_dockerd):
    """Names of volumes the tests made, removed at the end from whichever
    daemon holds them (before the second one stops)."""
    names = []
    yield names
    for socket in ("/var/run/docker.sock", second_dockerd.socket):
        daemon = docker.APIClient(base_url="unix://" + socket)
        for name in names:
            try:
                daemon.remove_volume(name, force=True)
            except docker.errors.NotFound:
                pass
        daemon.close()


def volume_name():
    return "rt-vol-%s" % uuid.uuid4().hex[:10]


def has_volume(socket, name):
    """True when the daemon at `socket` holds the volume (asked directly,
    not through a proxy)."""
    return holds(socket, "volume", name)


def holds(socket, kind, ref):
    """True when the daemon at `socket` holds the container or volume."""
    daemon = docker.APIClient(base_url="unix://" + socket)
    inspect = (daemon.inspect_volume if kind == "volume"
               else daemon.inspect_container)
    try:
        inspect(ref)
        return True
    except docker.errors.NotFound:
        return False
    finally:
        daemon.close()
