"""The quota decision (proxy/rules/quota.py): a request, the project's
usage and its limits give "allowed" or the sentence the user reads."""
import pytest

from docker_dashboard.proxy.rules import quota
from docker_dashboard.proxy.rules.errors import Refused

LIMITS = {"containers": 10, "class:VCPU": 20, "class:MEMORY_MB": 4096}
USAGE = {"containers": 3, "class:VCPU": 18, "class:MEMORY_MB": 1024}


def test_a_launch_that_fits_is_allowed():
    deltas = quota.deltas_of_launch({"VCPU": 2, "MEMORY_MB": 3072})
    assert deltas == {"containers": 1, "class:VCPU": 2,
                      "class:MEMORY_MB": 3072}
    assert quota.refusal(deltas, USAGE, LIMITS) is None


def test_over_the_vcpus_names_limit_usage_and_request():
    deltas = quota.deltas_of_launch({"VCPU": 4, "MEMORY_MB": 64})
    assert quota.refusal(deltas, USAGE, LIMITS) == (
        "Quota exceeded for class:VCPU: requested 4, in use 18 of 20")
    with pytest.raises(Refused) as refused:
        quota.check(deltas, USAGE, LIMITS)
    assert refused.value.status == 403


@pytest.mark.parametrize("usage, deltas, sentence", [
    ({"containers": 10}, {"containers": 1},
     "Quota exceeded for containers: requested 1, in use 10 of 10"),
    ({"class:MEMORY_MB": 4000}, {"class:MEMORY_MB": 128},
     "Quota exceeded for class:MEMORY_MB: requested 128, in use 4000 of "
     "4096"),
])
def test_each_limit_refuses_on_its_own(usage, deltas, sentence):
    assert quota.refusal(deltas, usage, LIMITS) == sentence


def test_every_resource_over_is_named():
    sentence = quota.refusal(
        {"containers": 1, "class:VCPU": 4, "class:MEMORY_MB": 64},
        {"containers": 10, "class:VCPU": 20, "class:MEMORY_MB": 0}, LIMITS)
    assert sentence == (
        "Quota exceeded for containers: requested 1, in use 10 of 10; "
        "Quota exceeded for class:VCPU: requested 4, in use 20 of 20")


def test_exactly_at_the_limit_is_allowed():
    assert quota.refusal({"class:VCPU": 2}, USAGE, LIMITS) is None
    assert quota.refusal({"class:VCPU": 3}, USAGE, LIMITS) is not None


def test_unlimited_and_zero():
    assert quota.refusal({"containers": 1}, {"containers": 10 ** 6},
                         {"containers": -1}) is None
    # No limit at all is zero, as oslo.limit counts it.
    limits = quota.limits_of([], [])
    assert limits == {"containers": 0, "class:VCPU": 0,
                      "class:MEMORY_MB": 0}
    assert quota.refusal({"containers": 1}, {}, limits) == (
        "Quota exceeded for containers: requested 1, in use 0 of 0")


def test_a_project_limit_overrides_the_default():
    limits = quota.limits_of(
        [("containers", 200), ("class:VCPU", 200), ("class:MEMORY_MB", 9)],
        [("class:VCPU", 2)])
    assert limits == {"containers": 200, "class:VCPU": 2,
                      "class:MEMORY_MB": 9}
    rows = quota.report(limits, {"class:VCPU": 1}, [("class:VCPU", 2)])
    assert rows[1] == {"resource": "class:VCPU", "limit": 2,
                       "default": False, "in_use": 1}
    assert rows[0]["default"] is True


def test_usage_is_the_container_consumers_only():
    answer = {"usages": {
        "CONTAINER": {"consumer_count": 3, "VCPU": 3, "MEMORY_MB": 192},
        "INSTANCE": {"consumer_count": 5, "VCPU": 40, "MEMORY_MB": 9000}}}
    assert quota.usage_of(answer, "CONTAINER") == {
        "containers": 3, "class:VCPU": 3, "class:MEMORY_MB": 192}
    assert quota.usage_of({"usages": {}}, "CONTAINER") == {
        "containers": 0, "class:VCPU": 0, "class:MEMORY_MB": 0}


def test_a_resize_counts_only_what_it_raises():
    assert quota.deltas_of_resize({"VCPU": 1, "MEMORY_MB": 256},
                                  {"VCPU": 3, "MEMORY_MB": 128}) == {
        "class:VCPU": 2}
    assert quota.deltas_of_resize({"VCPU": 2}, {"VCPU": 1}) == {}


def test_the_second_look_takes_the_own_claim_out():
    # Read after the claim: 20 of 20 held, 4 of them this launch's.
    after = {"containers": 5, "class:VCPU": 20, "class:MEMORY_MB": 100}
    deltas = {"containers": 1, "class:VCPU": 4, "class:MEMORY_MB": 64}
    assert quota.refusal(deltas, quota.without(after, deltas),
                         LIMITS) is None
    # Another launch claimed 2 more meanwhile: now over.
    after["class:VCPU"] = 22
    assert quota.refusal(deltas, quota.without(after, deltas), LIMITS) == (
        "Quota exceeded for class:VCPU: requested 4, in use 18 of 20")


@pytest.mark.parametrize("body, field", [
    ({"servers": 3}, "servers"),
    ({"containers": "3"}, "containers"),
    ({"containers": True}, "containers"),
    ({"containers": -2}, "containers"),
    ({"class:VCPU": 2 ** 31}, "class:VCPU"),
])
def test_bad_overrides_are_refused_with_their_field(body, field):
    with pytest.raises(Refused) as refused:
        quota.parse_overrides(body)
    assert (refused.value.status, refused.value.field) == (400, field)


@pytest.mark.parametrize("body", [None, [], {}, "containers"])
def test_an_override_body_must_be_an_object(body):
    with pytest.raises(Refused):
        quota.parse_overrides(body)


def test_overrides_become_keystone_changes():
    wanted = quota.parse_overrides(
        {"containers": 5, "class:VCPU": None, "class:MEMORY_MB": 512})
    existing = {"class:VCPU": ("lim-cpu", 4),
                "class:MEMORY_MB": ("lim-mem", 256)}
    assert quota.changes(wanted, existing) == (
        {"containers": 5}, {"lim-mem": 512}, ["lim-cpu"])
    # Unchanged and already-default resources need nothing.
    assert quota.changes({"class:MEMORY_MB": 256, "containers": None},
                         existing) == ({}, {}, [])
