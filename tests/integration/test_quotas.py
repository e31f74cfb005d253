"""Quotas against the real stack: Keystone's unified limits (the seeded
registered limits of the `docker` service, and a project's own limits set
through the proxy's admin route), Placement's usages, and both hosts'
proxies behind the routing endpoint.

Each test runs in a project and user of its own, made in Keystone with the
admin's credentials and removed at the end (its containers first), so its
usage is its own whatever else runs."""
import concurrent.futures

import docker
import pytest
import requests

from tests import placement
from tests import stack
from tests import throwaway_project

MIB = 1024 ** 2
SMALL = {"mem_limit": 64 * MIB, "nano_cpus": 250000000}


@pytest.fixture
def project():
    with throwaway_project.made() as made:
        yield made


def quotas_get(token, project_id=None):
    params = {"project_id": project_id} if project_id else None
    return requests.get(stack.PROXY_URL + "/dd/quotas", params=params,
                        headers={"X-Auth-Token": token}, timeout=60)


def quotas_put(user, project_id, body, token=None):
    return throwaway_project.quotas_put(project_id, body,
                                        token or stack.token(user))


def shown(project):
    """{resource: (limit, default?, in use)} of the project's quotas, as
    its member reads them."""
    answer = quotas_get(project.token)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["enabled"] is True
    assert body["project_id"] == project.id
    return {row["resource"]: (row["limit"], row["default"], row["in_use"])
            for row in body["quotas"]}


def placement_usage(project_id):
    usages = placement.get(placement.session(), "/usages",
                           project_id=project_id)["usages"]
    return usages.get("CONTAINER", {})


def set_limits(project, **limits):
    body = {name.replace("class_", "class:"): value
            for name, value in limits.items()}
    answer = quotas_put("admin", project.id, body)
    assert answer.status_code == 200, answer.text


def refused_launch(project, **limits):
    with pytest.raises(docker.errors.APIError) as refused:
        project.launch(**(limits or SMALL))
    assert refused.value.response.status_code == 403
    return refused.value.explanation


@pytest.mark.parametrize("limits, launch, sentence", [
    ({"containers": 1}, SMALL,
     "Quota exceeded for containers: requested 1, in use 1 of 1"),
    ({"class_VCPU": 2}, {"mem_limit": 64 * MIB, "nano_cpus": 1500000000},
     "Quota exceeded for class:VCPU: requested 2, in use 1 of 2"),
    ({"class_MEMORY_MB": 100}, {"mem_limit": 64 * MIB, "nano_cpus": 250000000},
     "Quota exceeded for class:MEMORY_MB: requested 64, in use 64 of 100"),
], ids=["containers", "vcpu", "memory"])
def test_a_launch_over_each_quota_is_refused_and_creates_nothing(
        project, limits, launch, sentence):
    set_limits(project, **limits)
    first = project.launch(**SMALL)  # 1 container, 1 vCPU, 64 MiB: fits
    before = placement_usage(project.id)
    assert before == {"consumer_count": 1, "VCPU": 1, "MEMORY_MB": 64}

    assert refused_launch(project, **launch) == sentence

    # Nothing made: no container on any host, no allocation.
    assert [c["Id"] for c in project.containers()] == [first["Id"]]
    assert placement_usage(project.id) == before


def test_usage_matches_placement_after_launches_and_deletes(project):
    assert shown(project) == {"containers": (200, True, 0),
                              "class:VCPU": (200, True, 0),
                              "class:MEMORY_MB": (65536, True, 0)}
    made = [project.launch(mem_limit=64 * MIB, nano_cpus=250000000),
            project.launch(mem_limit=128 * MIB, nano_cpus=1500000000),
            project.launch(mem_limit=96 * MIB, nano_cpus=1000000000)]
    usage = placement_usage(project.id)
    assert usage == {"consumer_count": 3, "VCPU": 4, "MEMORY_MB": 288}
    assert shown(project) == {"containers": (200, True, 3),
                              "class:VCPU": (200, True, 4),
                              "class:MEMORY_MB": (65536, True, 288)}

    project.client().remove_container(made[1]["Id"], force=True)
    assert placement_usage(project.id) == {
        "consumer_count": 2, "VCPU": 2, "MEMORY_MB": 160}
    assert shown(project) == {"containers": (200, True, 2),
                              "class:VCPU": (200, True, 2),
                              "class:MEMORY_MB": (65536, True, 160)}


def test_an_override_changes_the_outcome(project):
    set_limits(project, containers=1)
    assert shown(project)["containers"] == (1, False, 0)
    project.launch()
    assert refused_launch(project) == (
        "Quota exceeded for containers: requested 1, in use 1 of 1")

    set_limits(project, containers=2)
    project.launch()
    assert shown(project)["containers"] == (2, False, 2)

    # Removing the override brings the default back.
    set_limits(project, containers=None)
    assert shown(project)["containers"] == (200, True, 2)
    project.launch()
    assert len(project.containers()) == 3


def update(project, container_id, body):
    """`docker update` through the routing endpoint (docker-py's has no
    NanoCpus)."""
    return requests.post(
        stack.PROXY_URL + "/v1.41/containers/%s/update" % container_id,
        json=body, headers={"X-Auth-Token": project.token}, timeout=60)


def test_raising_a_containers_cpu_over_the_quota_is_refused(project):
    set_limits(project, class_VCPU=1)
    made = project.launch(mem_limit=64 * MIB, nano_cpus=500000000)
    answer = update(project, made["Id"], {"NanoCpus": 2000000000})
    assert answer.status_code == 403
    assert answer.json()["message"] == (
        "Quota exceeded for class:VCPU: requested 1, in use 1 of 1")
    # Nothing changed: the container's limit, and what Placement holds.
    client = project.client()
    assert client.inspect_container(made["Id"])["HostConfig"][
        "NanoCpus"] == 500000000
    assert placement_usage(project.id)["VCPU"] == 1
    # Lowering is never refused, and a raise within the quota goes through.
    answer = update(project, made["Id"], {"NanoCpus": 250000000})
    assert answer.status_code == 200, answer.text
    set_limits(project, class_VCPU=2)
    answer = update(project, made["Id"], {"NanoCpus": 2000000000})
    assert answer.status_code == 200, answer.text
    assert placement_usage(project.id)["VCPU"] == 2


def test_only_an_admin_sets_quotas_and_sees_other_projects(project):
    ids = stack.project_ids()
    answer = quotas_put("demo", project.id, {"containers": 0})
    assert answer.status_code == 403
    assert "docker:quota:update" in answer.json()["message"]
    answer = quotas_put("demo", ids["demo"], {"containers": 0},
                        token=project.token)
    assert answer.status_code == 403
    assert shown(project)["containers"] == (200, True, 0)

    # Another project's quota is not a member's to read.
    answer = quotas_get(project.token, ids["demo"])
    assert answer.status_code == 404
    # The reader reads its own; the admin any project's.
    assert quotas_get(stack.token("reader")).status_code == 200
    answer = quotas_get(stack.token("admin"), project.id)
    assert answer.status_code == 200
    assert answer.json()["project_id"] == project.id


@pytest.mark.parametrize("body, field", [
    ({"servers": 1}, "servers"),
    ({"containers": "many"}, "containers"),
    ({"containers": -5}, "containers"),
])
def test_a_bad_override_is_refused_with_its_field(project, body, field):
    answer = quotas_put("admin", project.id, body)
    assert answer.status_code == 400
    assert answer.json()["field"] == field
    assert shown(project)[field if field != "servers" else "containers"][
        1] is True


def test_launches_at_the_same_time_never_pass_the_quota_together(project):
    set_limits(project, containers=3)

    def launch(_):
        try:
            return project.launch()["Id"]
        except docker.errors.APIError as refused:
            assert refused.response.status_code == 403, refused.explanation
            assert refused.explanation.startswith(
                "Quota exceeded for containers: requested 1, in use ")
            return None

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        made = [found for found in pool.map(launch, range(8)) if found]
    # Each claim is looked at again once made: launches that fit alone but
    # not together are refused (all of them, in the worst case), and what
    # is left is within the quota and claimed one for one.
    held = sorted(c["Id"] for c in project.containers())
    assert held == sorted(made)
    assert len(held) <= 3
    assert placement_usage(project.id).get("consumer_count", 0) == len(held)


def test_a_single_host_proxy_without_placement_enforces_no_quota(
        project, tmp_path):
    set_limits(project, containers=0)
    assert refused_launch(project) == (
        "Quota exceeded for containers: requested 1, in use 0 of 0")
    # The same dockerd behind a proxy of its own without Placement: no
    # usage to count, so no quota (README, Quotas), and it says so.
    with stack.own_proxy(log=str(tmp_path / "proxy.log"),
                         DD_PUBLIC_IMAGES="busybox:latest") as (_, url):
        answer = requests.get(url + "/dd/quotas", timeout=60,
                              headers={"X-Auth-Token": project.token})
        assert answer.status_code == 200
        assert answer.json() == {"enabled": False,
                                 "project_id": project.id}
        client = stack.docker_client(token_value=project.token,
                                     base_url=url)
        made = client.create_container(
            "busybox:latest", ["sleep", "600"],
            host_config=client.create_host_config(**SMALL))
    assert [c["Id"] for c in project.containers()] == [made["Id"]]


def test_an_override_for_a_project_keystone_does_not_know_is_refused():
    answer = quotas_put("admin", "0" * 32, {"containers": 3})
    assert answer.status_code == 404
    assert answer.json()["message"] == "Keystone has no project %s" % (
        "0" * 32)
