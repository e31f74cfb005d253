"""Ownership decisions the routes ask for: containers a body names, named
volumes, background tasks; the one refusal helper."""
import pytest

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.rules.errors import refuse

MEMBER = Caller("u1", "p1", frozenset(["member"]))
ADMIN = Caller("a1", "p9", frozenset(["admin"]))
MINE = {PROJECT_LABEL: "p1"}
THEIRS = {PROJECT_LABEL: "p2"}


def test_refuse_names_the_field():
    with pytest.raises(Refused) as caught:
        refuse("HostConfig.ShmSize", "too big")
    assert (caught.value.status, caught.value.field, caught.value.message) \
        == (403, "HostConfig.ShmSize", "HostConfig.ShmSize: too big")


@pytest.mark.parametrize("caller, labels, allowed", [
    (MEMBER, MINE, True),
    (MEMBER, THEIRS, False),
    (MEMBER, {}, False),               # the host's own container
    (MEMBER, None, False),             # none found
    (ADMIN, THEIRS, False),            # an admin's container joins no other
])
def test_container_references(caller, labels, allowed):
    if allowed:
        ownership.check_reference(caller, labels, "HostConfig.NetworkMode",
                                  "c")
    else:
        with pytest.raises(Refused) as caught:
            ownership.check_reference(caller, labels,
                                      "HostConfig.NetworkMode", "c")
        assert caught.value.field == "HostConfig.NetworkMode"


@pytest.mark.parametrize("labels, outcome", [
    (None, True),                      # no such volume: made, labelled
    (MINE, False),                     # the caller's own: used as is
    (THEIRS, "refused"),
    ({}, "refused"),                   # the host's: same words as another's
])
def test_volume_names(labels, outcome):
    if outcome == "refused":
        with pytest.raises(Refused) as caught:
            ownership.volume_to_make(MEMBER, labels, "data", "Name", 409)
        assert caught.value.status == 409
        assert caught.value.message == ("Volume name data is not available "
                                        "to this project")
    else:
        assert ownership.volume_to_make(MEMBER, labels, "data", "Name",
                                        409) is outcome


@pytest.mark.parametrize("caller, owner, reachable", [
    (MEMBER, "p1", True), (MEMBER, "p2", False), (MEMBER, "", False),
    (ADMIN, "p2", True), (ADMIN, None, False),
])
def test_task_visibility(caller, owner, reachable):
    assert ownership.reachable_project(caller, owner) is reachable


def test_tasks_of_another_project_answer_as_missing():
    import sqlalchemy as sa
    from docker_dashboard.proxy.state import schema
    from docker_dashboard.proxy.tasks import Task
    from docker_dashboard.proxy.tasks import TaskRegistry
    engine = sa.create_engine("sqlite://")
    schema.metadata.create_all(engine)
    registry = TaskRegistry(engine, "proxy-a")
    task = registry.track(Task("pull", "p2", "u2"))
    assert registry.get(task.id, MEMBER) is None
    assert registry.get(task.id, ADMIN).id == task.id
    assert registry.of_project(MEMBER) == []
