"""Reading the proxies' audit lines (issue 14) in a test, and the
containers an admin acts on there: shared by the integration and the
browser tests of Admin -> Docker -> Containers."""
import contextlib
import os
import uuid

import docker

from tests import stack

# Each Docker host's proxy writes its own log.
HOST_LOGS = {"host1": "proxy.log", "host2": "proxy-host2.log"}
LOGS = [os.path.join(stack.STATE_DIR, "logs", name)
        for name in HOST_LOGS.values()]
AUDIT = "docker_dashboard.proxy.audit"
# The stack's availability zones: host1 is in nova, host2 in az2.
ZONES = {"host1": "nova", "host2": "az2"}


def ids():
    found = {}
    with open(os.path.join(stack.STATE_DIR, "projects.env"),
              encoding="utf-8") as env:
        for line in env:
            key, _eq, value = line.strip().partition("=")
            found[key] = value.strip("'\"")
    return found


@contextlib.contextmanager
def proxy_logs():
    """Yields a function answering what the proxies (both hosts': the
    container's host writes the line) logged since the block began; with a
    host's name, what that host's proxy logged."""
    offsets = {path: os.path.getsize(path) for path in LOGS
               if os.path.exists(path)}

    def written(host=None):
        text = ""
        for path, offset in offsets.items():
            if host and os.path.basename(path) != HOST_LOGS[host]:
                continue
            with open(path, encoding="utf-8", errors="replace") as log:
                log.seek(offset)
                text += log.read()
        return text
    yield written


def audit_lines(text, container_id):
    return [line for line in text.splitlines()
            if AUDIT in line and container_id in line]


@contextlib.contextmanager
def container_of(user, command=("sleep", "600"), host=None, name=None):
    """A running container of `user`'s project made through the proxy (on
    `host`, by asking for its zone); removed afterwards (as that user)
    whatever the test did to it."""
    client = stack.docker_client(user)
    labels = {"org.openstack.availability-zone": ZONES[host]} if host else {}
    created = client.create_container(
        "busybox:latest", list(command), labels=labels,
        name=name or "audit-%s-%s" % (user, uuid.uuid4().hex[:8]),
        host_config=client.create_host_config(mem_limit="64m",
                                              nano_cpus=10 ** 8))
    try:
        client.start(created["Id"])
        yield created["Id"]
    finally:
        try:
            client.remove_container(created["Id"], force=True)
        except docker.errors.NotFound:
            pass  # the test deleted it


def expected(action, container_id, project):
    known = ids()
    return ("admin user=%s project=%s action=%s container=%s "
            "container_project=%s" % (known["ADMIN_USER_ID"],
                                      known["ADMIN_PROJECT_ID"], action,
                                      container_id, known[project]))
