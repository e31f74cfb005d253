"""Shared fixtures for the proxy's isolation tests: containers of demo,
of alt_demo (both made through the proxy) and an unlabelled one made on the
daemon directly, each with a unique name, removed at the end."""
import io
import tarfile
import uuid

import docker
import pytest
import requests

from tests import stack

SOCKET = "unix:///var/run/docker.sock"
IMAGE = "busybox:latest"
LIMITS = {"Memory": 64 * 1024 ** 2, "NanoCpus": 250000000}


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def call(user, method, path, params=None, body=None, raw=None,
         headers=None):
    """One request to the proxy as `user`, JSON body or raw bytes."""
    sent = {"X-Auth-Token": stack.token(user)}
    sent.update(headers or {})
    if body is not None:
        raw = __import__("json").dumps(body).encode()
        sent["Content-Type"] = "application/json"
    return requests.request(method, stack.PROXY_URL + "/v1.41" + path,
                            params=params, data=raw, headers=sent,
                            timeout=60)


def create(user, cmd=("sleep", "600"), start=True, name=None, **host):
    host_config = dict(LIMITS, **host)
    name = name or unique("p3i-" + user)
    resp = call(user, "POST", "/containers/create", params={"name": name},
                body={"Image": IMAGE, "Cmd": list(cmd),
                      "HostConfig": host_config})
    assert resp.status_code == 201, resp.text
    cid = resp.json()["Id"]
    if start:
        assert call(user, "POST", "/containers/%s/start" % cid
                    ).status_code == 204
    return {"Id": cid, "Name": name}


@pytest.fixture(scope="session")
def daemon():
    client = docker.APIClient(base_url=SOCKET, version="1.41")
    yield client
    client.close()


@pytest.fixture(scope="session")
def made(daemon):
    """Every container made by these tests, removed at the end."""
    ids = []
    yield ids
    for cid in ids:
        try:
            daemon.remove_container(cid, force=True, v=True)
        except docker.errors.NotFound:
            pass


@pytest.fixture(scope="session")
def maker(made, daemon):
    def make(owner, start=True, cmd=("sleep", "600")):
        if owner == "unlabelled":
            # No network: the host's own containers need none here, and
            # the test must not depend on the default bridge.
            cid = daemon.create_container(
                IMAGE, list(cmd), name=unique("p3i-unlabelled"),
                host_config=daemon.create_host_config(
                    network_mode="none"))["Id"]
            made.append(cid)
            if start:
                daemon.start(cid)
            return {"Id": cid, "Name": daemon.inspect_container(
                cid)["Name"].lstrip("/")}
        found = create(owner, cmd=cmd, start=start)
        made.append(found["Id"])
        return found
    return make


@pytest.fixture(scope="session")
def shared(maker):
    """One long-lived container per owner, for routes that change nothing."""
    return {owner: maker(owner) for owner in ("demo", "alt_demo",
                                              "unlabelled")}


def tar_of(name, data):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()
