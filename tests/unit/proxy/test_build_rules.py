"""Build queries, the images a Dockerfile reads, and the tags a load sets."""
import json

import pytest

from docker_dashboard.proxy.rules import build
from docker_dashboard.proxy.rules.create_body import Limits
from docker_dashboard.proxy.rules.errors import Refused

LIMITS = Limits(max_memory=1024 ** 3, max_cpus=2.0)


def forwarded(query, admin=False):
    return dict(build.check_build_query(query, LIMITS, "dd-p1", admin))


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
    None,
    json.dumps({"team": "a"}),
    # A caller naming another project's id gets its own instead.
    json.dumps({"org.openstack.project-id": "p2"}),
])
def test_a_build_always_carries_its_projects_label(sent):
    query = [("t", "app:1")] + ([("labels", sent)] if sent else [])
    out = dict(build.check_build_query(query, LIMITS, "dd-p1", False, "p1"))
    labels = json.loads(out["labels"])
    assert labels["org.openstack.project-id"] == "p1"
    assert {k: v for k, v in labels.items()
            if not k.startswith("org.openstack.")} == (
        {"team": "a"} if sent and "team" in sent else {})


@pytest.mark.parametrize("query, field", [
    ([("networkmode", "host")], "networkmode"),
    ([("networkmode", "container:x")], "networkmode"),
    ([("remote", "http://169.254.169.254/")], "remote"),
    ([("pull", "1")], "pull"),
    ([("memory", str(2 * 1024 ** 3))], "memory"),
    ([("cpuquota", "900000"), ("cpuperiod", "100000")], "cpuquota"),
    ([("memswap", "-1")], "memswap"),
    ([("outputs", "type=local,dest=/")], "outputs"),
])
def test_refused_build_options(query, field):
    with pytest.raises(Refused) as caught:
        forwarded(query)
    assert caught.value.field == field


def test_unknown_query_parameters_are_not_forwarded():
    assert "isolation" not in forwarded([("isolation", "hyperv")])


@pytest.mark.parametrize("dockerfile, images", [
    ("FROM busybox\nRUN true\n", ["busybox"]),
    ("# c\nfrom --platform=linux/amd64 secret:1 as base\nFROM base\n",
     ["secret:1"]),
    ("FROM busybox AS one\nFROM scratch\nCOPY --from=one /a /b\n"
     "COPY --from=other:2 /c /d\n", ["busybox", "other:2"]),
    ("FROM a \\\n  AS b\nCOPY --from=0 /x /y\n", ["a"]),
])
def test_base_images(dockerfile, images):
    assert build.base_images(dockerfile) == images


@pytest.mark.parametrize("dockerfile", [
    "ARG BASE=secret\nFROM $BASE\n",
    "FROM busybox\nCOPY --from=${IMG} /a /b\n",
])
def test_bases_named_by_arguments_are_refused(dockerfile):
    with pytest.raises(Refused):
        build.base_images(dockerfile)


def test_loaded_tags_from_both_layouts():
    manifest = json.dumps([{"RepoTags": ["a:1", "b:2"]}, {"RepoTags": None}])
    index = json.dumps({"manifests": [{"annotations": {
        "io.containerd.image.name": "docker.io/library/c:3"}}, {}]})
    assert build.loaded_tags(manifest, index) == [
        "a:1", "b:2", "docker.io/library/c:3"]
