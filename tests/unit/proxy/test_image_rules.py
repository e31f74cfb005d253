"""Image decisions: public, own, another project's, and tags. Public status
comes from the record (state.PUBLIC_OWNER), never from a label."""
import pytest

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.rules import images
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import PUBLIC_OWNER

MEMBER = Caller("u1", "p1", frozenset(["member"]))
ADMIN = Caller("a", "pa", frozenset(["admin"]))


@pytest.mark.parametrize("caller, owner, visible, changeable", [
    (MEMBER, PUBLIC_OWNER, True, False),
    (MEMBER, "p1", True, True),
    (MEMBER, "p2", False, False),
    # No record: an image made on the daemon directly, or pulled from a
    # registry before anyone claimed it. Its labels do not matter.
    (MEMBER, None, False, False),
    (ADMIN, "p2", True, True),
    (ADMIN, PUBLIC_OWNER, True, True),
    (ADMIN, None, True, True),
])
def test_visibility_and_change(caller, owner, visible, changeable):
    assert images.visible(caller, owner) is visible
    assert images.changeable(caller, owner) is changeable


def test_invisible_image_answers_like_a_missing_one():
    with pytest.raises(Refused) as caught:
        images.check_visible(MEMBER, "p2", "secret:1")
    assert (caught.value.status, caught.value.message) == (
        404, "No such image: secret:1")


def test_public_image_cannot_be_changed_by_a_member():
    with pytest.raises(Refused) as caught:
        images.check_changeable(MEMBER, PUBLIC_OWNER, "busybox")
    assert caught.value.status == 403


@pytest.mark.parametrize("tag_owner, exists, owner, reserved, allowed", [
    (None, False, None, False, True),
    ("p1", True, "p1", False, True),
    ("p2", False, None, False, False),
    (None, True, PUBLIC_OWNER, False, False),
    (None, True, "p2", False, False),
    (None, True, None, False, False),
    # The operator's public names are reserved even while they name nothing.
    (None, False, None, True, False),
])
def test_tag_targets(tag_owner, exists, owner, reserved, allowed):
    def check():
        images.check_tag_target(MEMBER, "app:1", tag_owner, exists, owner,
                                reserved=reserved)
    if allowed:
        check()
        return
    with pytest.raises(Refused) as caught:
        check()
    assert caught.value.status == 403


@pytest.mark.parametrize("tag_owner, exists, owner", [
    ("p2", False, None),
    (None, True, "p2"),
    (None, True, None),
    (None, False, None),
])
def test_a_tag_held_elsewhere_does_not_say_by_whom(tag_owner, exists, owner):
    reserved = (tag_owner, exists, owner) == (None, False, None)
    with pytest.raises(Refused) as caught:
        images.check_tag_target(MEMBER, "app:1", tag_owner, exists, owner,
                                reserved=reserved)
    assert caught.value.message == "Tag app:1 is not available to this project"
    assert "project" not in caught.value.message.replace("this project", "")


def test_admin_may_retag_a_public_image():
    images.check_tag_target(ADMIN, "busybox:latest", None, True, PUBLIC_OWNER,
                            reserved=True)


@pytest.mark.parametrize("labels, owner, snapshot_of, expected", [
    # Inherited from a public base: dropped.
    ({images.PUBLIC_LABEL: "true", "app": "x"}, "p1", None, {"app": "x"}),
    ({}, PUBLIC_OWNER, None, {images.PUBLIC_LABEL: "true"}),
    # A Dockerfile wrote a snapshot label: only the record's counts.
    ({images.SNAPSHOT_LABEL: "c-other"}, "p1", None, {}),
    ({images.SNAPSHOT_LABEL: "c1"}, "p1", "c1", {images.SNAPSHOT_LABEL: "c1"}),
    (None, None, None, {}),
])
def test_trusted_labels(labels, owner, snapshot_of, expected):
    assert images.trusted_labels(labels, owner, snapshot_of) == expected


@pytest.mark.parametrize("labels, wanted, matches", [
    ({}, [images.PUBLIC_LABEL + "=true"], False),
    ({images.PUBLIC_LABEL: "true"}, [images.PUBLIC_LABEL + "=true"], True),
    ({images.SNAPSHOT_LABEL: "c1"}, [images.SNAPSHOT_LABEL + "=c2"], False),
    ({images.SNAPSHOT_LABEL: "c1"}, [images.SNAPSHOT_LABEL], True),
    ({}, ["app=x"], True),   # dockerd already matched the caller's own
])
def test_vouched_label_filters(labels, wanted, matches):
    assert images.matches_label_filters(labels, wanted) is matches
