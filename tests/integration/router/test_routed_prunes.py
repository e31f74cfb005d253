"""`docker container prune` and `docker volume prune` through the routing
proxy prune the caller's project on both hosts, and never another
project's. Every prune here carries a label of the test's own, so that
nothing else on the stack's daemon is pruned while the test runs."""
import uuid

from tests.integration.router.conftest import create_on
from tests.integration.router.conftest import has_volume
from tests.integration.router.conftest import holds
from tests.integration.router.conftest import volume_name

HOST1 = "/var/run/docker.sock"


def exists(socket, cid):
    return holds(socket, "container", cid)


def test_a_container_prune_reaches_both_hosts_and_only_the_project(
        hosts, made, second_dockerd):
    a, b = hosts
    tag = uuid.uuid4().hex[:10]
    labels = {"Labels": {"rt-prune": tag}}
    stopped_here = create_on(a, "demo", made, start=False, **labels)
    stopped_there = create_on(b, "demo", made, start=False, **labels)
    running_here = create_on(a, "demo", made, **labels)
    others_there = create_on(b, "alt_demo", made, start=False, **labels)
    pruned = a.call("demo", "POST", "/containers/prune",
                    params={"filters": '{"label": ["rt-prune=%s"]}' % tag})
    assert pruned.status_code == 200, pruned.text
    assert sorted(pruned.json()["ContainersDeleted"]) == sorted(
        [stopped_here, stopped_there])
    assert isinstance(pruned.json()["SpaceReclaimed"], int)
    assert "X-DD-Unavailable-Hosts" not in pruned.headers
    assert not exists(HOST1, stopped_here)
    assert not exists(second_dockerd.socket, stopped_there)
    assert exists(HOST1, running_here)
    assert exists(second_dockerd.socket, others_there)
    # Nothing left to prune: Docker's null, not an empty list.
    again = a.client("demo").prune_containers(
        filters={"label": "rt-prune=%s" % tag})
    assert again["ContainersDeleted"] is None


def test_a_volume_prune_reaches_both_hosts_and_only_the_project(
        hosts, made_volumes, second_dockerd):
    a, b = hosts
    tag = uuid.uuid4().hex[:10]
    made = {}
    for host, user in ((a, "demo"), (b, "demo"), (b, "alt_demo")):
        name = volume_name()
        made_volumes.append(name)
        answer = host.call(user, "POST", "/volumes/create",
                           headers={"X-DD-Local": "1"},
                           json={"Name": name, "Labels": {"rt-prune": tag}})
        assert answer.status_code == 201, answer.text
        made[(host.name, user)] = name
    pruned = a.client("demo").prune_volumes(
        filters={"label": "rt-prune=%s" % tag})
    assert sorted(pruned["VolumesDeleted"]) == sorted(
        [made[(a.name, "demo")], made[(b.name, "demo")]])
    assert not has_volume(HOST1, made[(a.name, "demo")])
    assert not has_volume(second_dockerd.socket, made[(b.name, "demo")])
    assert has_volume(second_dockerd.socket, made[(b.name, "alt_demo")])


def test_a_prune_on_one_host_only_with_x_dd_local(hosts, made,
                                                  second_dockerd):
    a, b = hosts
    tag = uuid.uuid4().hex[:10]
    here = create_on(a, "demo", made, start=False, Labels={"rt-prune": tag})
    there = create_on(b, "demo", made, start=False, Labels={"rt-prune": tag})
    pruned = a.call("demo", "POST", "/containers/prune",
                    headers={"X-DD-Local": "1"},
                    params={"filters": '{"label": ["rt-prune=%s"]}' % tag})
    assert pruned.status_code == 200, pruned.text
    assert pruned.json()["ContainersDeleted"] == [here]
    assert exists(second_dockerd.socket, there)
