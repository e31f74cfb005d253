"""Ownership: own objects are reached, others' and unlabelled ones answer
exactly like missing ones."""
import pytest

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules.errors import Refused

MEMBER = Caller("u1", "p1", frozenset(["member"]))
ADMIN = Caller("a1", "admin-project", frozenset(["admin"]))


@pytest.mark.parametrize("caller, labels, reachable", [
    (MEMBER, {PROJECT_LABEL: "p1"}, True),
    (MEMBER, {PROJECT_LABEL: "p2"}, False),
    (MEMBER, {}, False),
    (MEMBER, None, False),
    (MEMBER, {PROJECT_LABEL: ""}, False),
    (ADMIN, {PROJECT_LABEL: "p2"}, True),
    (ADMIN, {}, False),
])
def test_reachable(caller, labels, reachable):
    assert ownership.reachable(caller, labels) is reachable


def refusal(labels):
    with pytest.raises(Refused) as caught:
        ownership.check(MEMBER, labels, "container", "web")
    return caught.value


def test_foreign_unlabelled_and_missing_answer_the_same():
    answers = {(r.status, r.message) for r in (
        refusal({PROJECT_LABEL: "p2"}), refusal({}), refusal(None))}
    assert answers == {(404, "No such container: web")}


@pytest.mark.parametrize("mode, target", [
    ("container:web", "web"), ("host", None), ("", None), (None, None)])
def test_mode_target(mode, target):
    assert ownership.mode_target(mode) == target
