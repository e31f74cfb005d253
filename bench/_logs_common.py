"""Shared by the logs benchmarks: a demo container created through the
proxy, a ticket from the stack's shared secret, a WebSocket reader, and a
proxy process of the benchmark's own when one is measured alone."""
import contextlib
import os
import uuid

import requests

from docker_dashboard import tickets
from tests import stack

ORIGIN = "http://127.0.0.1:8000"
WS_BASE = stack.PROXY_URL.replace("http://", "ws://", 1)


def ticket(container_id, action="logs"):
    secret = tickets.read_secret_file(
        os.path.join(stack.STATE_DIR, "ticket_secret"))
    return tickets.mint(secret, stack.project_ids()["demo"], "bench",
                        container_id, action)


def logs_url(container_id, base=WS_BASE, **query):
    query.setdefault("ticket", ticket(container_id))
    return "%s/ws/containers/%s/logs?%s" % (
        base, container_id, "&".join("%s=%s" % kv for kv in query.items()))


@contextlib.contextmanager
def demo_container(command, wait_exit=False):
    client = stack.docker_client("demo")
    created = client.create_container(
        "busybox:latest", command, name="p5-bench-%s" % uuid.uuid4().hex[:8],
        host_config=client.create_host_config(mem_limit="128m",
                                              nano_cpus=1_000_000_000))
    client.start(created["Id"])
    try:
        if wait_exit:
            client.wait(created["Id"])
        yield created["Id"]
    finally:
        remove_own_container(created["Id"])


def remove_own_container(container_id):
    try:
        stack.docker_client("demo").remove_container(container_id, force=True)
    except requests.ConnectionError:
        # The shared proxy is being restarted: remove our own container on
        # the daemon directly rather than leave it behind.
        import docker
        docker.APIClient("unix:///var/run/docker.sock").remove_container(
            container_id, force=True)


def timestamp_ns(ts):
    from docker_dashboard.proxy.streams.timestamps import timestamp_ns as parse
    return parse(ts)


@contextlib.contextmanager
def own_proxy():
    """A proxy process for this benchmark alone (its RSS is the figure)."""
    with stack.own_proxy() as (process, url):
        yield process, "ws" + url[len("http"):]


def rss_mb(pid, field="VmRSS"):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
