"""What the proxy tells Placement and asks of it: a container's claim, a
host's inventory, the order of the candidates, the no-room sentence and
which consumer a container is."""
import datetime
import json
import uuid

import pytest

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.config import ProxyConfig
from docker_dashboard.proxy.placement import service_token
from docker_dashboard.proxy.rules import create_body
from docker_dashboard.proxy.rules import placement

MIB = 1024 ** 2
GIB = 1024 ** 3
CALLER = Caller("u1", "p1", frozenset(["member"]))
LIMITS = create_body.Limits(max_memory=4 * GIB, max_cpus=2.0,
                            max_tmpfs=64 * MIB, max_pids=512,
                            min_health_interval=1.0)


def checked(host, labels=None):
    """A create body as it reaches the claim: after the proxy's checks."""
    body = {"Image": "busybox", "HostConfig": host, "Labels": labels or {}}
    return create_body.check_create(json.dumps(body).encode(), CALLER,
                                    LIMITS, "dd-p1").body


@pytest.mark.parametrize("host, expected", [
    ({"Memory": 64 * MIB, "NanoCpus": 500000000},
     {"VCPU": 1, "MEMORY_MB": 64}),
    ({"Memory": 4 * GIB, "NanoCpus": 2000000000},
     {"VCPU": 2, "MEMORY_MB": 4096}),
    # Partial units round up: 1.5 CPUs hold 2 vCPUs, 100,000,000 bytes 96 MiB.
    ({"Memory": 100000000, "NanoCpus": 1500000000},
     {"VCPU": 2, "MEMORY_MB": 96}),
    # A quota is per period (100 ms unless set).
    ({"Memory": 64 * MIB, "CpuQuota": 150000},
     {"VCPU": 2, "MEMORY_MB": 64}),
    ({"Memory": 64 * MIB, "CpuQuota": 50000, "CpuPeriod": 50000},
     {"VCPU": 1, "MEMORY_MB": 64}),
])
def test_a_create_claims_its_limits_rounded_up(host, expected):
    assert placement.resources_of(checked(host)) == expected


def test_a_container_without_limits_claims_nothing_countable():
    assert placement.resources_of_host_config({}) == {}
    assert placement.resources_of_host_config(
        {"Memory": 0, "NanoCpus": 0, "CpuQuota": 0}) == {}
    assert placement.resources_of_host_config(
        {"Memory": 64 * MIB}) == {"MEMORY_MB": 64}


def config(**settings):
    return ProxyConfig(state_dir="/nonexistent", **settings)


FACTS = {"cpus": 2, "memory_bytes": 8 * GIB + 300 * MIB,
         "disk_bytes": 100 * GIB + 5}


def test_inventory_is_the_hosts_with_the_operators_ratios_and_reserves():
    inventory = placement.inventory_of(FACTS, config(
        cpu_allocation_ratio=4.0, ram_allocation_ratio=1.5,
        disk_allocation_ratio=1.0, reserved_host_cpus=1,
        reserved_host_memory_mb=512, reserved_host_disk_gb=10))
    assert inventory == {
        "VCPU": {"total": 2, "reserved": 1, "allocation_ratio": 4.0,
                 "min_unit": 1, "max_unit": 2, "step_size": 1},
        "MEMORY_MB": {"total": 8492, "reserved": 512,
                      "allocation_ratio": 1.5, "min_unit": 1,
                      "max_unit": 8492, "step_size": 1},
        "DISK_GB": {"total": 100, "reserved": 10, "allocation_ratio": 1.0,
                    "min_unit": 1, "max_unit": 100, "step_size": 1},
    }


def test_a_reserve_beyond_the_total_reserves_all_and_an_unknown_disk_is_left_out():
    inventory = placement.inventory_of(
        {"cpus": 2, "memory_bytes": 1 * GIB, "disk_bytes": 0},
        config(reserved_host_memory_mb=4096, reserved_host_cpus=8))
    assert inventory["MEMORY_MB"]["reserved"] == 1024
    assert inventory["VCPU"]["reserved"] == 2
    assert "DISK_GB" not in inventory


def test_the_inventory_is_written_only_when_it_changed():
    wanted = placement.inventory_of(FACTS, config())
    # Placement's answer has the same fields (and the same values).
    current = {name: dict(fields) for name, fields in wanted.items()}
    assert not placement.inventory_changed(current, wanted)
    current["MEMORY_MB"]["allocation_ratio"] = 2.0
    assert placement.inventory_changed(current, wanted)
    assert placement.inventory_changed({}, wanted)


def summary(free_memory, free_cpus, used=0):
    return {"resources": {
        "MEMORY_MB": {"capacity": free_memory + used, "used": used},
        "VCPU": {"capacity": free_cpus, "used": 0}}, "traits": []}


SUMMARIES = {
    "aaaa": summary(1000, 4, used=3000),
    "bbbb": summary(3000, 4),
    "cccc": summary(2000, 8),
    "dddd": summary(2000, 2),
}


def test_spread_tries_the_host_with_the_most_free_memory_first():
    assert placement.order_candidates(SUMMARIES, "spread") == [
        "bbbb", "cccc", "dddd", "aaaa"]


def test_pack_tries_the_fullest_host_first():
    assert placement.order_candidates(SUMMARIES, "pack") == [
        "aaaa", "dddd", "cccc", "bbbb"]


def test_equal_hosts_are_ordered_by_uuid_whatever_the_answers_order():
    same = {name: summary(500, 1) for name in ("c", "a", "b")}
    assert placement.order_candidates(same, "spread") == ["a", "b", "c"]
    assert placement.order_candidates({}, "pack") == []
    with pytest.raises(ValueError):
        placement.order_candidates(same, "random")


def test_candidates_are_asked_with_the_host_trait_and_the_zones_aggregate():
    query = placement.candidates_query({"VCPU": 1, "MEMORY_MB": 64}, "az2")
    assert query == {"resources": "MEMORY_MB:64,VCPU:1",
                     "required": "CUSTOM_DOCKER_HOST,!COMPUTE_STATUS_DISABLED",
                     "member_of": placement.aggregate_of("az2")}
    assert "member_of" not in placement.candidates_query({"VCPU": 1})


def test_a_zones_aggregate_is_stable_and_its_own():
    assert placement.aggregate_of("nova") == placement.aggregate_of("nova")
    assert placement.aggregate_of("nova") != placement.aggregate_of("az2")
    uuid.UUID(placement.aggregate_of("nova"))


@pytest.mark.parametrize("resources, zone, sentence", [
    ({"VCPU": 2, "MEMORY_MB": 4096}, "nova",
     "No Docker host has room for 2 vCPUs and 4096 MiB of memory "
     "(in zone nova)"),
    ({"VCPU": 1, "MEMORY_MB": 64}, None,
     "No Docker host has room for 1 vCPU and 64 MiB of memory"),
    ({"MEMORY_MB": 64}, "", "No Docker host has room for 64 MiB of memory"),
])
def test_the_no_room_sentence_says_what_was_asked(resources, zone, sentence):
    assert placement.no_room_message(resources, zone) == sentence


def test_a_containers_consumer_is_its_label_else_from_its_id():
    labelled = {"Id": "abc", "Config": {"Labels": {
        placement.CONSUMER_LABEL: "8a0e2c6c-3c4b-4b7e-9f5e-1a2b3c4d5e6f"}}}
    assert placement.consumer_of(labelled) == (
        "8a0e2c6c-3c4b-4b7e-9f5e-1a2b3c4d5e6f")
    # A list entry carries the labels at its top.
    listed = {"Id": "abc", "Labels": {
        placement.CONSUMER_LABEL: "8a0e2c6c-3c4b-4b7e-9f5e-1a2b3c4d5e6f"}}
    assert placement.consumer_of(listed) == placement.consumer_of(labelled)
    legacy = {"Id": "abc", "Config": {"Labels": {}}}
    assert placement.consumer_of(legacy) == str(
        uuid.uuid5(placement.CONSUMERS, "abc"))
    assert placement.consumer_of(legacy) != placement.consumer_of(
        {"Id": "abd", "Labels": None})
    # A label that is no uuid is not trusted as one.
    bad = {"Id": "abc", "Labels": {placement.CONSUMER_LABEL: "x"}}
    assert placement.consumer_of(bad) == placement.consumer_of(legacy)


def test_a_callers_consumer_label_is_dropped_by_the_create_checks():
    body = checked({"Memory": 64 * MIB, "NanoCpus": 10 ** 9},
                   {placement.CONSUMER_LABEL: str(uuid.uuid4())})
    assert placement.CONSUMER_LABEL not in body["Labels"]


def test_the_owner_comes_from_the_labels():
    container = {"Id": "x", "Config": {"Labels": {
        "org.openstack.project-id": "p1", "org.openstack.user-id": "u1"}}}
    assert placement.owner_of(container) == ("p1", "u1")
    assert placement.owner_of({"Id": "y", "Labels": {}}) == ("", "")


def test_drift_both_ways_leaves_creates_in_flight_alone():
    missing, gone = placement.drift(
        ["c1", "c2", "c3"], ["c2", "old", "new"], in_flight={"new"})
    assert missing == ["c1", "c3"]
    assert gone == ["old"]


def test_a_generation_conflict_is_told_from_a_refusal():
    conflict = {"errors": [{"status": 409, "code":
                            "placement.concurrent_update",
                            "detail": "consumer generation conflict"}]}
    full = {"errors": [{"status": 409, "code": "placement.undefined_code",
                        "detail": "Unable to allocate inventory"}]}
    assert placement.is_concurrent_update(conflict)
    assert not placement.is_concurrent_update(full)
    assert not placement.is_concurrent_update(None)
    assert placement.error_detail(full) == "Unable to allocate inventory"


def test_the_service_users_token_request_is_scoped_to_its_project():
    body = service_token.password_auth(config(
        placement_url="http://127.0.0.1:8778", service_user="docker-proxy",
        service_password="secret", service_project="service",
        service_domain="Default"))
    assert body["auth"]["identity"]["password"]["user"] == {
        "name": "docker-proxy", "domain": {"name": "Default"},
        "password": "secret"}
    assert body["auth"]["scope"] == {"project": {
        "name": "service", "domain": {"name": "Default"}}}


def test_a_token_is_renewed_before_keystones_expiry():
    now = datetime.datetime(2026, 12, 2, 4, 0, tzinfo=datetime.timezone.utc)
    assert service_token.seconds_left("2026-12-02T05:00:00.000000Z",
                                      now) == 3600
    assert service_token.seconds_left("2026-12-02T04:00:30Z", now) == 30
