"""Exec, update and volume bodies, and the image ownership record."""
import json

import pytest

from docker_dashboard.proxy import state
from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.rules import create_body
from docker_dashboard.proxy.rules import exec_body
from docker_dashboard.proxy.rules import update_body
from docker_dashboard.proxy.rules import volume_body
from docker_dashboard.proxy.rules.errors import Refused

LIMITS = create_body.Limits(max_memory=1024 ** 3, max_cpus=2.0,
                            max_pids=512)


def raw(value):
    return json.dumps(value).encode()


@pytest.mark.parametrize("check, value, field", [
    (exec_body.check_create, {"Cmd": ["sh"], "Privileged": True},
     "Privileged"),
    (exec_body.check_create, {"Cmd": ["sh"], "privileged": True},
     "Privileged"),
    (exec_body.check_create, {"Cmd": []}, "Cmd"),
    (exec_body.check_create, {"Cmd": ["sh"], "Bogus": 1}, "Bogus"),
    (exec_body.check_start, {"Detach": False, "Extra": 1}, "Extra"),
    (volume_body.check_create, {"Name": "v", "DriverOpts": {
        "type": "none", "o": "bind", "device": "/"}}, "DriverOpts"),
    (volume_body.check_create, {"Name": "v", "Driver": "nfs"}, "Driver"),
    (volume_body.check_create, {"Name": "../x"}, "Name"),
])
def test_refused_bodies_name_the_field(check, value, field):
    with pytest.raises(Refused) as caught:
        check(raw(value))
    assert (caught.value.status, caught.value.field) == (403, field)


@pytest.mark.parametrize("value, field", [
    ({"Memory": 2 * 1024 ** 3}, "Memory"),
    ({"Memory": -1}, "Memory"),
    ({"NanoCpus": 4000000000}, "NanoCpus"),
    ({"CpuQuota": 400000, "CpuPeriod": 100000}, "CpuQuota"),
    ({"PidsLimit": -1}, "PidsLimit"),
    ({"MemorySwap": -1}, "MemorySwap"),
    ({"Privileged": True}, "Privileged"),
])
def test_update_refusals(value, field):
    with pytest.raises(Refused) as caught:
        update_body.check_update(raw(value), LIMITS)
    assert caught.value.field == field


def test_update_drops_unset_fields():
    body = update_body.check_update(raw({"Memory": 64 * 1024 ** 2,
                                         "NanoCpus": 0, "CpusetCpus": ""}),
                                    LIMITS)
    assert body == {"Memory": 64 * 1024 ** 2}


def test_volume_labels_are_the_proxys():
    caller = Caller("u1", "p1", frozenset(["member"]))
    labels = volume_body.labels({"org.openstack.project-id": "p2", "a": "b"},
                                caller)
    assert labels["org.openstack.project-id"] == "p1" and labels["a"] == "b"


def test_ownership_record(tmp_path):
    record = state.Ownership(database.open_database(
        database.default_url(tmp_path)))
    record.set_image_owner("sha256:1", "p1")
    record.set_image_owner("sha256:1", "p2")
    assert record.image_owner("sha256:1") == "p1"
    record.set_tag_owner("docker.io/library/app", "p1")
    assert record.tag_owner("app:latest") == "p1"
    record.forget_tag("app")
    assert record.tag_owner("app:latest") is None
    assert record.images_of("p1") == {"sha256:1"}


def test_published_image_is_public_and_withdrawn_back_to_its_owner(tmp_path):
    from docker_dashboard.proxy.rules import images
    record = state.Ownership(database.open_database(
        database.default_url(tmp_path)))
    record.set_image_owner("sha256:1", "p1")
    record.publish("sha256:1")
    assert images.is_public(record.image_owner("sha256:1"))
    member = Caller("u2", "p2", frozenset(["member"]))
    assert images.visible(member, record.image_owner("sha256:1"))
    assert not images.changeable(Caller("u1", "p1", frozenset(["member"])),
                                 record.image_owner("sha256:1"))
    record.withdraw("sha256:1")
    assert record.image_owner("sha256:1") == "p1"
    record.publish("sha256:2")
    record.withdraw("sha256:2")
    assert record.image_owner("sha256:2") is None
