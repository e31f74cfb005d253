"""A Keystone project and a member user of its own for one test, made
with the admin's credentials and removed at the end: what the test counts
in it (containers, usage, quotas) is its own whatever else runs.

    with throwaway_project.made() as project: ...

The user's password logs in to Horizon as well (name: project.name)."""
import contextlib
import uuid

import docker
import requests

from docker_dashboard.proxy import project_network
from tests import stack
from tests.conftest import DAEMON_SOCKETS

QUOTA_RESOURCES = ("containers", "class:VCPU", "class:MEMORY_MB")


def keystone(method, path, **kwargs):
    answer = requests.request(
        method, stack.KEYSTONE_URL + path, timeout=30,
        headers={"X-Auth-Token": stack.token("admin")}, **kwargs)
    answer.raise_for_status()
    return answer.json() if answer.content else None


def quotas_put(project_id, body, token=None):
    """`PUT /dd/quotas/{project_id}` on the routing endpoint (as the admin
    unless `token`)."""
    return requests.put(stack.PROXY_URL + "/dd/quotas/%s" % project_id,
                        json=body, timeout=60, headers={
                            "X-Auth-Token": token or stack.token("admin")})


class Project:
    def __init__(self):
        self.name = "dd-quota-%s" % uuid.uuid4().hex[:10]
        self.id = keystone("POST", "/projects", json={"project": {
            "name": self.name, "domain_id": "default"}})["project"]["id"]
        self.password = uuid.uuid4().hex
        self.user_id = None
        self.user_id = keystone("POST", "/users", json={"user": {
            "name": self.name, "domain_id": "default",
            "default_project_id": self.id,
            "password": self.password}})["user"]["id"]
        member = keystone("GET", "/roles", params={"name": "member"})
        keystone("PUT", "/projects/%s/users/%s/roles/%s" % (
            self.id, self.user_id, member["roles"][0]["id"]))
        answer = requests.post(stack.KEYSTONE_URL + "/auth/tokens", json={
            "auth": {"identity": {"methods": ["password"], "password": {
                "user": {"id": self.user_id, "password": self.password}}},
                "scope": {"project": {"id": self.id}}}}, timeout=30)
        answer.raise_for_status()
        self.token = answer.headers["X-Subject-Token"]

    def client(self):
        return stack.docker_client(token_value=self.token)

    def launch(self, mem_limit=64 * 1024 ** 2, nano_cpus=250000000,
               image="busybox:latest"):
        client = self.client()
        return client.create_container(
            image, ["sleep", "600"], host_config=client.create_host_config(
                mem_limit=mem_limit, nano_cpus=nano_cpus))

    def containers(self):
        return self.client().containers(all=True)

    def remove(self):
        try:
            client = self.client()
            for left in client.containers(all=True):
                client.remove_container(left["Id"], force=True)
            remove_networks(self.id)
        finally:
            try:
                # Its own limits would go with it in Keystone; removed
                # first anyway, so none is left if the delete fails.
                quotas_put(self.id, dict.fromkeys(QUOTA_RESOURCES))
            finally:
                if self.user_id:
                    keystone("DELETE", "/users/%s" % self.user_id)
                keystone("DELETE", "/projects/%s" % self.id)


def remove_networks(project_id):
    """The project's network on each Docker host (the proxy makes one on
    a host at its first launch there and never removes it): each is a
    bridge and an address range of the host's pool, which a run making
    many projects would otherwise use up."""
    for socket in DAEMON_SOCKETS:
        daemon = docker.APIClient(base_url="unix://" + socket)
        try:
            for network in project_networks(daemon, project_id):
                try:
                    daemon.remove_network(network["Id"])
                except docker.errors.NotFound:
                    pass
        finally:
            daemon.close()


def project_networks(daemon, project_id):
    """The daemon's networks named as the project's (Docker's name filter
    matches a part of the name: the exact name is kept)."""
    name = project_network.name_for(project_id)
    return [network for network in daemon.networks(names=[name])
            if network["Name"] == name]


@contextlib.contextmanager
def made():
    project = Project()
    try:
        yield project
    finally:
        project.remove()
