"""A host proxy with Placement, against the real Placement and a dockerd of
the test's own: its host registered as a resource provider, each launch
claimed for the caller, each delete released, a full host refusing the
next launch, the audit healing drift both ways, and allocations equal to
containers after many concurrent launches and deletes."""
import asyncio
import concurrent.futures
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from unittest import mock

import docker
import pytest
import requests

from docker_dashboard.proxy.rules import placement as rules
from tests import placement
from tests import private_dockerd
from tests import stack

MIB = 1024 ** 2
LIMITS = {"mem_limit": 64 * MIB, "nano_cpus": 500000000}
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def memory_mb():
    """The machine's memory in MiB, as dockerd counts it (MemTotal)."""
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    raise RuntimeError("no MemTotal in /proc/meminfo")


@contextlib.contextmanager
def host_proxy(daemon, **settings):
    """A proxy of its own in front of `daemon`, registered in Placement
    under a name of its own; yields (url, provider uuid, its settings).
    Its provider and allocations are deleted at the end."""
    state_dir = tempfile.mkdtemp(prefix="dd-placement-")
    env = dict(placement.service_settings(), DD_DOCKER_SOCKET=daemon.socket,
               DD_PROXY_STATE=state_dir,
               DD_HOST_NAME="dd-test-%s" % uuid.uuid4().hex[:8],
               # The image the tests launch, copied from the shared daemon.
               DD_PUBLIC_IMAGES="busybox:latest",
               # Audits are run by the tests, not by the clock.
               DD_INVENTORY_INTERVAL=3600)
    env.update(settings)
    session = placement.session()
    kept = os.path.join(state_dir, "provider_uuid")
    try:
        # DD_TEST_PROXY_LOG: a file for the proxies' logs, when debugging.
        with stack.own_proxy(log=os.environ.get("DD_TEST_PROXY_LOG"),
                             **env) as (_, url):
            yield url, read(kept), env
    finally:
        if os.path.exists(kept):  # registered, or about to be
            placement.remove_provider(session, read(kept))
        subprocess.run(["rm", "-rf", state_dir], check=False)


def read(path):
    with open(path, encoding="ascii") as kept:
        return kept.read().strip()


@pytest.fixture(scope="module")
def daemon():
    with private_dockerd.running("place", "172.31.250.1/24") as daemon:
        daemon.copy_image("busybox:latest")
        engine = docker.APIClient("unix://" + daemon.socket, version="1.41")
        for left in engine.containers(all=True):  # an earlier run's
            engine.remove_container(left["Id"], force=True)
        yield daemon


@pytest.fixture(scope="module")
def host(daemon):
    # Room for the 50 containers of 1 vCPU the concurrency test keeps at
    # once on this 2-core machine (Nova's default ratio, 16, holds 32).
    with host_proxy(daemon, DD_CPU_ALLOCATION_RATIO=64) as proxy:
        yield proxy


@pytest.fixture(scope="module")
def service():
    return placement.session()


def caller(user):
    """(token, project id, user id) of a seeded user."""
    token = stack.token(user)
    body = requests.get(stack.KEYSTONE_URL + "/auth/tokens", headers={
        "X-Auth-Token": token, "X-Subject-Token": token}, timeout=30).json()
    return token, body["token"]["project"]["id"], body["token"]["user"]["id"]


def consumer_of(client, container_id):
    return client.inspect_container(container_id)["Config"]["Labels"][
        rules.CONSUMER_LABEL]


def allocation(service, consumer):
    return placement.get(service, "/allocations/" + consumer)


@contextlib.contextmanager
def removed_at_end(client):
    made = []
    try:
        yield made
    finally:
        for container_id in made:
            try:
                client.remove_container(container_id, force=True)
            except docker.errors.NotFound:
                pass


def test_the_host_is_a_provider_with_its_inventory_trait_and_zone(
        daemon, host, service):
    url, provider, env = host
    found = placement.get(service, "/resource_providers/" + provider)
    assert found["name"] == env["DD_HOST_NAME"]
    info = docker.APIClient("unix://" + daemon.socket).info()
    inventories = placement.get(
        service, "/resource_providers/%s/inventories" % provider)[
            "inventories"]
    assert inventories["VCPU"]["total"] == info["NCPU"]
    assert inventories["VCPU"]["allocation_ratio"] == 64.0
    assert inventories["MEMORY_MB"]["total"] == info["MemTotal"] // MIB
    assert inventories["MEMORY_MB"]["reserved"] == 512
    statvfs = os.statvfs(info["DockerRootDir"])
    assert inventories["DISK_GB"]["total"] == (
        statvfs.f_blocks * statvfs.f_frsize // 1024 ** 3)
    traits = placement.get(service, "/resource_providers/%s/traits"
                           % provider)["traits"]
    assert "CUSTOM_DOCKER_HOST" in traits
    aggregates = placement.get(service, "/resource_providers/%s/aggregates"
                               % provider)["aggregates"]
    assert aggregates == [rules.aggregate_of("nova")]
    # Placement offers the host for a container, in its zone only.
    candidates = placement.get(
        service, "/allocation_candidates",
        **rules.candidates_query({"VCPU": 1, "MEMORY_MB": 64}, "nova"))
    assert provider in candidates["provider_summaries"]
    elsewhere = placement.get(
        service, "/allocation_candidates",
        **rules.candidates_query({"VCPU": 1, "MEMORY_MB": 64}, "no-such"))
    assert provider not in elsewhere["provider_summaries"]


def test_a_launch_is_claimed_for_the_caller_and_its_delete_releases_it(
        host, service):
    url, provider, _ = host
    token, project_id, user_id = caller("demo")
    client = stack.docker_client(token_value=token, base_url=url)
    with removed_at_end(client) as made:
        # A consumer label the caller sends is not the one kept.
        sent = str(uuid.uuid4())
        container = client.create_container(
            "busybox:latest", command=["sleep", "600"],
            labels={rules.CONSUMER_LABEL: sent},
            host_config=client.create_host_config(**LIMITS))
        made.append(container["Id"])
        consumer = consumer_of(client, container["Id"])
        assert consumer != sent
        claimed = allocation(service, consumer)
        assert list(claimed["allocations"]) == [provider]
        assert claimed["allocations"][provider]["resources"] == {
            "VCPU": 1, "MEMORY_MB": 64}
        assert claimed["consumer_type"] == "CONTAINER"
        assert claimed["project_id"] == project_id
        assert claimed["user_id"] == user_id
        assert allocation(service, sent)["allocations"] == {}
        # `docker rm -f` of a running container.
        client.start(container["Id"])
        client.remove_container(container["Id"], force=True)
        assert allocation(service, consumer)["allocations"] == {}


def test_an_update_of_the_limits_resizes_the_allocation(host, service):
    url, provider, _ = host
    client = stack.docker_client("demo", base_url=url)
    with removed_at_end(client) as made:
        container = client.create_container(
            "busybox:latest", host_config=client.create_host_config(**LIMITS))
        made.append(container["Id"])
        consumer = consumer_of(client, container["Id"])
        # As `docker update --cpus 1.5 --memory 128m` sends it.
        client._raise_for_status(client._post_json(
            client._url("/containers/{0}/update", container["Id"]),
            data={"Memory": 128 * MIB, "MemorySwap": 256 * MIB,
                  "NanoCpus": 1500000000}))
        assert placement.allocations_on(service, provider)[consumer] == {
            "VCPU": 2, "MEMORY_MB": 128}
        # An update dockerd refuses (below its 6 MB minimum) leaves it as
        # it was.
        with pytest.raises(docker.errors.APIError) as refused:
            client.update_container(container["Id"], mem_limit=4 * MIB,
                                    memswap_limit=8 * MIB)
        assert "Minimum memory limit" in refused.value.explanation
        assert placement.allocations_on(service, provider)[consumer] == {
            "VCPU": 2, "MEMORY_MB": 128}


def test_a_prune_releases_what_it_removed(host, service):
    url, provider, _ = host
    client = stack.docker_client("demo", base_url=url)
    with removed_at_end(client) as made:
        container = client.create_container(
            "busybox:latest", host_config=client.create_host_config(**LIMITS))
        made.append(container["Id"])
        consumer = consumer_of(client, container["Id"])
        assert consumer in placement.allocations_on(service, provider)
        pruned = client.prune_containers()
        assert container["Id"] in pruned["ContainersDeleted"]
        assert consumer not in placement.allocations_on(service, provider)


def test_a_create_dockerd_refuses_leaves_no_allocation(host, service):
    url, provider, _ = host
    client = stack.docker_client("demo", base_url=url)
    name = "dd-place-%s" % uuid.uuid4().hex[:8]
    with removed_at_end(client) as made:
        first = client.create_container(
            "busybox:latest", name=name,
            host_config=client.create_host_config(**LIMITS))
        made.append(first["Id"])
        before = placement.allocations_on(service, provider)
        with pytest.raises(docker.errors.APIError) as refused:
            client.create_container(
                "busybox:latest", name=name,
                host_config=client.create_host_config(**LIMITS))
        assert refused.value.status_code == 409
        assert placement.allocations_on(service, provider) == before


def test_a_full_host_refuses_the_next_launch_and_creates_nothing(
        daemon, service):
    # Room for 150 MiB: two containers of 64 MiB, not a third.
    with host_proxy(daemon, DD_RESERVED_HOST_MEMORY_MB=memory_mb() - 150) as (
            url, provider, _):
        client = stack.docker_client("demo", base_url=url)
        with removed_at_end(client) as made:
            for _ in range(2):
                made.append(client.create_container(
                    "busybox:latest",
                    host_config=client.create_host_config(**LIMITS))["Id"])
            name = "dd-place-full-%s" % uuid.uuid4().hex[:8]
            with pytest.raises(docker.errors.APIError) as refused:
                client.create_container(
                    "busybox:latest", name=name,
                    host_config=client.create_host_config(**LIMITS))
            assert refused.value.status_code == 409
            assert refused.value.explanation == (
                "No Docker host has room for 1 vCPU and 64 MiB of memory "
                "(in zone nova)")
            assert client.containers(all=True, filters={"name": name}) == []
            assert len(placement.allocations_on(service, provider)) == 2
            # An update past the room left is refused too, and changes
            # neither the container nor its allocation.
            with pytest.raises(docker.errors.APIError) as refused:
                client.update_container(made[0], mem_limit=96 * MIB,
                                        memswap_limit=192 * MIB)
            assert refused.value.status_code == 409
            assert refused.value.explanation == (
                "No Docker host has room for 1 vCPU and 96 MiB of memory "
                "(in zone nova)")
            assert client.inspect_container(made[0])["HostConfig"][
                "Memory"] == 64 * MIB
            assert placement.allocations_on(service, provider)[
                consumer_of(client, made[0])] == {"VCPU": 1, "MEMORY_MB": 64}
            # A delete makes room again.
            client.remove_container(made.pop(), force=True)
            made.append(client.create_container(
                "busybox:latest", name=name,
                host_config=client.create_host_config(**LIMITS))["Id"])


def run_audit(env):
    done = subprocess.run(
        [sys.executable, "-m", "docker_dashboard.proxy.placement.audit"],
        env=dict(os.environ, PYTHONPATH=REPO,
                 DD_KEYSTONE_URL=stack.KEYSTONE_URL,
                 **{k: str(v) for k, v in env.items()}),
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_audit_heals_both_ways(daemon, host, service):
    url, provider, env = host
    token, project_id, user_id = caller("alt_demo")
    client = stack.docker_client(token_value=token, base_url=url)
    engine = docker.APIClient("unix://" + daemon.socket, version="1.41")
    with removed_at_end(client) as made:
        # Made straight on dockerd, with a project's labels: no allocation.
        straight = engine.create_container(
            "busybox:latest", labels={"org.openstack.project-id": project_id,
                                      "org.openstack.user-id": user_id},
            host_config=engine.create_host_config(mem_limit=96 * MIB,
                                                  nano_cpus=1500000000))
        made.append(straight["Id"])
        # Made through the proxy, then removed straight on dockerd: its
        # allocation goes with dockerd's destroy event.
        through = client.create_container(
            "busybox:latest", host_config=client.create_host_config(**LIMITS))
        removed = consumer_of(client, through["Id"])
        engine.remove_container(through["Id"], force=True)
        wait_for(lambda: removed not in placement.allocations_on(
            service, provider))
        # What a proxy that died between its claim and its create leaves:
        # an allocation with no container.
        gone = str(uuid.uuid4())
        service.put(placement.PLACEMENT_URL + "/allocations/" + gone, json={
            "allocations": {provider: {"resources": {"VCPU": 1,
                                                     "MEMORY_MB": 64}}},
            "consumer_generation": None, "project_id": project_id,
            "user_id": user_id, "consumer_type": "CONTAINER"},
            timeout=30).raise_for_status()
        assert gone in placement.allocations_on(service, provider)

        printed = run_audit(env)

        healed = str(uuid.uuid5(rules.CONSUMERS, straight["Id"]))
        held = allocation(service, healed)
        assert held["allocations"][provider]["resources"] == {
            "VCPU": 2, "MEMORY_MB": 96}
        assert (held["project_id"], held["user_id"]) == (project_id, user_id)
        assert gone not in placement.allocations_on(service, provider)
        assert "claimed: container %s" % straight["Id"] in printed
        assert "released: allocation %s" % gone in printed
        # Healed: a second audit finds nothing to do, and the healed
        # container's delete through the proxy releases its allocation.
        assert "0 claimed, 0 released" in run_audit(env)
        client.remove_container(straight["Id"])
        assert healed not in placement.allocations_on(service, provider)


def test_limits_changed_straight_on_dockerd_resize_the_allocation(
        daemon, host, service):
    url, provider, _ = host
    token, _, _ = caller("demo")
    client = stack.docker_client(token_value=token, base_url=url)
    engine = docker.APIClient("unix://" + daemon.socket, version="1.41")
    with removed_at_end(client) as made:
        made_id = client.create_container(
            "busybox:latest", host_config=client.create_host_config(
                **LIMITS))["Id"]
        made.append(made_id)
        consumer = consumer_of(client, made_id)
        assert allocation(service, consumer)["allocations"][provider][
            "resources"] == {"VCPU": 1, "MEMORY_MB": 64}
        # Around the proxy: its `update` event carries the change.
        engine.update_container(made_id, mem_limit=160 * MIB,
                                memswap_limit=-1)
        wait_for(lambda: allocation(service, consumer)["allocations"][
            provider]["resources"] == {"VCPU": 1, "MEMORY_MB": 160})
        # Through the proxy, as before: claimed first, and the event's
        # echo changes nothing more.
        client.update_container(made_id, mem_limit=96 * MIB,
                                memswap_limit=96 * MIB)
        assert allocation(service, consumer)["allocations"][provider][
            "resources"] == {"VCPU": 1, "MEMORY_MB": 96}


def test_allocations_equal_containers_after_concurrent_launches_and_deletes(
        daemon, host, service):
    url, provider, _ = host
    token = stack.token("demo")

    def launch(number):
        client = stack.docker_client(token_value=token, base_url=url)
        made = client.create_container(
            "busybox:latest", host_config=client.create_host_config(**LIMITS))
        if number % 2:
            client.remove_container(made["Id"], force=True)
        return made["Id"]

    engine = docker.APIClient("unix://" + daemon.socket, version="1.41")
    client = stack.docker_client(token_value=token, base_url=url)
    with removed_at_end(client) as made:
        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            made.extend(pool.map(launch, range(100)))
        kept = engine.containers(all=True)
        assert len(kept) == 50
        assert set(placement.allocations_on(service, provider)) == {
            c["Labels"][rules.CONSUMER_LABEL] for c in kept}
        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            list(pool.map(lambda c: stack.docker_client(
                token_value=token, base_url=url).remove_container(
                    c["Id"], force=True), kept))
        assert placement.allocations_on(service, provider) == {}


class Relay:
    """A TCP port in front of Placement that refuses ("refuse"), passes on
    ("forward") or takes and never answers ("silent") each connection."""

    def __init__(self, target):
        self.target = target
        self.mode = "refuse"
        self.open = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        # Blocking whatever socket.setdefaulttimeout another test set.
        self.listener.settimeout(None)
        self.url = "http://127.0.0.1:%d" % self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def switch(self, mode):
        """From now on, `mode`; the connections already open are cut, so
        a kept-alive one does not carry on as before."""
        self.mode = mode
        for conn in self.open:
            conn.close()
        self.open = []

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # closed
            conn.settimeout(None)
            if self.mode == "refuse":
                conn.close()
                continue
            self.open.append(conn)
            if self.mode == "forward":
                upstream = socket.create_connection(self.target)
                upstream.settimeout(None)
                self.open.append(upstream)
                for one, other in ((conn, upstream), (upstream, conn)):
                    threading.Thread(target=self._pump, args=(one, other),
                                     daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            end.close()

    def close(self):
        self.listener.close()
        self.switch("refuse")


def test_placement_away_at_start_then_back_then_silent(daemon, service):
    target = urllib.parse.urlsplit(placement.PLACEMENT_URL)
    relay = Relay((target.hostname, target.port))
    name = "dd-test-%s" % uuid.uuid4().hex[:8]
    try:
        with host_proxy(daemon, DD_PLACEMENT_URL=relay.url, DD_HOST_NAME=name,
                        DD_INVENTORY_INTERVAL=1, DD_KEYSTONE_TIMEOUT=2) as (
                url, provider, _):
            client = stack.docker_client("demo", base_url=url)
            with removed_at_end(client) as made:
                # Away at start: the proxy serves, a launch waits for it.
                assert client.containers(all=True) == []
                with pytest.raises(docker.errors.APIError) as refused:
                    client.create_container(
                        "busybox:latest",
                        host_config=client.create_host_config(**LIMITS))
                assert refused.value.status_code == 503
                assert "not registered in Placement yet" in (
                    refused.value.explanation)
                assert client.containers(all=True) == []
                # Back: the proxy registers by itself, launches are claimed.
                relay.switch("forward")

                def launched():
                    try:
                        made.append(client.create_container(
                            "busybox:latest", host_config=(
                                client.create_host_config(**LIMITS)))["Id"])
                    except docker.errors.APIError as refused:
                        # Refused, nothing made, until it has registered.
                        assert refused.status_code == 503
                        return False
                    return True
                wait_for(launched)
                assert consumer_of(client, made[0]) in (
                    placement.allocations_on(service, provider))
                # Silent: the launch is answered 504, naming Placement.
                relay.switch("silent")
                with pytest.raises(docker.errors.APIError) as refused:
                    client.create_container(
                        "busybox:latest",
                        host_config=client.create_host_config(**LIMITS))
                assert refused.value.status_code == 504
                assert refused.value.explanation == (
                    "Placement did not answer within 2 s")
                assert len(client.containers(all=True)) == 1
                relay.switch("forward")
    finally:
        relay.close()


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("not met within %d s" % seconds)
        time.sleep(0.2)  # the proxy registers in the background


def test_a_second_host_of_the_same_name_is_refused_at_start(host):
    _, provider, env = host
    state_dir = tempfile.mkdtemp(prefix="dd-placement-")
    try:
        # The same name, another state folder: another provider uuid.
        settings = dict(env, DD_PROXY_STATE=state_dir,
                        DD_PROXY_PORT=stack.free_port())
        done = subprocess.run(
            [sys.executable, "-m", "docker_dashboard.proxy"],
            env=dict(os.environ, PYTHONPATH=REPO,
                     DD_KEYSTONE_URL=stack.KEYSTONE_URL,
                     **{k: str(v) for k, v in settings.items()}),
            capture_output=True, text=True, timeout=60)
    finally:
        subprocess.run(["rm", "-rf", state_dir], check=False)
    assert done.returncode == 1
    assert ("Placement already has a resource provider named %s (%s)"
            % (env["DD_HOST_NAME"], provider)) in done.stderr


def placement_app(env, provider=None):
    """What the placement package needs of an app, for calls made from
    the test: the proxy's settings, a client and this host's state."""
    from docker_dashboard.proxy.config import ProxyConfig
    from docker_dashboard.proxy.placement.client import PlacementClient
    from docker_dashboard.proxy.placement.this_host import ThisHost
    with mock.patch.dict(os.environ, {k: str(v) for k, v in env.items()}):
        config = ProxyConfig.from_env()
    return {"config": config, "placement": PlacementClient(config),
            "placement_host": ThisHost(provider)}


def test_hosts_with_room_are_those_placement_offers_in_the_strategys_order(
        daemon, host):
    from docker_dashboard.proxy.placement import candidates
    _, roomy, env = host
    small = {"VCPU": 1, "MEMORY_MB": 64}

    async def ask(strategy, resources, zone=None):
        app = placement_app(dict(env, DD_PLACEMENT_STRATEGY=strategy))
        try:
            return await candidates.hosts_with_room(app, resources, zone)
        finally:
            await app["placement"].close()

    with host_proxy(daemon, DD_RESERVED_HOST_MEMORY_MB=memory_mb() - 150) as (
            _, tight, _):
        spread = asyncio.run(ask("spread", small))
        assert spread.index(roomy) < spread.index(tight)
        pack = asyncio.run(ask("pack", small))
        assert pack.index(tight) < pack.index(roomy)
        # More than the tight host has: only the roomy one of the two.
        bigger = asyncio.run(ask("spread", {"VCPU": 1, "MEMORY_MB": 200}))
        assert roomy in bigger and tight not in bigger
        # Another zone: neither.
        elsewhere = asyncio.run(ask("spread", small, "no-such-zone"))
        assert roomy not in elsewhere and tight not in elsewhere


def test_a_token_placement_refuses_is_replaced_once(host):
    from docker_dashboard.proxy.placement.service_token import ServiceToken
    _, provider, env = host
    app = placement_app(env, provider)
    real = ServiceToken(app["config"])

    class Revoked:
        """Hands out a token Keystone no longer knows, then real ones."""
        forgotten = []

        async def get(self):
            return "revoked" if not self.forgotten else await real.get()

        def forget(self, token):
            self.forgotten.append(token)

        async def close(self):
            await real.close()

    async def read():
        from docker_dashboard.proxy.placement.client import PlacementClient
        client = PlacementClient(app["config"], token=Revoked())
        try:
            return await client.call("GET", "/resource_providers/" + provider)
        finally:
            await client.close()
            await app["placement"].close()

    status, body = asyncio.run(read())
    assert status == 200 and body["uuid"] == provider
    assert Revoked.forgotten == ["revoked"]


def test_a_container_dockerd_removes_itself_is_released(host, service):
    url, provider, _ = host
    client = stack.docker_client("demo", base_url=url)
    with removed_at_end(client) as made:
        # `docker run --rm`: dockerd removes it when it exits, no delete
        # reaches the proxy; its destroy event does.
        container = client.create_container(
            "busybox:latest", command=["true"],
            host_config=client.create_host_config(auto_remove=True, **LIMITS))
        made.append(container["Id"])
        consumer = consumer_of(client, container["Id"])
        assert consumer in placement.allocations_on(service, provider)
        client.start(container["Id"])
        wait_for(lambda: consumer not in placement.allocations_on(
            service, provider))
        assert client.containers(all=True,
                                 filters={"id": container["Id"]}) == []
