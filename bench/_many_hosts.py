"""Shared by the many-hosts benchmarks (issue 13): the stack's two Docker
hosts, a third host of the benchmark's own, and containers made straight on
a daemon, labelled the way a host proxy labels them.

The stack runs host1 (the routing endpoint, 8790, in front of
/var/run/docker.sock, zone nova) and host2 (8791, in front of its own
dockerd, zone az2); both share one state database, whose hosts table is how
a proxy learns the others (docker_dashboard/proxy/state/hosts.py).
"""
import concurrent.futures
import contextlib
import os
import shutil
import tempfile

import docker
import sqlalchemy as sa

from docker_dashboard.proxy.rules.hosts import HOST_LABEL
from docker_dashboard.proxy.rules.hosts import ZONE_LABEL
from docker_dashboard.proxy.state.hosts import Hosts
from tests import private_dockerd
from tests import stack

PROJECT_LABEL = "org.openstack.project-id"
USER_LABEL = "org.openstack.user-id"
BENCH_LABEL = "org.docker-dashboard.bench"
IMAGE = "busybox:latest"

HOST2_PROXY_URL = os.environ.get("DD_HOST2_PROXY_URL", "http://127.0.0.1:8791")
# Each stack host's daemon, by the name its proxy gives it (DD_HOST_NAME).
SOCKETS = {
    "host1": "unix://" + os.environ.get("DD_DOCKER_SOCK",
                                        "/var/run/docker.sock"),
    "host2": "unix://" + os.environ.get("DD_HOST2_DOCKER_SOCK",
                                        "/var/run/dd-host2/docker.sock"),
}
ZONES = {"host1": "nova", "host2": "az2"}
# The state database the stack's proxies share (stack/lib/env.sh).
DATABASE_URL = os.environ.get("DD_PROXY_DATABASE_URL") or (
    "sqlite:///" + os.path.join(stack.STATE_DIR, "proxy", "state.sqlite3"))


def engine_of(socket_url):
    return docker.APIClient(base_url=socket_url, version="1.41", timeout=300)


def load_text():
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def create_many(plan, run_id, workers=8):
    """Creates (not starts) one container per entry of `plan`, a list of
    (daemon client, host name, zone, project id); parallel, as a populated
    cloud is made faster than one by one."""
    def create(numbered):
        index, (engine, host, zone, project) = numbered
        engine.create_container(
            IMAGE, ["sleep", "1"], name="bench-%s-%d" % (run_id, index),
            labels={PROJECT_LABEL: project, USER_LABEL: "bench",
                    BENCH_LABEL: run_id, HOST_LABEL: host, ZONE_LABEL: zone})
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(create, enumerate(plan)))


def remove_all(engine, filters=None, workers=8):
    """Removes the containers of one daemon that match `filters` (all of
    them without); their ids."""
    found = engine.containers(all=True, quiet=True, filters=filters)

    def remove(container):
        try:
            engine.remove_container(container["Id"], force=True, v=True)
        except docker.errors.NotFound:
            pass  # another clean-up got it first
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(remove, found))
    return [container["Id"] for container in found]


def remove_labelled(engine, run_id):
    """Removes every container of this run on one daemon; their ids."""
    return remove_all(engine, {"label": "%s=%s" % (BENCH_LABEL, run_id)})


def clean_stack_hosts(engines, run_id):
    """Removes this run's containers from each stack host's daemon (each
    tried even when another failed) and forgets where they were."""
    for name, engine in engines.items():
        try:
            forget_containers(remove_labelled(engine, run_id))
        except Exception as error:  # the others are still cleaned
            print("WARNING: cleaning %s failed: %r" % (name, error))
        finally:
            engine.close()


def check_logs(folder):
    """Prints the tracebacks the benchmark's own proxies logged (a
    traceback is a bug even when the figures come out), then removes the
    folder when there were none."""
    found = False
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8",
                  errors="replace") as log:
            text = log.read()
        if "Traceback" in text:
            found = True
            print("WARNING: %s logged a traceback:\n%s" % (name, text[-4000:]))
    if found:
        print("(logs kept in %s)" % folder)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def hosts_table():
    return Hosts(sa.create_engine(DATABASE_URL,
                                  connect_args={"timeout": 30}))


def forget_containers(ids):
    """The routing proxy records where each listed container is
    (object_hosts): the removed ones are forgotten, not left as stale rows."""
    table = hosts_table()
    for container_id in ids:
        table.forget("container", container_id)


@contextlib.contextmanager
def private_host(name, subnet, log):
    """A Docker host of the benchmark's own: a private dockerd and a proxy
    that shares the stack's state database under DD_HOST_NAME `name` (so
    the stack's routing endpoint lists and forwards to it), without
    Placement (so no launch of anyone is placed there). Yields (daemon
    client, proxy URL). At the end its containers are removed, its proxy
    stopped, its row (and the rows of its containers) taken out of the
    hosts table and its daemon stopped, also when the benchmark failed."""
    folder = tempfile.mkdtemp(prefix="dd-bench-%s-" % name)
    with private_dockerd.running(name, subnet) as daemon:
        daemon.copy_image(IMAGE)
        engine = engine_of("unix://" + daemon.socket)
        try:
            with stack.own_proxy(
                    log=log, DD_HOST_NAME=name, DD_PROXY_NAME=name,
                    DD_PROXY_STATE=folder, DD_DATABASE_URL=DATABASE_URL,
                    DD_DOCKER_SOCKET=daemon.socket, DD_PUBLIC_IMAGES=IMAGE,
                    DD_PLACEMENT_URL="") as (_, url):
                yield engine, url
        finally:
            # The proxy is stopped by now: it no longer stamps its row, and
            # the stack's proxies drop it at their next read of the table.
            try:
                hosts_table().remove(name)
            finally:
                remove_all(engine)
                engine.close()
                shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def single_host(name, subnet, log):
    """A single-host deployment of the benchmark's own: a private dockerd
    and a proxy in front of it that knows no other host (DD_ROUTE=0, as
    tests.stack.own_proxy starts a proxy without DD_HOST_NAME) and no
    Placement. Yields (daemon client, proxy URL); its containers are removed
    and its daemon stopped at the end."""
    with private_dockerd.running(name, subnet) as daemon:
        daemon.copy_image(IMAGE)
        engine = engine_of("unix://" + daemon.socket)
        try:
            with stack.own_proxy(log=log, DD_DOCKER_SOCKET=daemon.socket,
                                 DD_PLACEMENT_URL="") as (_, url):
                yield engine, url
        finally:
            remove_all(engine)
            engine.close()
