"""Builds and loads through the proxy: what a project builds or loads is
its own, it cannot build from another project's image, and it cannot load
over a tag that is not its own."""
import uuid

import docker
import pytest

from tests import stack
from tests.build_context import dockerfile_context
from tests.integration.proxy.conftest import call


def context(dockerfile):
    return dockerfile_context(dockerfile)


def build(user, dockerfile, tag, **params):
    params = dict(params, t=tag, rm=1, forcerm=1)
    return call(user, "POST", "/build", params=params, raw=context(dockerfile),
                headers={"Content-Type": "application/x-tar"})


@pytest.fixture(scope="module")
def built(daemon):
    tag = "p3i-built-%s:1" % uuid.uuid4().hex[:8]
    resp = build("demo", "FROM busybox:latest\nRUN echo secret > /s\n", tag)
    assert resp.status_code == 200 and "error" not in resp.text, resp.text
    yield tag
    try:
        daemon.remove_image(tag, force=True)
    except docker.errors.NotFound:
        pass


def test_built_image_is_the_projects(built):
    assert call("demo", "GET", "/images/%s/json" % built).status_code == 200
    assert call("alt_demo", "GET", "/images/%s/json" % built
                ).status_code == 404


def test_another_project_cannot_build_from_it(built):
    resp = build("alt_demo", "FROM %s\n" % built, "p3i-steal:1")
    assert resp.status_code == 404
    assert "No such image" in resp.json()["message"]
    resp = build("alt_demo", "FROM busybox:latest\nCOPY --from=%s /s /s\n"
                 % built, "p3i-steal:2")
    assert resp.status_code == 404


def test_the_same_dockerfile_built_by_two_projects_gives_each_its_own(
        built, daemon):
    """dockerd's build cache is shared; the result must not be: alt_demo
    building demo's very Dockerfile gets an image of its own, and demo's
    stays demo's alone."""
    tag = "p3i-same-%s:1" % uuid.uuid4().hex[:8]
    resp = build("alt_demo", "FROM busybox:latest\nRUN echo secret > /s\n",
                 tag)
    try:
        assert resp.status_code == 200 and "error" not in resp.text, resp.text
        theirs = call("alt_demo", "GET", "/images/%s/json" % tag)
        assert theirs.status_code == 200
        ours = call("demo", "GET", "/images/%s/json" % built).json()
        assert theirs.json()["Id"] != ours["Id"]
        assert call("demo", "GET", "/images/%s/json" % tag).status_code == 404
        assert call("alt_demo", "GET", "/images/%s/json" % built
                    ).status_code == 404
    finally:
        try:
            daemon.remove_image(tag, force=True)
        except docker.errors.NotFound:
            pass


@pytest.mark.parametrize("params, field", [
    ({"networkmode": "host"}, "networkmode"),
    ({"remote": "http://127.0.0.1:5000/"}, "remote"),
    ({"pull": 1}, "pull"),
])
def test_refused_build_options(params, field):
    resp = build("demo", "FROM busybox:latest\n", "p3i-refused:1", **params)
    assert resp.status_code == 403
    assert resp.json()["field"] == field


def test_build_cannot_overwrite_the_public_tag():
    resp = build("demo", "FROM busybox:latest\nRUN touch /evil\n",
                 "busybox:latest")
    assert resp.status_code == 403


def test_reader_cannot_build():
    assert build("reader", "FROM busybox:latest\n", "p3i-r:1"
                 ).status_code == 403


def test_saved_image_loads_back_as_the_projects_and_not_over_others(built,
                                                                    daemon):
    saved = call("demo", "GET", "/images/%s/get" % built).content
    # alt_demo cannot load demo's tag back over it.
    resp = call("alt_demo", "POST", "/images/load", raw=saved,
                headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 403
    # demo can (its own tag), and it stays demo's.
    resp = call("demo", "POST", "/images/load", raw=saved,
                headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 200, resp.text
    assert call("alt_demo", "GET", "/images/%s/json" % built
                ).status_code == 404


def test_loading_over_the_public_tag_is_refused():
    saved = call("demo", "GET", "/images/busybox:latest/get").content
    resp = call("demo", "POST", "/images/load", raw=saved,
                headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 403


def test_a_body_that_is_not_an_archive_is_refused():
    resp = call("demo", "POST", "/images/load", raw=b"not a tar",
                headers={"Content-Type": "application/x-tar"})
    # Refused as every archive the proxy cannot read as dockerd would.
    assert resp.status_code == 422
    assert resp.json()["message"].startswith("Refused image archive")


def test_token_is_needed():
    import requests
    resp = requests.post(stack.PROXY_URL + "/build", data=b"", timeout=30)
    assert resp.status_code == 401
