"""Public status comes from the proxy's record and DD_PUBLIC_IMAGES only.

An image built FROM a labelled base inherits its `org.openstack.public`
label, and any Dockerfile can write it: none of that may make an image
visible to another project. Registry round trips (push, remove, pull back)
keep an image its project's."""
import io
import json
import uuid

import docker
import pytest

from tests import stack
from tests.build_context import dockerfile_context
from tests import registry
from tests.integration.proxy.conftest import call
from tests.integration.proxy.conftest import IMAGE

PUBLIC_LABEL = "org.openstack.public"


def context(dockerfile):
    return dockerfile_context(dockerfile)


def build(user, dockerfile, tag):
    resp = call(user, "POST", "/build",
                params={"t": tag, "rm": 1, "forcerm": 1},
                raw=context(dockerfile),
                headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 200 and '"error' not in resp.text, resp.text
    return resp


def listed_ids(user):
    return {row["Id"] for row in call(user, "GET", "/images/json").json()}


def unique_line():
    # A line of its own per test keeps the build cache from answering with
    # an image another test (or project) already made.
    return "RUN echo %s > /marker\n" % uuid.uuid4().hex


@pytest.fixture
def removed(daemon):
    """References and registry tags to remove after the test."""
    refs, pushed = [], []
    yield refs, pushed
    for ref in refs:
        try:
            daemon.remove_image(ref, force=True)
        except docker.errors.NotFound:
            pass
    for repo, tag in pushed:
        registry.delete_tag("%s:%s" % (repo, tag))


def test_the_public_base_is_visible_to_every_project():
    for user in ("demo", "alt_demo"):
        body = call(user, "GET", "/images/%s/json" % IMAGE)
        assert body.status_code == 200
        assert body.json()["Config"]["Labels"][PUBLIC_LABEL] == "true"


def test_an_image_made_beside_the_proxy_is_not_public(daemon, removed):
    """Built on the daemon directly, FROM the public base, carrying the
    public label (as it would inherit it from a labelled base): no project
    may see it. The label is written here rather than expected from the
    base image, which the stack imports without labels: the test must not
    depend on what an earlier run left on the daemon."""
    tag = "p3pub-direct-%s:1" % uuid.uuid4().hex[:8]
    removed[0].append(tag)
    lines = list(daemon.build(fileobj=io.BytesIO(
        ("FROM %s\nLABEL %s=true\n%s" % (IMAGE, PUBLIC_LABEL, unique_line())
         ).encode()), tag=tag, network_mode="none", rm=True, forcerm=True,
        decode=True))
    assert not [line for line in lines if "error" in line], lines
    assert daemon.inspect_image(tag)["Config"]["Labels"][PUBLIC_LABEL] == \
        "true"
    image_id = daemon.inspect_image(tag)["Id"]
    for user in ("demo", "alt_demo"):
        assert call(user, "GET", "/images/%s/json" % tag).status_code == 404
        assert image_id not in listed_ids(user)
    assert call("admin", "GET", "/images/%s/json" % tag).status_code == 200


def test_built_from_public_pulled_from_a_registry_is_the_pullers(
        daemon, removed):
    """An image pushed from elsewhere (here: the daemon directly) and pulled
    by demo is demo's, whatever label it inherited."""
    repo = registry.repository("p3pub-pull")
    refs, pushed = removed
    refs.append(repo + ":1")
    pushed.append((repo, "1"))
    list(daemon.build(fileobj=io.BytesIO(
        ("FROM %s\n%s" % (IMAGE, unique_line())).encode()),
        tag=repo + ":1", network_mode="none", rm=True, forcerm=True))
    image_id = daemon.inspect_image(repo + ":1")["Id"]
    for line in daemon.push(repo, tag="1", stream=True, decode=True):
        assert "error" not in line, line
    daemon.remove_image(repo + ":1")

    demo = stack.docker_client("demo", base_url=stack.PROXY_URL)
    lines = list(demo.pull(repo, tag="1", stream=True, decode=True))
    assert not [line for line in lines if "error" in line], lines
    assert any("Downloaded newer image" in line.get("status", "")
               for line in lines), lines
    body = demo.inspect_image(repo + ":1")
    assert body["Id"] == image_id
    assert PUBLIC_LABEL not in (body["Config"]["Labels"] or {})
    assert call("alt_demo", "GET", "/images/%s/json" % image_id
                ).status_code == 404
    assert call("alt_demo", "GET", "/images/%s/json" % (repo + ":1")
                ).status_code == 404
    assert image_id not in listed_ids("alt_demo")


def test_push_remove_and_pull_back_through_the_proxy(removed):
    """demo's own image through the registry and back: the progress of both
    streams reaches the client, and the image stays demo's only."""
    repo = registry.repository("p3pub-own")
    refs, pushed = removed
    refs.append(repo + ":1")
    pushed.append((repo, "1"))
    build("demo", "FROM %s\n%s" % (IMAGE, unique_line()), repo + ":1")
    demo = stack.docker_client("demo", base_url=stack.PROXY_URL)
    image_id = demo.inspect_image(repo + ":1")["Id"]

    lines = list(demo.push(repo, tag="1", stream=True, decode=True))
    assert not [line for line in lines if "error" in line], lines
    assert any("Digest" in (line.get("aux") or {}) for line in lines), \
        lines[-3:]
    assert any(line.get("status") == "Pushed" for line in lines), lines

    demo.remove_image(repo + ":1")
    assert call("demo", "GET", "/images/%s/json" % (repo + ":1")
                ).status_code == 404

    lines = list(demo.pull(repo, tag="1", stream=True, decode=True))
    assert not [line for line in lines if "error" in line], lines
    assert any(line.get("status") == "Pull complete" for line in lines), lines
    assert demo.inspect_image(repo + ":1")["Id"] == image_id
    assert repo + ":1" in [t for row in demo.images() for t in
                           row.get("RepoTags") or []]
    assert call("alt_demo", "GET", "/images/%s/json" % (repo + ":1")
                ).status_code == 404
    assert image_id not in listed_ids("alt_demo")


def test_another_project_cannot_push_or_pull_over_it(removed):
    repo = registry.repository("p3pub-theirs")
    refs, pushed = removed
    refs.append(repo + ":1")
    pushed.append((repo, "1"))
    build("demo", "FROM %s\n%s" % (IMAGE, unique_line()), repo + ":1")
    assert call("alt_demo", "POST", "/images/%s/push" % repo,
                params={"tag": "1"}).status_code == 404
    resp = call("alt_demo", "POST", "/images/create",
                params={"fromImage": repo, "tag": "1"})
    assert resp.status_code == 403
    assert resp.json()["message"] == (
        "Tag %s:1 is not available to this project" % repo)


def test_a_public_id_pulled_stays_public_and_the_new_tag_is_the_pullers(
        daemon, removed):
    repo = registry.repository("p3pub-base")
    refs, pushed = removed
    pushed.append((repo, "1"))
    admin = stack.docker_client("admin", base_url=stack.PROXY_URL)
    public_id = admin.inspect_image(IMAGE)["Id"]
    admin.tag(IMAGE, repo, "1")
    for line in admin.push(repo, tag="1", stream=True, decode=True):
        assert "error" not in line, line
    admin.remove_image(repo + ":1")

    demo = stack.docker_client("demo", base_url=stack.PROXY_URL)
    list(demo.pull(repo, tag="1", stream=True, decode=True))
    refs.append(repo + ":1")
    assert demo.inspect_image(repo + ":1")["Id"] == public_id
    # Still public: alt_demo launches it by its usual name and by id...
    assert call("alt_demo", "GET", "/images/%s/json" % public_id
                ).status_code == 200
    # ...but demo's new tag is demo's alone.
    alt_tags = call("alt_demo", "GET", "/images/%s/json" % public_id
                    ).json()["RepoTags"]
    assert repo + ":1" not in alt_tags
    resp = call("alt_demo", "DELETE", "/images/%s:1" % repo)
    assert resp.status_code == 403
    resp = call("alt_demo", "POST", "/images/%s/tag" % IMAGE,
                params={"repo": repo, "tag": "1"})
    assert resp.status_code == 403
    assert "not available to this project" in resp.json()["message"]
    # demo may drop its own tag; the public image stays.
    assert call("demo", "DELETE", "/images/%s:1" % repo).status_code == 200
    assert call("demo", "GET", "/images/%s/json" % IMAGE).status_code == 200


def test_a_dockerfile_cannot_write_the_proxys_labels(shared, removed):
    """Refused since the proxy rebuilds Dockerfiles (issue 11); an image
    that carries the labels anyway (below, inherited from its base) still
    confers nothing."""
    for label in (PUBLIC_LABEL + "=true", "org.openstack.snapshot-of=%s"
                  % shared["alt_demo"]["Id"]):
        resp = call("demo", "POST", "/build", params={"t": "p3pub-x:1"},
                    raw=context("FROM %s\nLABEL %s\n" % (IMAGE, label)),
                    headers={"Content-Type": "application/x-tar"})
        assert resp.status_code == 403, resp.text
        assert "org.openstack." in resp.json()["message"]


def test_a_label_inherited_from_a_base_confers_nothing(shared, removed,
                                                      daemon):
    """A base made on the daemon (where the proxy decides nothing) with the
    proxy's labels, published by an admin: demo's image built FROM it
    inherits them, and they still confer nothing."""
    base = "p3pub-base-%s:1" % uuid.uuid4().hex[:8]
    removed[0].append(base)
    for _ in daemon.build(fileobj=io.BytesIO(context(
            "FROM %s\nLABEL %s=true\nLABEL %s=%s\n%s" % (
                IMAGE, PUBLIC_LABEL, "org.openstack.snapshot-of",
                shared["alt_demo"]["Id"], unique_line()))),
            custom_context=True, tag=base, network_mode="none", rm=True,
            forcerm=True):
        pass
    assert call("admin", "POST", "/dd/images/%s/publish" % base
                ).status_code == 200
    try:
        tag = "p3pub-smuggle-%s:1" % uuid.uuid4().hex[:8]
        removed[0].insert(0, tag)  # removed before its base
        build("demo", "FROM %s\n%s" % (base, unique_line()), tag)
    finally:
        call("admin", "DELETE", "/dd/images/%s/publish" % base)
    assert call("alt_demo", "GET", "/images/%s/json" % tag
                ).status_code == 404
    labels = call("demo", "GET", "/images/%s/json" % tag
                  ).json()["Config"]["Labels"] or {}
    assert PUBLIC_LABEL not in labels
    assert "org.openstack.snapshot-of" not in labels
    # Nor does it pass as a public image or a snapshot in a filtered list.
    for label in (PUBLIC_LABEL + "=true", "org.openstack.snapshot-of"):
        rows = call("demo", "GET", "/images/json", params={
            "filters": json.dumps({"label": [label]})}).json()
        assert tag not in [t for row in rows for t in row["RepoTags"] or []]


def test_commit_changes_cannot_write_the_public_label(shared):
    resp = call("demo", "POST", "/commit", params={
        "container": shared["demo"]["Name"],
        "changes": "LABEL org.openstack.public=true"})
    assert resp.status_code == 403
    assert resp.json()["field"] == "changes"


def test_a_commit_is_a_snapshot_of_its_container(shared, removed):
    resp = call("demo", "POST", "/commit", params={
        "container": shared["demo"]["Name"]})
    assert resp.status_code == 201, resp.text
    image_id = resp.json()["Id"]
    removed[0].append(image_id)
    rows = call("demo", "GET", "/images/json", params={"filters": json.dumps(
        {"label": ["org.openstack.snapshot-of=%s" % shared["demo"]["Id"]]})
    }).json()
    assert image_id in [row["Id"] for row in rows]
