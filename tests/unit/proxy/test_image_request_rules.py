"""The image routes' request decisions and the Glance transfer rules."""
import pytest

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.rules import glance
from docker_dashboard.proxy.rules import image_requests
from docker_dashboard.proxy.rules import images
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import PUBLIC_OWNER

MEMBER = Caller("u1", "p1", frozenset(["member"]))
ADMIN = Caller("a1", "p9", frozenset(["admin"]))
TAGS = {"mine:1": "p1", "theirs:1": "p2", "old:1": None}


@pytest.mark.parametrize("caller, seen", [
    (MEMBER, ["mine:1", "old:1"]),
    (ADMIN, ["mine:1", "theirs:1", "old:1"]),
])
def test_visible_tags(caller, seen):
    assert image_requests.visible_tags(caller, list(TAGS), TAGS.get) == seen


@pytest.mark.parametrize("caller, owner, tag_owner, status", [
    (MEMBER, "p1", "p1", None),
    (MEMBER, "p1", None, None),
    (MEMBER, "p1", "p2", 404),          # another's tag answers as missing
    (MEMBER, "p2", "p2", 404),
    (MEMBER, PUBLIC_OWNER, None, 403),
    (ADMIN, PUBLIC_OWNER, "p2", None),
])
def test_push(caller, owner, tag_owner, status):
    if status is None:
        image_requests.check_push(caller, "r:1", owner, tag_owner)
    else:
        with pytest.raises(Refused) as caught:
            image_requests.check_push(caller, "r:1", owner, tag_owner)
        assert caught.value.status == status


@pytest.mark.parametrize("query, outcome", [
    ({"fromImage": "busybox"}, "busybox"),
    ({"fromSrc": "-", "repo": "x"}, 403),
    ({"fromSrc": "http://example.com/rootfs.tar"}, 403),
    ({"repo": "x"}, 403),
    ({}, 400),
])
def test_pull_query(query, outcome):
    if isinstance(outcome, int):
        with pytest.raises(Refused) as caught:
            image_requests.check_pull_query(query)
        assert caught.value.status == outcome
    else:
        assert image_requests.check_pull_query(query) == outcome


@pytest.mark.parametrize("caller", [MEMBER, ADMIN])
def test_an_id_shaped_tag_is_refused_to_all(caller):
    with pytest.raises(Refused) as caught:
        images.check_tag_target(caller, "79a094e6ad73:latest", None, False,
                                None)
    assert caught.value.field == "tag"


@pytest.mark.parametrize("image, status", [
    ({"id": "g", "container_format": "docker", "status": "active",
      "size": 10}, None),
    ({"id": "g", "container_format": "bare", "status": "active"}, 400),
    ({"id": "g", "container_format": "docker", "status": "queued"}, 409),
    ({"id": "g", "container_format": "docker", "status": "active",
      "size": 11}, 413),
])
def test_loadable(image, status):
    if status is None:
        glance.check_loadable(image, 10)
    else:
        with pytest.raises(Refused) as caught:
            glance.check_loadable(image, 10)
        assert caught.value.status == status


@pytest.mark.parametrize("visibility, ok", [
    ("private", True), ("shared", True), ("community", True),
    ("public", True), ("everyone", False), ("", False),
])
def test_export_visibility(visibility, ok):
    if ok:
        glance.check_export_visibility(visibility)
    else:
        with pytest.raises(Refused):
            glance.check_export_visibility(visibility)


@pytest.mark.parametrize("caller, owner, every, listed", [
    (MEMBER, "p1", False, True), (MEMBER, PUBLIC_OWNER, False, True),
    (MEMBER, "p2", False, False), (MEMBER, None, False, False),
    (ADMIN, "p2", False, False), (ADMIN, "p2", True, True),
])
def test_listed(caller, owner, every, listed):
    assert image_requests.listed(caller, owner, every) is listed


@pytest.mark.parametrize("caller, name, owner, tag_owner, status", [
    (MEMBER, "mine:1", "p1", "p1", None),
    (MEMBER, "pub:mine", PUBLIC_OWNER, "p1", None),   # untags its own tag
    (MEMBER, "sha256:abc", PUBLIC_OWNER, None, 403),  # the image itself
    (MEMBER, "busybox:latest", PUBLIC_OWNER, None, 403),
    (MEMBER, "theirs:1", "p2", "p2", 404),
    (ADMIN, "busybox:latest", PUBLIC_OWNER, None, None),
])
def test_delete(caller, name, owner, tag_owner, status):
    if status is None:
        image_requests.check_delete(caller, name, "sha256:abc", owner,
                                    tag_owner)
    else:
        with pytest.raises(Refused) as caught:
            image_requests.check_delete(caller, name, "sha256:abc", owner,
                                        tag_owner)
        assert caught.value.status == status


@pytest.mark.parametrize("raw, refused", [
    (b"", False), (b"null", False), (b" {} ", False),
    (b'{"Labels": {"org.openstack.project-id": "p2"}}', True),
    (b'{"Cmd": ["sh"]}', True),
])
def test_commit_body(raw, refused):
    if refused:
        with pytest.raises(Refused) as caught:
            image_requests.check_commit_body(raw)
        assert caught.value.field == "config"
    else:
        image_requests.check_commit_body(raw)
