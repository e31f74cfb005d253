"""Two proxy processes over one MariaDB database serve the same ownership
records: an image made through one is its project's through the other at
once, and refused there to every other project."""
import uuid

import docker
import pytest
import requests

from tests import stack
from tests.build_context import dockerfile_context

SOCKET = "unix:///var/run/docker.sock"


def call(url, user, method, path, headers=None, **kwargs):
    headers = dict(headers or {}, **{"X-Auth-Token": stack.token(user)})
    return requests.request(method, url + "/v1.41" + path, headers=headers,
                            timeout=120, **kwargs)


@pytest.fixture(scope="module")
def proxies(mariadb, tmp_path_factory):
    """Proxies A and B, each with a state folder of its own (nothing to
    share there) and the same MariaDB database."""
    url = mariadb.new_database()
    settings = {"DD_DATABASE_URL": url,
                "DD_PUBLIC_IMAGES": "busybox:latest"}
    with stack.own_proxy(DD_PROXY_STATE=tmp_path_factory.mktemp("proxy-a"),
                         DD_PROXY_NAME="proxy-a", **settings) as (_, a):
        with stack.own_proxy(DD_PROXY_STATE=tmp_path_factory.mktemp("proxy-b"),
                             DD_PROXY_NAME="proxy-b", **settings) as (_, b):
            yield a, b


@pytest.fixture
def daemon():
    client = docker.APIClient(base_url=SOCKET, version="1.41")
    yield client
    client.close()


@pytest.fixture
def built(proxies, daemon):
    """An image demo builds through proxy A (its own content, so its own
    id), removed at the end."""
    a, _ = proxies
    tag = "dd-shared-%s:1" % uuid.uuid4().hex[:8]
    dockerfile = "FROM busybox:latest\nLABEL dd.test=%s\n" % uuid.uuid4().hex
    answer = call(a, "demo", "POST", "/build",
                  params={"t": tag, "rm": 1, "forcerm": 1},
                  data=dockerfile_context(dockerfile),
                  headers={"Content-Type": "application/x-tar"})
    assert answer.status_code == 200 and "error" not in answer.text, \
        answer.text
    image_id = daemon.inspect_image(tag)["Id"]
    yield tag, image_id
    try:
        daemon.remove_image(image_id, force=True)
    except docker.errors.NotFound:
        pass


def test_an_image_made_through_one_proxy_is_owned_through_the_other(
        proxies, built):
    _, b = proxies
    tag, image_id = built
    mine = call(b, "demo", "GET", "/images/%s/json" % tag)
    assert mine.status_code == 200, mine.text
    assert mine.json()["Id"] == image_id
    listed = call(b, "demo", "GET", "/images/json").json()
    assert image_id in {row["Id"] for row in listed}
    theirs = call(b, "alt_demo", "GET", "/images/%s/json" % image_id)
    assert theirs.status_code == 404
    listed = call(b, "alt_demo", "GET", "/images/json").json()
    assert image_id not in {row["Id"] for row in listed}


def test_another_project_cannot_take_it_through_the_other_proxy(
        proxies, built, daemon):
    a, b = proxies
    tag, image_id = built
    steal = "dd-shared-steal-%s" % uuid.uuid4().hex[:8]
    answer = call(b, "alt_demo", "POST", "/images/%s/tag" % image_id,
                  params={"repo": steal, "tag": "1"})
    assert answer.status_code == 404
    answer = call(b, "alt_demo", "DELETE", "/images/%s" % tag)
    assert answer.status_code == 404
    assert daemon.inspect_image(tag)["Id"] == image_id
    # A tag demo adds through B is demo's through A at once.
    mine = "dd-shared-tag-%s" % uuid.uuid4().hex[:8]
    answer = call(b, "demo", "POST", "/images/%s/tag" % image_id,
                  params={"repo": mine, "tag": "2"})
    assert answer.status_code == 201, answer.text
    assert call(a, "alt_demo", "GET", "/images/%s:2/json" % mine
                ).status_code == 404
    assert call(a, "demo", "GET", "/images/%s:2/json" % mine
                ).json()["Id"] == image_id
