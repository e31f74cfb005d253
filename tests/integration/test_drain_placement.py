"""Draining a Docker host, against the real Placement and two dockerd of
the test's own (each with its proxy, registered as a provider in a zone of
the test's own, sharing one state database as the stack's hosts do): a
drained host takes no new launch while what it runs keeps running and
answering; every host drained refuses a launch saying so; an admin's pin
to a drained host is refused naming it; the host's own proxy refuses too;
the host's re-registration keeps the drain; the admin hosts view names a
host that does not answer and lists the others; members are refused."""
import contextlib
import time
import uuid

import docker
import pytest
import requests

from docker_dashboard.proxy.rules import placement as rules
from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state.hosts import Hosts
from tests import placement
from tests import stack
from tests.integration.router.conftest import host_proxy
from tests.integration.router.test_placed_creates import daemon
from tests.integration.router.test_placed_creates import launch
from tests.integration.router.test_placed_creates import on_daemon

ADMIN_HOSTS = "/dd/admin/hosts"


def _registered(service, provider):
    answer = service.get(placement.PLACEMENT_URL
                         + "/resource_providers/%s/traits" % provider,
                         timeout=30)
    return (answer.status_code == 200
            and rules.HOST_TRAIT in answer.json()["traits"])


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """(routing host a, host b, zone, (daemon of a, daemon of b)), both
    with room for many small containers; launches spread (the default)."""
    folder = tmp_path_factory.mktemp("drain")
    database_url = "sqlite:///%s" % (folder / "state.sqlite3")
    zone = "dr-zone-%s" % uuid.uuid4().hex[:8]
    suffix = uuid.uuid4().hex[:6]
    common = dict(placement.service_settings(), DD_AVAILABILITY_ZONE=zone,
                  DD_INVENTORY_INTERVAL=3600)
    service = placement.session()
    providers = []
    try:
        with daemon("drainb", "172.31.235.1/24") as second, \
                daemon("draina", "172.31.236.1/24") as first, \
                host_proxy("dr-b-" + suffix, folder, database_url,
                           second.socket, **common) as b, \
                host_proxy("dr-a-" + suffix, folder, database_url,
                           first.socket, **common) as a:
            for host in (a, b):
                providers.append(host.provider_uuid())
            deadline = time.monotonic() + 60
            while not all(_registered(service, p) for p in providers):
                assert time.monotonic() < deadline, "never registered"
                time.sleep(0.5)  # registration runs in the background
            yield a, b, zone, (first, second)
    finally:
        for provider in providers:
            placement.remove_provider(service, provider)


def drain(host, name, user="admin", undo=False):
    return host.call(user, "POST", "%s/%s/%s" % (
        ADMIN_HOSTS, name, "undrain" if undo else "drain"),
        versioned=False)


@contextlib.contextmanager
def drained(host, *names):
    """The hosts `names` drained through `host`'s route, undrained at the
    end whatever happens."""
    try:
        for name in names:
            answer = drain(host, name)
            assert answer.status_code == 200, answer.text
            assert answer.json() == {"name": name, "drained": True}
        yield
    finally:
        for name in names:
            drain(host, name, undo=True)


def traits(provider):
    return placement.get(placement.session(), "/resource_providers/%s/traits"
                         % provider)["traits"]


def count(daemon_):
    return len(docker.APIClient("unix://" + daemon_.socket).containers(
        all=True))


def test_a_drained_host_takes_no_launch_and_keeps_what_it_runs(pair):
    a, b, zone, (first, second) = pair
    running = a.call("demo", "POST", "/containers/create",
                     headers={"X-DD-Local": "1"},
                     params={"name": "dr-kept-%s" % uuid.uuid4().hex[:8]},
                     json={"Image": "busybox:latest",
                           "Cmd": ["sh", "-c", "echo still here; sleep 600"],
                           "HostConfig": {"Memory": 32 * 1024 ** 2,
                                          "NanoCpus": 250000000}})
    assert running.status_code == 201, running.text
    kept = running.json()["Id"]
    assert a.call("demo", "POST", "/containers/%s/start" % kept,
                  headers={"X-DD-Local": "1"}).status_code == 204
    with drained(a, a.name):
        assert rules.DRAINED_TRAIT in traits(a.provider_uuid())
        assert rules.HOST_TRAIT in traits(a.provider_uuid())
        placed = []
        for _ in range(5):
            answer = launch(a, "demo", zone, memory=16 * 1024 ** 2)
            assert answer.status_code == 201, answer.text
            placed.append(answer.json()["Id"])
        # Every launch went to b; without the drain, spreading would have
        # put some on a (it has more free memory after the first).
        assert all(on_daemon(second, cid) is not None for cid in placed)
        assert all(on_daemon(first, cid) is None for cid in placed)
        # What a runs stays running, and the routing endpoint reaches it.
        assert on_daemon(first, kept)["State"]["Running"] is True
        seen = a.call("demo", "GET", "/containers/%s/json" % kept)
        assert seen.status_code == 200, seen.text
        assert seen.json()["State"]["Running"] is True
        logs = a.call("demo", "GET", "/containers/%s/logs" % kept,
                      params={"stdout": "1"})
        assert logs.status_code == 200
        assert b"still here" in logs.content
    # Undrained: a takes launches again (it is the emptier one now).
    assert rules.DRAINED_TRAIT not in traits(a.provider_uuid())
    again = launch(a, "demo", zone, memory=16 * 1024 ** 2)
    assert again.status_code == 201, again.text
    assert on_daemon(first, again.json()["Id"]) is not None


def test_every_host_drained_refuses_the_launch_saying_so(pair):
    a, b, zone, daemons = pair
    before = [count(d) for d in daemons]
    with drained(a, a.name, b.name):
        answer = launch(a, "demo", zone)
        assert answer.status_code == 409, answer.text
        assert answer.json()["message"] == (
            "No Docker host accepts launches now: every host in zone %s "
            "is drained" % zone)
        assert [count(d) for d in daemons] == before
    answer = launch(a, "demo", zone)
    assert answer.status_code == 201, answer.text


def test_an_admins_pin_to_a_drained_host_is_refused(pair):
    a, b, zone, (_, second) = pair
    before = count(second)
    with drained(a, b.name):
        pinned = launch(a, "admin", zone, **{"org.openstack.docker-host":
                                             b.name})
        assert pinned.status_code == 409, pinned.text
        assert pinned.json()["message"] == (
            "Docker host %s is drained: it accepts no new containers"
            % b.name)
        assert count(second) == before
    pinned = launch(a, "admin", zone, **{"org.openstack.docker-host":
                                         b.name})
    assert pinned.status_code == 201, pinned.text
    assert on_daemon(second, pinned.json()["Id"]) is not None


def test_the_drained_hosts_own_proxy_refuses_a_create(pair):
    a, b, zone, (_, second) = pair
    before = count(second)
    with drained(a, b.name):
        answer = b.call("demo", "POST", "/containers/create",
                        headers={"X-DD-Local": "1"},
                        json={"Image": "busybox:latest", "Cmd": ["true"],
                              "HostConfig": {"Memory": 16 * 1024 ** 2,
                                             "NanoCpus": 250000000}})
        assert answer.status_code == 409, answer.text
        assert answer.json()["message"] == (
            "Docker host %s is drained: it accepts no new containers"
            % b.name)
        assert count(second) == before


def test_the_hosts_registration_keeps_the_drain(pair, tmp_path):
    a, b, zone, (_, second) = pair
    with drained(a, b.name):
        # The host trait gone (as after an operator's mistake), so that the
        # registration below writes the provider's traits, not only reads.
        service = placement.session()
        path = (placement.PLACEMENT_URL + "/resource_providers/%s/traits"
                % b.provider_uuid())
        current = service.get(path, timeout=30).json()
        service.put(path, timeout=30, json={
            "traits": [rules.DRAINED_TRAIT],
            "resource_provider_generation": current[
                "resource_provider_generation"]}).raise_for_status()
        assert rules.HOST_TRAIT not in traits(b.provider_uuid())
        # A second start of b's proxy (same state folder, so the same
        # provider) registers the host again before it answers.
        with stack.own_proxy(
                log=str(tmp_path / "again.log"), DD_HOST_NAME=b.name,
                DD_ROUTE="0", DD_PROXY_STATE=b.state_dir,
                DD_DATABASE_URL="sqlite:///%s" % (tmp_path / "s.sqlite3"),
                DD_DOCKER_SOCKET=second.socket,
                DD_PUBLIC_IMAGES="busybox:latest",
                DD_AVAILABILITY_ZONE=zone, DD_INVENTORY_INTERVAL=3600,
                **placement.service_settings()):
            kept = traits(b.provider_uuid())
        assert rules.DRAINED_TRAIT in kept
        assert rules.HOST_TRAIT in kept
        text = (tmp_path / "again.log").read_text()
        assert "Traceback" not in text, text


def test_drain_and_the_hosts_view_are_an_admins(pair):
    a, b, zone, _ = pair
    refused = drain(a, b.name, user="demo")
    assert refused.status_code == 403
    assert "docker:host:drain" in refused.json()["message"]
    assert rules.DRAINED_TRAIT not in traits(b.provider_uuid())
    refused = a.call("demo", "GET", ADMIN_HOSTS, versioned=False)
    assert refused.status_code == 403
    unknown = drain(a, "no-such-host")
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "No Docker host is named no-such-host"


def test_the_hosts_view_lists_each_host_and_names_one_that_is_down(pair):
    a, b, zone, (first, second) = pair
    engine = database.open_database(a.database_url)
    hosts = Hosts(engine)
    gone = "dr-gone-%s" % uuid.uuid4().hex[:6]
    # A host whose proxy is not there (nothing listens on port 9).
    hosts.register(gone, "http://127.0.0.1:9", zone)
    try:
        with drained(a, b.name):
            answer = a.call("admin", "GET", ADMIN_HOSTS, versioned=False)
        assert answer.status_code == 200, answer.text
        listed = {row["name"]: row for row in answer.json()["hosts"]}
    finally:
        hosts.remove(gone)
        engine.dispose()
    assert listed[gone]["up"] is False
    assert listed[gone]["docker_version"] is None
    for host, daemon_ in ((a, first), (b, second)):
        row = listed[host.name]
        assert row["up"] is True
        engine = docker.APIClient("unix://" + daemon_.socket)
        info = engine.info()
        assert row["docker_version"] == info["ServerVersion"]
        assert row["containers"] == info["Containers"]
        assert set(row["resources"]) >= {"VCPU", "MEMORY_MB"}
        usages = placement.get(placement.session(),
                               "/resource_providers/%s/usages"
                               % host.provider_uuid())["usages"]
        assert row["resources"]["MEMORY_MB"]["used"] == usages["MEMORY_MB"]
    assert listed[b.name]["drained"] is True
    assert listed[a.name]["drained"] is False


def test_the_stack_routing_endpoint_answers_the_hosts_view():
    answer = requests.get(stack.PROXY_URL + ADMIN_HOSTS, headers={
        "X-Auth-Token": stack.token("admin")}, timeout=60)
    assert answer.status_code == 200, answer.text
    names = {row["name"] for row in answer.json()["hosts"]}
    assert {"host1", "host2"} <= names
