"""The local stack runs two Docker hosts on one machine and Placement
(stack/up.sh): host2's dockerd writes no iptables rules (one that did would
flush host1's when it starts), so the stack's own rules must make its
networks behave as another machine's: a network's containers reach each
other, nothing is routed between networks or hosts, and a published port
answers on the machine's addresses, from either host's containers too.

The proxies' service user must be able to write to Placement what a host
registers and claims, and a project member must not."""
import os
import uuid

import docker
import pytest
import requests

from tests import stack

HOST1 = os.environ.get("DD_DOCKER_HOST", "unix:///var/run/docker.sock")
HOST2 = "unix://" + os.environ.get("DD_HOST2_DOCKER_SOCK",
                                   "/var/run/dd-host2/docker.sock")
PLACEMENT_URL = "http://127.0.0.1:%s" % os.environ.get(
    "DD_PLACEMENT_PORT", "8778")
SERVICE_PASSWORD = os.environ.get("DD_SERVICE_PASSWORD", "service-secret")
IMAGE = "busybox:latest"
# Each web server answers with its host's name.
WEB = ["sh", "-c", 'echo "$0" >/var/www/index.html; '
       'exec httpd -f -p 8080 -h /var/www']


def daemon(url):
    return docker.APIClient(base_url=url, version="1.41", timeout=60)


class Host:
    """One Docker host's test objects, removed by `clean`."""

    def __init__(self, name, url, prefix):
        self.name, self.client, self.prefix = name, daemon(url), prefix
        self.containers, self.networks = [], []

    def network(self, suffix):
        name = "%s-%s" % (self.prefix, suffix)
        self.networks.append(self.client.create_network(name)["Id"])
        return name

    def run(self, suffix, network, command, port=None):
        name = "%s-%s" % (self.prefix, suffix)
        host_config = self.client.create_host_config(
            network_mode=network,
            port_bindings={8080: port} if port else None)
        container = self.client.create_container(
            IMAGE, command, name=name, host_config=host_config,
            ports=[8080] if port else None)["Id"]
        self.containers.append(container)
        self.client.start(container)
        return container

    def address(self, container):
        networks = self.client.inspect_container(container)[
            "NetworkSettings"]["Networks"]
        return next(iter(networks.values()))["IPAddress"]

    def gateway(self, network):
        return self.client.inspect_network(network)["IPAM"]["Config"][0][
            "Gateway"]

    def fetch(self, container, address, port):
        """What `container` reads from http://address:port/ (busybox nc,
        three seconds at most), "" when nothing answers."""
        command = ["sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | "
                   "nc -w 3 %s %s" % (address, port)]
        run = self.client.exec_create(container, command, stderr=False)
        output = self.client.exec_start(run["Id"]).decode(errors="replace")
        return output.strip().splitlines()[-1] if output.strip() else ""

    def clean(self):
        for container in self.containers:
            self.client.remove_container(container, force=True)
        for network in self.networks:
            self.client.remove_network(network)


@pytest.fixture(scope="module")
def hosts():
    prefix = "dd-test-hosts-%s" % uuid.uuid4().hex[:8]
    one, two = Host("host1", HOST1, prefix), Host("host2", HOST2, prefix)
    try:
        ports = {"host1": stack.free_port(), "host2": stack.free_port()}
        one.web_network = one.network("web1")
        one.other_network = one.network("other1")
        two.web_network = two.network("web2")
        two.other_network = two.network("other2")
        for host in (one, two):
            host.port = ports[host.name]
            host.web = host.run("web-" + host.name, host.web_network,
                                WEB + [host.name], port=host.port)
            host.peer = host.run("peer-" + host.name, host.web_network,
                                 ["sleep", "600"])
            host.other = host.run("other-" + host.name, host.other_network,
                                  ["sleep", "600"])
        yield one, two
    finally:
        one.clean()
        two.clean()


def test_a_published_port_answers_on_the_machine_for_each_host(hosts):
    for host in hosts:
        answer = requests.get("http://127.0.0.1:%d/" % host.port, timeout=10)
        assert answer.text.strip() == host.name


def test_containers_of_one_network_reach_each_other_on_each_host(hosts):
    for host in hosts:
        assert host.fetch(host.peer, host.address(host.web), 8080) \
            == host.name


def test_nothing_is_routed_between_networks_or_hosts(hosts):
    one, two = hosts
    # Another network on the same host.
    for host in hosts:
        assert host.fetch(host.other, host.address(host.web), 8080) == ""
    # Straight to a container of the other host, by its address.
    assert one.fetch(one.other, two.address(two.web), 8080) == ""
    assert two.fetch(two.other, one.address(one.web), 8080) == ""


def test_a_container_reaches_the_other_hosts_published_port(hosts):
    one, two = hosts
    # Through the machine's address on the container's own network, as it
    # would reach another machine's published port.
    assert one.fetch(one.other, one.gateway(one.other_network), two.port) \
        == "host2"
    assert two.fetch(two.other, two.gateway(two.other_network), one.port) \
        == "host1"


def test_host2_holds_host1s_base_image():
    assert daemon(HOST2).inspect_image(IMAGE)["Id"] \
        == daemon(HOST1).inspect_image(IMAGE)["Id"]


def test_the_seeded_containers_carry_their_host():
    demo = stack.project_ids()["demo"]
    for url, name, host in ((HOST1, "demo-web", "host1"),
                            (HOST1, "demo-worker", "host1"),
                            (HOST2, "demo-cache", "host2")):
        labels = daemon(url).inspect_container(name)["Config"]["Labels"]
        assert labels["org.openstack.docker-host"] == host
        assert labels["org.openstack.project-id"] == demo


def service_token():
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "docker-proxy", "password": SERVICE_PASSWORD,
            "domain": {"id": "default"}}}},
        "scope": {"project": {"name": "service",
                              "domain": {"id": "default"}}},
    }}
    resp = requests.post(stack.KEYSTONE_URL + "/auth/tokens", json=body,
                         timeout=30)
    resp.raise_for_status()
    return resp.headers["X-Subject-Token"]


def placement(token_value):
    session = requests.Session()
    session.headers.update({"X-Auth-Token": token_value,
                            "OpenStack-API-Version": "placement 1.39"})
    return session


def test_the_proxies_service_user_writes_what_a_host_needs_to_placement():
    api = placement(service_token())
    provider, consumer = str(uuid.uuid4()), str(uuid.uuid4())
    trait = "CUSTOM_DD_TEST_%s" % uuid.uuid4().hex[:8].upper()
    url = PLACEMENT_URL + "/resource_providers/" + provider
    made = api.post(PLACEMENT_URL + "/resource_providers", timeout=30, json={
        "name": "dd-test-" + provider, "uuid": provider})
    assert made.status_code == 200, made.text
    try:
        steps = [
            api.put(url + "/inventories", timeout=30, json={
                "resource_provider_generation": 0,
                "inventories": {"VCPU": {"total": 2, "allocation_ratio": 64},
                                "MEMORY_MB": {"total": 1024}}}),
            api.put(PLACEMENT_URL + "/traits/" + trait, timeout=30),
            api.put(url + "/traits", timeout=30, json={
                "resource_provider_generation": 1, "traits": [trait]}),
            api.put(url + "/aggregates", timeout=30, json={
                "resource_provider_generation": 2,
                "aggregates": [str(uuid.uuid4())]}),
            api.put(PLACEMENT_URL + "/allocations/" + consumer, timeout=30,
                    json={"allocations": {provider: {"resources": {
                        "VCPU": 1, "MEMORY_MB": 64}}},
                        "project_id": stack.project_ids()["demo"],
                        "user_id": "dd-test", "consumer_generation": None,
                        "consumer_type": "INSTANCE"}),
        ]
        assert [s.status_code for s in steps] == [200, 201, 200, 200, 204], \
            [s.text for s in steps]
        usages = api.get(url + "/usages", timeout=30).json()["usages"]
        assert usages == {"VCPU": 1, "MEMORY_MB": 64}
    finally:
        api.delete(PLACEMENT_URL + "/allocations/" + consumer, timeout=30)
        api.delete(url, timeout=30)
        api.delete(PLACEMENT_URL + "/traits/" + trait, timeout=30)
    assert api.get(url, timeout=30).status_code == 404


def test_a_project_member_writes_nothing_to_placement():
    api = placement(stack.token("demo"))
    provider = str(uuid.uuid4())
    refused = api.post(PLACEMENT_URL + "/resource_providers", timeout=30,
                       json={"name": "dd-test-" + provider, "uuid": provider})
    assert refused.status_code == 403
    assert api.get(PLACEMENT_URL + "/resource_providers",
                   timeout=30).status_code == 403
