"""What the proxy's checks cost, against dockerd's own socket.

The same docker-py calls as demo through a proxy (token check cached,
policy, ownership inspect, forward) and straight to /var/run/docker.sock,
interleaved call by call so that both see the same machine; three rounds,
each the median of its calls, and the median of the rounds recorded.

Two proxies are measured in the same run:
- the host proxy: a process the benchmark starts itself in front of the
  stack's dockerd (the checked-out code, one host, DD_ROUTE=0), so a
  restart of the shared proxy does not disturb it;
- the routing endpoint (8790, the stack's): the same calls as the dashboard
  and the CLI make them, a list asking every host.

    python -m bench.proxy_overhead      (or: bash bench/run.sh)
"""
import re
import statistics
import time
import uuid

import docker

from tests import stack
from bench._figures import record

ROUNDS = 3
CALLS = 200
EXEC_CALLS = 20
COPY_MB = 64
# The goal: at most this many milliseconds over the socket for a
# small call (inspect, list).
GOAL_MS = 0.5


def timed_ms(func):
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def interleaved(func, clients, calls):
    """{name: median ms} over `calls` turns, each turn one call per client
    (their order rotating, so none always goes first)."""
    times = {name: [] for name, _ in clients}
    for turn in range(calls):
        shift = turn % len(clients)
        for name, client in clients[shift:] + clients[:shift]:
            times[name].append(timed_ms(lambda: func(client)))
    return {name: statistics.median(values)
            for name, values in times.items()}


def read_archive(client, cid):
    stream, _ = client.get_archive(cid, "/tmp/big")
    return sum(len(chunk) for chunk in stream)


def cases(name, cid):
    return [
        ("inspect one container", CALLS,
         lambda c: c.inspect_container(name)),
        ("list the project's containers", CALLS,
         lambda c: c.containers(all=True)),
        ("exec create + start (`echo`)", EXEC_CALLS,
         lambda c: c.exec_start(c.exec_create(cid, ["echo", "x"])["Id"])),
        ("read a %d MB file (archive GET)" % COPY_MB, 3,
         lambda c: read_archive(c, cid)),
    ]


def main():
    creator = stack.docker_client("demo")
    direct = docker.APIClient(base_url="unix:///var/run/docker.sock",
                              version="1.41")
    name = "bench-proxy-" + uuid.uuid4().hex[:8]
    cid = creator.create_container(
        "busybox:latest", ["sleep", "600"], name=name,
        host_config=creator.create_host_config(
            mem_limit="256m", nano_cpus=1000000000))["Id"]
    creator.start(cid)
    try:
        # exec start returns when the command is done: the file is written.
        creator.exec_start(creator.exec_create(cid, [
            "dd", "if=/dev/zero", "of=/tmp/big", "bs=1M",
            "count=%d" % COPY_MB])["Id"])
        with stack.own_proxy() as (_, host_url):
            clients = [
                ("socket", direct),
                ("host", stack.docker_client("demo", base_url=host_url)),
                ("routing", stack.docker_client("demo")),
            ]
            rows = []
            for label, calls, func in cases(name, cid):
                for _, client in clients:
                    func(client)  # connections open, token cached
                rounds = [interleaved(func, clients, calls)
                          for _ in range(ROUNDS)]
                rows.append((label, calls, rounds))
        report(rows)
    finally:
        direct.remove_container(cid, force=True)


def report(rows):
    print("Medians of %d interleaved rounds (each round's median in "
          "brackets); host = a proxy of the benchmark's own in front of "
          "this dockerd, routing = 8790\n" % ROUNDS)
    print("| call | dockerd socket | host proxy | over the socket | ratio "
          "| routing endpoint | over the socket | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, calls, rounds in rows:
        figures = {name: statistics.median(r[name] for r in rounds)
                   for name in ("socket", "host", "routing")}
        socket = figures["socket"]
        cells = ["%s (%d×)" % (label, calls), "%.2f ms" % socket]
        for name in ("host", "routing"):
            cells += ["%.2f ms [%s]" % (figures[name], ", ".join(
                          "%.2f" % r[name] for r in rounds)),
                      "%+.2f ms [%s]" % (figures[name] - socket, ", ".join(
                          "%+.2f" % (r[name] - r["socket"])
                          for r in rounds)),
                      "%.2f×" % (figures[name] / socket)]
        print("| " + " | ".join(cells) + " |")
        key = re.sub(r"\W+", "_", label).strip("_")
        small = label.startswith(("inspect", "list"))
        record("proxy_" + key, "Proxy: " + label, figures["host"], socket,
               "ms", "dockerd socket",
               goal=(socket + GOAL_MS) / socket if small else None)
        if small:
            record("proxy_routed_" + key, "Routing endpoint: " + label,
                   figures["routing"], socket, "ms", "dockerd socket",
                   goal=(socket + GOAL_MS) / socket)


if __name__ == "__main__":
    main()
