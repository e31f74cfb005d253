"""Build queries: an allow-list, each parameter decided. The Dockerfile's
images: test_dockerfile_decision.py; the context: test_build_context.py."""
import json

import pytest

from docker_dashboard.proxy.rules import build
from docker_dashboard.proxy.rules.create_body import Limits
from docker_dashboard.proxy.rules.errors import Refused

LIMITS = Limits(max_memory=1024 ** 3, max_cpus=2.0,
                max_tmpfs=256 * 1024 ** 2)


def forwarded(query, admin=False):
    return dict(build.check_build_query(query, LIMITS, "dd-p1",
                                        admin).params)


def test_build_runs_on_the_project_network_within_the_caps():
    out = forwarded([("t", "app:1"), ("rm", "1")])
    assert out["networkmode"] == "dd-p1"
    assert out["memory"] == str(1024 ** 3)
    assert int(out["cpuquota"]) / int(out["cpuperiod"]) == 2.0


def test_callers_openstack_labels_are_dropped():
    out = forwarded([("labels", json.dumps({"org.openstack.public": "true",
                                            "team": "a"}))])
    assert json.loads(out["labels"]) == {"team": "a"}


@pytest.mark.parametrize("sent", [
    json.dumps({"team": "a"}),
    # A caller naming another project's id gets its own instead.
    json.dumps({"org.openstack.project-id": "p2"}),
])
def test_callers_labels_carry_the_projects_label(sent):
    query = [("t", "app:1"), ("labels", sent)]
    out = dict(build.check_build_query(query, LIMITS, "dd-p1", False,
                                       "p1").params)
    labels = json.loads(out["labels"])
    assert labels["org.openstack.project-id"] == "p1"
    assert {k: v for k, v in labels.items()
            if not k.startswith("org.openstack.")} == (
        {"team": "a"} if "team" in sent else {})


def test_without_labels_of_its_own_a_build_gets_no_labels_step():
    """The canonical Dockerfile opens every stage with the project's label
    (test_dockerfile_decision.py): a `labels` parameter would only add a
    step dockerd runs after the last instruction."""
    for query in ([("t", "app:1")], [("labels", "{}")]):
        out = dict(build.check_build_query(query, LIMITS, "dd-p1", False,
                                           "p1").params)
        assert "labels" not in out


@pytest.mark.parametrize("query, field", [
    ([("networkmode", "host")], "networkmode"),
    ([("networkmode", "container:x")], "networkmode"),
    ([("remote", "http://169.254.169.254/")], "remote"),
    ([("pull", "1")], "pull"),
    ([("memory", str(2 * 1024 ** 3))], "memory"),
    ([("cpuquota", "900000"), ("cpuperiod", "100000")], "cpuquota"),
    ([("memswap", "-1")], "memswap"),
    ([("outputs", "type=local,dest=/")], "outputs"),
    # BuildKit runs its steps outside the project's limits and network.
    ([("version", "2")], "version"),
    ([("shmsize", str(1024 ** 4))], "shmsize"),
    ([("isolation", "hyperv")], "isolation"),
    ([("platform", "linux/arm64")], "platform"),
    ([("cgroupparent", "/")], "cgroupparent"),
    ([("ulimits", '[{"Name": "nproc", "Soft": 1, "Hard": 1}]')], "ulimits"),
    ([("session", "abc")], "session"),
    ([("buildargs", '{"A": 1}')], "buildargs"),
    ([("extrahosts", "x:host-gateway")], "extrahosts"),
    ([("cachefrom", '"busybox"')], "cachefrom"),
    # dockerd reads the first of two values, the proxy would read one: no.
    ([("pull", "0"), ("pull", "1")], "pull"),
    ([("networkmode", "default"), ("networkmode", "host")], "networkmode"),
    # dockerd's BoolValue: anything but "", 0, no, false, none is true.
    ([("pull", "yes")], "pull"),
])
def test_refused_build_options(query, field):
    with pytest.raises(Refused) as caught:
        forwarded(query)
    assert caught.value.field == field


def test_unknown_query_parameters_are_not_forwarded():
    out = forwarded([("isolation", "default"), ("frobnicate", "1")])
    assert "isolation" not in out and "frobnicate" not in out


def test_what_the_docker_cli_sends_is_accepted():
    out = forwarded([("t", "a:1"), ("rm", "1"), ("forcerm", "0"),
                     ("cpusetcpus", ""), ("cpusetmems", ""),
                     ("cpushares", "0"), ("cpuquota", "0"),
                     ("cpuperiod", "0"), ("memory", "0"), ("memswap", "0"),
                     ("cgroupparent", ""), ("shmsize", "0"),
                     ("dockerfile", "Dockerfile"), ("ulimits", "null"),
                     ("buildargs", "{}"), ("labels", "{}"),
                     ("cachefrom", "null"), ("networkmode", "default"),
                     ("target", ""), ("version", "1"), ("pull", "false")])
    assert out["pull"] == "0" and out["rm"] == "1" and out["forcerm"] == "1"
    assert "dockerfile" not in out  # the proxy names its own


def test_shm_size_within_the_cap_is_forwarded():
    assert forwarded([("shmsize", str(32 * 1024 ** 2))])["shmsize"] == str(
        32 * 1024 ** 2)


def test_buildkit_is_an_admins_choice():
    query = build.check_build_query([("version", "2")], LIMITS, "dd-p1",
                                    True)
    assert query.buildkit and dict(query.params)["version"] == "2"
