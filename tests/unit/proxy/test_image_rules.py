"""Image decisions: public, own, another project's, and tags."""
import pytest

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.rules import images
from docker_dashboard.proxy.rules.errors import Refused

MEMBER = Caller("u1", "p1", frozenset(["member"]))
ADMIN = Caller("a", "pa", frozenset(["admin"]))
PUBLIC = {images.PUBLIC_LABEL: "true"}


@pytest.mark.parametrize("caller, owner, labels, visible, changeable", [
    (MEMBER, None, PUBLIC, True, False),
    (MEMBER, "p1", None, True, True),
    (MEMBER, "p2", None, False, False),
    # A Dockerfile can write the public label: a recorded owner wins.
    (MEMBER, "p2", PUBLIC, False, False),
    (MEMBER, None, None, False, False),
    (ADMIN, "p2", None, True, True),
    (ADMIN, None, PUBLIC, True, True),
])
def test_visibility_and_change(caller, owner, labels, visible, changeable):
    assert images.visible(caller, owner, labels) is visible
    assert images.changeable(caller, owner, labels) is changeable


def test_invisible_image_answers_like_a_missing_one():
    with pytest.raises(Refused) as caught:
        images.check_visible(MEMBER, "p2", None, "secret:1")
    assert (caught.value.status, caught.value.message) == (
        404, "No such image: secret:1")


def test_public_image_cannot_be_changed_by_a_member():
    with pytest.raises(Refused) as caught:
        images.check_changeable(MEMBER, None, PUBLIC, "busybox")
    assert caught.value.status == 403


@pytest.mark.parametrize("tag_owner, current, allowed", [
    (None, None, True),
    ("p1", ("p1", None), True),
    ("p2", None, False),
    (None, (None, PUBLIC), False),
    (None, ("p2", None), False),
    (None, (None, None), False),
])
def test_tag_targets(tag_owner, current, allowed):
    if allowed:
        images.check_tag_target(MEMBER, tag_owner, current)
        return
    with pytest.raises(Refused) as caught:
        images.check_tag_target(MEMBER, tag_owner, current)
    assert caught.value.status == 403


def test_admin_may_retag_a_public_image():
    images.check_tag_target(ADMIN, None, (None, PUBLIC))
