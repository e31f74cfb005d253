"""The proxy's state folder fills up: a snapshot that cannot be recorded
is not kept as nobody's image; the caller is told, in words, that the
store is full; and once space is freed the same commit works, without a
restart."""
import os
import uuid

import docker
import requests

from tests import stack
from tests.full_disk import fill
from tests.full_disk import small_tmpfs
from tests.integration.proxy.conftest import LIMITS

SOCKET = "unix:///var/run/docker.sock"


def call(url, method, path, **kwargs):
    return requests.request(method, url + "/v1.41" + path, timeout=60,
                            headers={"X-Auth-Token": stack.token("demo")},
                            **kwargs)


def test_a_commit_the_full_store_cannot_record_is_not_kept():
    daemon = docker.APIClient(base_url=SOCKET, version="1.41")
    repo = "it-full-" + uuid.uuid4().hex[:8]
    container = None
    with small_tmpfs(16) as state, stack.own_proxy(
            DD_PROXY_STATE=state,
            DD_PUBLIC_IMAGES="busybox:latest") as (_, url):
        try:
            made = call(url, "POST", "/containers/create",
                        params={"name": repo},
                        json={"Image": "busybox:latest",
                              "Cmd": ["sleep", "600"], "HostConfig": LIMITS})
            assert made.status_code == 201, made.text
            container = made.json()["Id"]
            filler = fill(state)
            refused = call(url, "POST", "/commit", json={}, params={
                "container": container, "repo": repo, "tag": "full"})
            assert refused.status_code == 503
            assert refused.json()["message"] == (
                "The proxy's state storage is full: nothing was changed. "
                "Try again once the operator has freed space.")
            assert daemon.images(name=repo) == []
            # Space freed: the same commit works, and the image is the
            # project's (it is listed to it).
            os.unlink(filler)
            made = call(url, "POST", "/commit", json={}, params={
                "container": container, "repo": repo, "tag": "freed"})
            assert made.status_code == 201, made.text
            listed = call(url, "GET", "/images/json").json()
            assert any("%s:freed" % repo in (i.get("RepoTags") or [])
                       for i in listed)
        finally:
            if container:
                daemon.remove_container(container, force=True, v=True)
            for image in daemon.images(name=repo):
                daemon.remove_image(image["Id"], force=True)
