"""Launch -> running placed by Placement through the routing endpoint,
against `docker run -d` straight on the chosen host's daemon (issue 13).

Ours: the docker CLI as demo through the stack's routing endpoint (8790):
the proxy asks Placement which hosts have room for 1 vCPU and 256 MiB,
claims the allocation on the chosen one, creates the container there (on
its own dockerd, or through that host's proxy) and starts it; `docker run
-d` returns once it runs. Peer: `docker run -d` with the same image and
limits, and a name of its own, on the socket of the host Placement chose, on
the same project network. Three rounds of LAUNCHES pairs; within a pair the
two take turns going first, so that neither always meets the daemon the
other has just warmed. Each round prints its medians and ratio; the
median of the three rounds is recorded. Each pair's two containers are
removed before the next (ours through the proxy, which releases its
allocation), and every container of the run is removed at the end, also
when the benchmark fails.

    python -m bench.many_hosts_launch      (or: bash bench/run.sh)
"""
import json
import os
import shutil
import statistics
import subprocess
import signal
import sys
import tempfile
import time
import uuid

import docker

from bench import _many_hosts as hosts
from bench._figures import record
from tests import stack

ROUNDS = 3
LAUNCHES = 7
LIMITS = ["--memory", "256m", "--cpus", "1"]
COMMAND = [hosts.IMAGE, "sleep", "600"]
DOCKER = shutil.which("docker", path="/usr/local/bin:/usr/bin") or "docker"


class Cli:
    """The docker CLI, either as demo through the proxy (its token in a
    config folder of its own, as a user sets it up) or on a socket."""

    def __init__(self, host, config=None):
        self.args = [DOCKER] + (["--config", config] if config else []) + [
            "-H", host]
        # The caller's DOCKER_HOST or DOCKER_CONFIG must not redirect it.
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith("DOCKER_")}

    def run(self, *args):
        return subprocess.run(self.args + list(args), check=True,
                              capture_output=True, text=True, env=self.env,
                              timeout=120).stdout.strip()

    def timed_run(self, *args):
        start = time.perf_counter()
        self.run("run", "-d", *args)
        return time.perf_counter() - start


def proxy_cli(folder):
    with open(os.path.join(folder, "config.json"), "w",
              encoding="utf-8") as config:
        json.dump({"HttpHeaders": {"X-Auth-Token": stack.token("demo")}},
                  config)
    return Cli(stack.PROXY_URL.replace("http://", "tcp://", 1), folder)


def where(proxy, name):
    """(host name, project network) of a container launched through the
    proxy: its host label, and the network the proxy put it on."""
    found = proxy.inspect_container(name)
    host = found["Config"]["Labels"].get(hosts.HOST_LABEL)
    network = next(iter(found["NetworkSettings"]["Networks"]))
    return host, network


def remove_through_proxy(proxy, name):
    try:
        proxy.remove_container(name, force=True)
    except docker.errors.NotFound:
        pass


def remove_on_socket(socket_url, name):
    engine = hosts.engine_of(socket_url)
    try:
        engine.remove_container(name, force=True)
    except docker.errors.NotFound:
        pass
    finally:
        engine.close()


def sweep(proxy, run_id):
    """Every container of this run, wherever it is: ours through the proxy
    (their allocations released), then what is left on each daemon."""
    label = "%s=%s" % (hosts.BENCH_LABEL, run_id)
    for found in proxy.containers(all=True, filters={"label": label}):
        remove_through_proxy(proxy, found["Id"])
    for socket_url in hosts.SOCKETS.values():
        engine = hosts.engine_of(socket_url)
        try:
            hosts.remove_labelled(engine, run_id)
        finally:
            engine.close()


class Pairs:
    """Pairs of launches, ours and the peer's. The peer goes on the host
    and network Placement chose for ours; when it goes first, on those of
    the pair before (the first pair of a run always goes ours first)."""

    def __init__(self, proxy, cli, run_id, label):
        self.proxy, self.cli, self.run_id = proxy, cli, run_id
        self.args = label + LIMITS + COMMAND
        self.direct = self.network = None

    def _peer(self, name):
        return self.direct.timed_run("--name", name, "--network",
                                     self.network, *self.args)

    def launch(self, number, peer_first):
        """(ours, peer, host): seconds of each, and the chosen host."""
        name = "bench-%s-dd-%d" % (self.run_id, number)
        peer_name = "bench-%s-cli-%d" % (self.run_id, number)
        peer_took = self._peer(peer_name) if peer_first else None
        took = self.cli.timed_run("--name", name, *self.args)
        host, self.network = where(self.proxy, name)
        socket_url = hosts.SOCKETS.get(host)
        if socket_url is None:
            raise RuntimeError("Placement chose %r, not a stack host" % host)
        self.direct = Cli(socket_url)
        if not peer_first:
            peer_took = self._peer(peer_name)
        remove_through_proxy(self.proxy, name)
        remove_on_socket(socket_url, peer_name)
        return took, peer_took, host


def main():
    # A benchmark stopped from outside (`timeout`, Ctrl-C) still cleans up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run_id = uuid.uuid4().hex[:8]
    label = ["--label", "%s=%s" % (hosts.BENCH_LABEL, run_id)]
    proxy = stack.docker_client("demo")
    folder = tempfile.mkdtemp(prefix="dd-bench-launch-")
    rounds, chosen = [], []
    try:
        pairs = Pairs(proxy, proxy_cli(folder), run_id, label)
        print("measuring, %s (%d rounds of %d launches each)"
              % (hosts.load_text(), ROUNDS, LAUNCHES))
        # A warm-up of each (token validation, the CLI's first start).
        pairs.launch(0, peer_first=False)
        number = 0
        for _ in range(ROUNDS):
            ours, peer = [], []
            for turn in range(LAUNCHES):
                number += 1
                took, peer_took, host = pairs.launch(
                    number, peer_first=turn % 2 == 1)
                ours.append(took)
                peer.append(peer_took)
                chosen.append(host)
            rounds.append((statistics.median(ours),
                           statistics.median(peer)))
        print("after the figures, %s" % hosts.load_text())
    finally:
        sweep(proxy, run_id)
        shutil.rmtree(folder, ignore_errors=True)
    print("hosts Placement chose: %s" % ", ".join(
        "%s x%d" % (host, chosen.count(host)) for host in sorted(set(chosen))))
    for index, (ours_median, peer_median) in enumerate(rounds, 1):
        print("round %d: launch -> running through 8790 (placed) %.3f s, "
              "docker run -d on the chosen host %.3f s: %.2fx"
              % (index, ours_median, peer_median, ours_median / peer_median))
    ours_median = statistics.median(r[0] for r in rounds)
    peer_median = statistics.median(r[1] for r in rounds)
    ratio = statistics.median(r[0] / r[1] for r in rounds)
    print("median of the rounds: %.3f s against %.3f s" % (
        ours_median, peer_median))
    print("ratio placed launch / docker run -d: %.2fx (goal <= 1.3x)"
          % ratio)
    record("hosts_launch", "Launch placed by Placement (8790)",
           ours_median, peer_median, "s", "docker run -d on its host",
           goal=1.3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
