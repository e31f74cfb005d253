"""The stack's dockerd has room for more project networks than Docker's
defaults give (31 subnets, each refused while a leftover bridge's route
overlaps it): a CI machine on which a dozen earlier runs left their bridges
once could not make even the demo project's network."""
import ipaddress
import os
import uuid

import docker

# Docker's default pools hold 31 subnets: one more than that must fit.
NETWORKS = 32


def test_dockerd_makes_more_networks_than_dockers_default_pools_hold():
    client = docker.APIClient(
        os.environ.get("DD_DOCKER_HOST", "unix:///var/run/docker.sock"))
    pool = ipaddress.ip_network(
        os.environ.get("DD_DOCKER_ADDRESS_POOL", "10.213.0.0/16"))
    prefix = "dd-test-pool-%s-" % uuid.uuid4().hex[:8]
    made = []
    try:
        for number in range(NETWORKS):
            made.append(client.create_network(
                prefix + str(number), driver="bridge")["Id"])
        subnets = [
            ipaddress.ip_network(
                client.inspect_network(network)["IPAM"]["Config"][0]["Subnet"])
            for network in made]
        assert all(subnet.subnet_of(pool) for subnet in subnets), subnets
        assert len(set(subnets)) == NETWORKS
    finally:
        for network in made:
            client.remove_network(network)
