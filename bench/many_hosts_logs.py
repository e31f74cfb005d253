"""Live log latency through the routing endpoint, against a follow on the
container's own host proxy (issue 13).

A container of demo on host2 (launched through the routing endpoint in
host2's zone, az2) writes a line every 20 ms; its live log (the WebSocket
the browser opens) is followed AT THE SAME TIME through the routing
endpoint (8790, which forwards the WebSocket to host2's proxy) and straight
on host2's proxy (8791), each read in a process of its own. A line's
latency is the time it reached the client minus the timestamp dockerd gave
it (same machine, same clock), as bench/logs_latency.py measures it. Three
rounds, each printed; the round of the median p50 ratio is recorded. The
container is removed at the end (through the proxy, which releases its
allocation), also on failure.

    python -m bench.many_hosts_logs      (or: bash bench/run.sh)
"""
import concurrent.futures
import signal
import sys
import uuid

from bench import _logs_common as common
from bench import _many_hosts as hosts
from bench._figures import record
from bench.logs_latency import LINES
from bench.logs_latency import ROUNDS
from bench.logs_latency import WRITER
from bench.logs_latency import summary
from bench.logs_latency import proxy_latencies
from tests import stack

HOST = "host2"


def launch_on_host2():
    """A writer container placed on host2 through the routing endpoint
    (any user may ask for a zone)."""
    client = stack.docker_client("demo")
    created = client.create_container(
        hosts.IMAGE, WRITER, name="bench-logs-%s" % uuid.uuid4().hex[:8],
        labels={hosts.ZONE_LABEL: hosts.ZONES[HOST]},
        host_config=client.create_host_config(mem_limit="128m",
                                              nano_cpus=1_000_000_000))
    try:
        client.start(created["Id"])
        host = client.inspect_container(created["Id"])["Config"]["Labels"].get(
            hosts.HOST_LABEL)
        if host != HOST:
            raise RuntimeError("the container landed on %r, not %s"
                               % (host, HOST))
    except BaseException:
        common.remove_own_container(created["Id"])
        raise
    return created["Id"]


def one_round(cid, host2):
    """((p50, p99) through 8790, (p50, p99) on host2's proxy)."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        routed = pool.submit(proxy_latencies, cid, LINES, common.WS_BASE)
        direct = pool.submit(proxy_latencies, cid, LINES, host2)
        return summary(routed.result()), summary(direct.result())


def main():
    # A benchmark stopped from outside (`timeout`, Ctrl-C) still removes
    # its container.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    host2 = hosts.HOST2_PROXY_URL.replace("http://", "ws://", 1)
    cid = launch_on_host2()
    try:
        print("following a container on %s, %s" % (HOST, hosts.load_text()))
        rounds = [one_round(cid, host2) for _ in range(ROUNDS)]
    finally:
        common.remove_own_container(cid)
    print("live log latency over %d lines, one line every 20 ms, %d rounds"
          % (LINES, ROUNDS))
    for number, ((p50, p99), (d50, d99)) in enumerate(rounds, 1):
        print("  round %d: through 8790 (routed to %s) p50 %5.2f ms p99 "
              "%5.2f ms, on %s's proxy (8791) p50 %5.2f ms p99 %5.2f ms: "
              "p50 %.2fx p99 %.2fx" % (number, HOST, p50, p99, HOST, d50,
                                       d99, p50 / d50, p99 / d99))
    middle = sorted(rounds, key=lambda r: r[0][0] / r[1][0])[len(rounds) // 2]
    (p50, p99), (d50, d99) = middle
    print("  median round: routed/direct p50 %.2fx  p99 %.2fx   "
          "(goal <= 1.2x)" % (p50 / d50, p99 / d99))
    record("hosts_logs_latency_p50", "Live log p50 through 8790 (host2)",
           p50, d50, "ms", "host2's proxy", goal=1.2)
    record("hosts_logs_latency_p99", "Live log p99 through 8790 (host2)",
           p99, d99, "ms", "host2's proxy", goal=1.2)


if __name__ == "__main__":
    main()
