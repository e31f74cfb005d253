"""Names that would shadow another object's short id are refused, and a
name taken by another project is answered without its id."""
import pytest

from tests.integration.proxy.conftest import IMAGE
from tests.integration.proxy.conftest import LIMITS
from tests.integration.proxy.conftest import call
from tests.integration.proxy.conftest import unique


def create_named(user, name):
    return call(user, "POST", "/containers/create", params={"name": name},
                body={"Image": IMAGE, "Cmd": ["sleep", "600"],
                      "HostConfig": dict(LIMITS)})


def test_a_name_shaped_like_a_short_id_cannot_hide_that_container(shared,
                                                                   made):
    short = shared["demo"]["Id"][:12]
    resp = create_named("alt_demo", short)
    if resp.status_code == 201:
        made.append(resp.json()["Id"])
    assert resp.status_code == 403, resp.text
    assert resp.json()["field"] == "Name"
    # The owner still reaches its container by the short id docker ps shows.
    assert call("demo", "GET", "/containers/%s/json" % short).json()[
        "Id"] == shared["demo"]["Id"]


def test_rename_to_a_short_id_is_refused(shared):
    short = shared["demo"]["Id"][:12]
    resp = call("alt_demo", "POST", "/containers/%s/rename"
                % shared["alt_demo"]["Id"], params={"name": short})
    assert resp.status_code == 403, resp.text
    assert call("alt_demo", "GET", "/containers/%s/json"
                % shared["alt_demo"]["Id"]).json()["Name"] == \
        "/" + shared["alt_demo"]["Name"]


@pytest.mark.parametrize("user", ["alt_demo", "demo"])
def test_a_taken_name_answers_409_without_the_holders_id(shared, made, user):
    held = shared["demo"]
    resp = create_named(user, held["Name"])
    if resp.status_code == 201:
        made.append(resp.json()["Id"])
    assert resp.status_code == 409, resp.text
    assert held["Id"][:12] not in resp.text
    assert resp.json()["message"] == (
        'Conflict: the container name "%s" is already in use' % held["Name"])


def test_a_rename_onto_a_taken_name_answers_409_without_its_id(shared):
    held = shared["demo"]
    resp = call("alt_demo", "POST", "/containers/%s/rename"
                % shared["alt_demo"]["Id"], params={"name": held["Name"]})
    assert resp.status_code == 409, resp.text
    assert held["Id"][:12] not in resp.text


def test_rename_still_works(maker):
    mine = maker("demo", start=False)
    new = unique("p11-renamed")
    resp = call("demo", "POST", "/containers/%s/rename" % mine["Id"],
                params={"name": new})
    assert resp.status_code == 204, resp.text
    assert call("demo", "GET", "/containers/%s/json" % new).json()[
        "Id"] == mine["Id"]


@pytest.fixture(scope="module")
def own_image(shared, daemon):
    repo = unique("p11-img")
    resp = call("demo", "POST", "/commit", params={
        "container": shared["demo"]["Id"], "repo": repo, "tag": "v1"})
    assert resp.status_code == 201, resp.text
    yield resp.json()["Id"]
    daemon.remove_image(resp.json()["Id"], force=True)


@pytest.mark.parametrize("repo", ["SHORT", "library/SHORT", "sha256"])
def test_a_tag_shaped_like_an_image_id_is_refused(own_image, repo, daemon):
    # Another image's short id: a tag so named would answer for it.
    busybox_short = daemon.inspect_image(IMAGE)["Id"].split(":")[1][:12]
    repo = repo.replace("SHORT", busybox_short)
    resp = call("demo", "POST", "/images/%s/tag" % own_image,
                params={"repo": repo, "tag": busybox_short
                        if repo == "sha256" else "latest"})
    assert resp.status_code == 403, resp.text
    assert resp.json()["field"] == "tag"
    assert call("demo", "GET", "/images/%s/json" % busybox_short).json()[
        "Id"] != own_image


def test_a_hex_tag_on_a_named_repository_is_allowed(own_image, daemon):
    repo = unique("p11-hextag")
    resp = call("demo", "POST", "/images/%s/tag" % own_image,
                params={"repo": repo, "tag": "3f2a9c1d0e4b5a6c"})
    assert resp.status_code == 201, resp.text
    daemon.remove_image("%s:3f2a9c1d0e4b5a6c" % repo)


def test_a_volume_in_use_answers_409_without_container_ids(made):
    name = unique("p11-vol")
    assert call("demo", "POST", "/volumes/create", body={"Name": name}
                ).status_code == 201
    resp = call("demo", "POST", "/containers/create", body={
        "Image": IMAGE, "Cmd": ["true"],
        "HostConfig": dict(LIMITS, Binds=["%s:/data" % name])})
    assert resp.status_code == 201, resp.text
    cid = resp.json()["Id"]
    made.append(cid)
    try:
        resp = call("demo", "DELETE", "/volumes/%s" % name)
        assert resp.status_code == 409
        assert cid[:12] not in resp.text
    finally:
        call("demo", "DELETE", "/containers/%s" % cid, params={"force": 1})
        assert call("demo", "DELETE", "/volumes/%s" % name
                    ).status_code == 204
