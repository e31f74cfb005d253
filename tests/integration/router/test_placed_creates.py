"""Creates through the routing proxy placed by the real Placement among two
hosts of the test's own (each a private dockerd with its proxy, registered
as a provider in a zone of the test's own): the launch goes to a host with
room, a full host sends the next launch to the other, none with room is a
409 saying what was asked, and only an admin may pin a host."""
import contextlib
import time
import uuid

import docker
import pytest
import sqlalchemy as sa

from docker_dashboard.proxy.state.hosts import Hosts
from tests import placement
from tests import private_dockerd
from tests.integration.router.conftest import IMAGE
from tests.integration.router.conftest import host_proxy

MIB = 1024 ** 2
LAUNCH = {"Memory": 64 * MIB, "NanoCpus": 250000000}


def memory_mb():
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    raise RuntimeError("no MemTotal in /proc/meminfo")


@contextlib.contextmanager
def daemon(name, subnet):
    with private_dockerd.running(name, subnet) as running:
        running.copy_image(IMAGE)
        try:
            yield running
        finally:
            engine = docker.APIClient("unix://" + running.socket)
            for left in engine.containers(all=True):
                engine.remove_container(left["Id"], force=True, v=True)
            engine.prune_volumes()


def _registered(service, provider, zone):
    answer = service.get(placement.PLACEMENT_URL
                         + "/resource_providers/%s/aggregates" % provider,
                         timeout=30)
    return answer.status_code == 200 and answer.json()["aggregates"]


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    """(routing host t-a, t-b, zone): t-a has room for one 64 MiB
    container, t-b for about a GiB; the strategy packs (the fullest host
    with room first), so the first launch lands on t-a."""
    folder = tmp_path_factory.mktemp("placed")
    database_url = "sqlite:///%s" % (folder / "state.sqlite3")
    zone = "rt-zone-%s" % uuid.uuid4().hex[:8]
    suffix = uuid.uuid4().hex[:6]
    common = dict(placement.service_settings(), DD_AVAILABILITY_ZONE=zone,
                  DD_PLACEMENT_STRATEGY="pack", DD_INVENTORY_INTERVAL=3600)
    service = placement.session()
    providers = []
    try:
        with daemon("placeb", "172.31.248.1/24") as second, \
                daemon("placea", "172.31.247.1/24") as first, \
                host_proxy("t-b-" + suffix, folder, database_url,
                           second.socket,
                           DD_RESERVED_HOST_MEMORY_MB=memory_mb() - 1024,
                           **common) as b, \
                host_proxy("t-a-" + suffix, folder, database_url,
                           first.socket,
                           DD_RESERVED_HOST_MEMORY_MB=memory_mb() - 100,
                           **common) as a:
            for host in (a, b):
                providers.append(host.provider_uuid())
            deadline = time.monotonic() + 60
            while not all(_registered(service, p, zone) for p in providers):
                assert time.monotonic() < deadline, "never registered"
                time.sleep(0.5)  # registration runs in the background
            yield a, b, zone, (first, second)
    finally:
        for provider in providers:
            placement.remove_provider(service, provider)


def launch(host, user, zone, memory=64 * MIB, **labels):
    labels = dict(labels, **{"org.openstack.availability-zone": zone})
    return host.call(user, "POST", "/containers/create",
                     params={"name": "rt-%s" % uuid.uuid4().hex[:8]},
                     json={"Image": IMAGE, "Cmd": ["sleep", "600"],
                           "Labels": labels,
                           "HostConfig": dict(LAUNCH, Memory=memory)})


def on_daemon(daemon_, cid):
    try:
        return docker.APIClient("unix://" + daemon_.socket).inspect_container(
            cid)
    except docker.errors.NotFound:
        return None


def test_a_full_host_sends_the_next_launch_to_the_other(placed):
    a, b, zone, (first, second) = placed
    one = launch(a, "demo", zone)
    assert one.status_code == 201, one.text
    landed = on_daemon(first, one.json()["Id"])
    assert landed is not None
    assert landed["Config"]["Labels"]["org.openstack.docker-host"] == a.name
    assert landed["Config"]["Labels"][
        "org.openstack.availability-zone"] == zone
    two = launch(a, "demo", zone)
    assert two.status_code == 201, two.text
    landed = on_daemon(second, two.json()["Id"])
    assert landed is not None
    assert landed["Config"]["Labels"]["org.openstack.docker-host"] == b.name
    # Both are the project's, wherever they are.
    listed = {row["Id"] for row in a.client("demo").containers(all=True)}
    assert {one.json()["Id"], two.json()["Id"]} <= listed


def test_no_host_with_room_is_a_409_saying_what_was_asked(placed):
    a, _, zone, daemons = placed
    before = [len(docker.APIClient("unix://" + d.socket).containers(all=True))
              for d in daemons]
    answer = launch(a, "demo", zone, memory=2048 * MIB)
    assert answer.status_code == 409, answer.text
    assert answer.json()["message"] == (
        "No Docker host has room for 1 vCPU and 2048 MiB of memory "
        "(in zone %s)" % zone)
    assert [len(docker.APIClient("unix://" + d.socket).containers(all=True))
            for d in daemons] == before


def test_only_an_admin_may_pin_the_host(placed):
    a, b, zone, (_, second) = placed
    refused = launch(a, "demo", zone, **{"org.openstack.docker-host": b.name})
    assert refused.status_code == 403
    assert refused.json()["message"] == (
        "Only an admin may choose the Docker host")
    pinned = launch(a, "admin", zone, **{"org.openstack.docker-host": b.name})
    assert pinned.status_code == 201, pinned.text
    assert on_daemon(second, pinned.json()["Id"]) is not None


def test_a_container_sharing_anothers_volumes_and_network_goes_beside_it(
        placed):
    a, b, zone, (first, second) = placed
    source = b.call("demo", "POST", "/containers/create",
                    headers={"X-DD-Local": "1"},
                    params={"name": "rt-src-%s" % uuid.uuid4().hex[:8]},
                    json={"Image": IMAGE, "Cmd": ["sleep", "600"],
                          "HostConfig": LAUNCH})
    assert source.status_code == 201, source.text
    source = source.json()["Id"]
    assert b.call("demo", "POST", "/containers/%s/start" % source,
                  headers={"X-DD-Local": "1"}).status_code == 204
    # Small enough for t-a, which the packing strategy would choose.
    sharing = a.call("demo", "POST", "/containers/create",
                     json={"Image": IMAGE, "Cmd": ["true"],
                           "HostConfig": dict(
                               LAUNCH, Memory=16 * MIB,
                               VolumesFrom=[source],
                               NetworkMode="container:" + source)})
    assert sharing.status_code == 201, sharing.text
    assert on_daemon(second, sharing.json()["Id"]) is not None


def test_a_container_mounting_a_named_volume_goes_to_its_host(placed):
    a, b, zone, (first, second) = placed
    volume = "rt-vol-%s" % uuid.uuid4().hex[:8]
    made = b.call("demo", "POST", "/volumes/create",
                  headers={"X-DD-Local": "1"}, json={"Name": volume})
    assert made.status_code == 201, made.text
    mounting = a.call("demo", "POST", "/containers/create",
                      json={"Image": IMAGE, "Cmd": ["true"],
                            "HostConfig": dict(LAUNCH, Memory=16 * MIB,
                                               Binds=[volume + ":/data"])})
    assert mounting.status_code == 201, mounting.text
    assert on_daemon(second, mounting.json()["Id"]) is not None
    assert on_daemon(first, mounting.json()["Id"]) is None


def test_a_name_the_project_uses_on_another_host_is_taken(placed):
    a, b, zone, (first, second) = placed
    name = "rt-named-%s" % uuid.uuid4().hex[:8]
    there = b.call("demo", "POST", "/containers/create",
                   headers={"X-DD-Local": "1"}, params={"name": name},
                   json={"Image": IMAGE, "Cmd": ["true"],
                         "HostConfig": dict(LAUNCH, Memory=16 * MIB)})
    assert there.status_code == 201, there.text
    again = a.call("demo", "POST", "/containers/create",
                   params={"name": name},
                   json={"Image": IMAGE, "Cmd": ["true"],
                         "HostConfig": dict(LAUNCH, Memory=16 * MIB)})
    assert again.status_code == 409, again.text
    assert again.json()["message"] == (
        'Conflict: the container name "%s" is already in use' % name)
    assert on_daemon(first, name) is None


def test_a_container_removed_straight_on_its_daemon_leaves_no_record(placed):
    # Its destroy event releases its allocation and forgets its host, so
    # the shared state does not keep rows of containers long gone.
    a, b, zone, daemons = placed
    made = launch(a, "demo", zone)
    assert made.status_code == 201, made.text
    cid = made.json()["Id"]
    engine = sa.create_engine(a.database_url)
    try:
        holder = Hosts(engine).where("container", cid)
        assert holder in (a.name, b.name)
        daemon_ = daemons[0] if holder == a.name else daemons[1]
        docker.APIClient("unix://" + daemon_.socket).remove_container(
            cid, force=True)
        deadline = time.monotonic() + 30
        while Hosts(engine).where("container", cid) is not None:
            assert time.monotonic() < deadline, "the record stayed"
            time.sleep(0.2)
    finally:
        engine.dispose()
