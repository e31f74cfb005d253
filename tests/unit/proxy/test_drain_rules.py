"""The drain decisions (rules/placement.py): candidates are asked with the
drain trait forbidden, putting or taking it keeps the provider's other
traits, and the sentences a refused launch reads."""
from docker_dashboard.proxy.rules import placement


def test_candidates_forbid_the_drain_trait():
    query = placement.candidates_query({"VCPU": 1, "MEMORY_MB": 64})
    assert query["required"].split(",") == ["CUSTOM_DOCKER_HOST",
                                            "!COMPUTE_STATUS_DISABLED"]


def test_accepting_hosts_are_the_undrained_docker_hosts_of_the_zone():
    query = placement.accepting_hosts_query("az2")
    assert query["required"] == "CUSTOM_DOCKER_HOST,!COMPUTE_STATUS_DISABLED"
    assert query["member_of"] == placement.aggregate_of("az2")
    assert "member_of" not in placement.accepting_hosts_query()


def test_drain_adds_the_trait_and_keeps_the_others():
    assert placement.with_drain(["CUSTOM_DOCKER_HOST", "CUSTOM_GPU"],
                                True) == ["COMPUTE_STATUS_DISABLED",
                                          "CUSTOM_DOCKER_HOST", "CUSTOM_GPU"]


def test_undrain_takes_only_the_drain_trait():
    assert placement.with_drain(
        ["COMPUTE_STATUS_DISABLED", "CUSTOM_DOCKER_HOST"], False) == [
            "CUSTOM_DOCKER_HOST"]


def test_nothing_to_write_when_already_so():
    assert placement.with_drain(["CUSTOM_DOCKER_HOST"], False) is None
    assert placement.with_drain(
        ["CUSTOM_DOCKER_HOST", "COMPUTE_STATUS_DISABLED"], True) is None


def test_is_drained():
    assert placement.is_drained(["CUSTOM_DOCKER_HOST",
                                 "COMPUTE_STATUS_DISABLED"])
    assert not placement.is_drained(["CUSTOM_DOCKER_HOST"])
    assert not placement.is_drained(None)


def test_sentences_name_the_host_and_the_zone():
    assert "host2 is drained" in placement.drained_message("host2")
    assert placement.none_accepts_message() == (
        "No Docker host accepts launches now: every host is drained")
    assert "every host in zone az2 is drained" in \
        placement.none_accepts_message("az2")


def test_resource_view_counts_capacity_as_placement_does():
    view = placement.resource_view(
        {"VCPU": {"total": 2, "reserved": 0, "allocation_ratio": 16.0},
         "MEMORY_MB": {"total": 4096, "reserved": 512,
                       "allocation_ratio": 1.5}},
        {"VCPU": 3, "MEMORY_MB": 128})
    assert view["VCPU"] == {"total": 2, "reserved": 0,
                            "allocation_ratio": 16.0, "capacity": 32,
                            "used": 3}
    assert view["MEMORY_MB"]["capacity"] == 5376
    assert view["MEMORY_MB"]["used"] == 128


def test_resource_view_of_a_class_never_used():
    view = placement.resource_view(
        {"DISK_GB": {"total": 100, "reserved": 10, "allocation_ratio": 1.0}},
        {})
    assert view["DISK_GB"]["used"] == 0
    assert view["DISK_GB"]["capacity"] == 90
