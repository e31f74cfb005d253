"""The Containers page when a project's containers are spread over three
Docker hosts, against the same page on a single host (issue 13).

Spread: 1,000 containers of the demo project among 5,000 over three hosts
(host1 and host2 of the stack, and a third host of the benchmark's own: a
private dockerd with a proxy that shares the stack's state database under
its own DD_HOST_NAME), so that the stack's routing endpoint (8790) merges
three hosts' lists for the page.
Single host: 1,000 containers of the demo project among 5,000 on one
private dockerd, in front of a proxy that knows no other host: the page as
bench/containers_page.py measures it on a one-host stack.

Each page is served by a Horizon of the benchmark's own (gunicorn, 2
workers x 4 threads, DEBUG off, as the stack's), one in front of the
routing endpoint, one in front of the single host's proxy, with a logged-in
session of demo each. Medians of interleaved rounds (one of each per round,
after a warm-up), with the page's own list call (one page: limit=21)
through each proxy. Containers are created, not started, labelled as a host
proxy labels them. Everything made (containers, the private daemons and
proxies, the third host's row in the hosts table, the Horizons) is removed
at the end, also when the benchmark fails.

    python -m bench.many_hosts_page      (or: bash bench/run.sh)
"""
import contextlib
import os
import signal
import sys
import tempfile
import time
import uuid

from bench import _many_hosts as hosts
from bench._figures import record
from bench.containers_page import interleaved_medians
from bench.containers_page import wait_for_quiet
from soak._processes import own_horizon
from tests import stack

IN_PROJECT = 1000
IN_ALL = 5000
ROUNDS = 21
PAGE = "/project/docker_containers/"
PAGE_ROWS = 21  # Horizon's page of 20, and one more to know of a next page
THIRD = "bhost3"  # the third host's DD_HOST_NAME (and its daemon's name)


def spread_plan(engines, demo_project):
    """(daemon, host name, zone, project) for each of IN_ALL containers,
    dealt round the hosts: IN_PROJECT of demo, the rest in 7 others."""
    names = list(engines)
    plan = []
    for index in range(IN_ALL):
        host = names[index % len(names)]
        project = demo_project if index < IN_PROJECT else (
            "bench-other-%d" % (index % 7))
        plan.append((engines[host], host, hosts.ZONES.get(host, "nova"),
                     project))
    return plan


def single_plan(engine, demo_project):
    return [(engine, "bsingle", "nova",
             demo_project if index < IN_PROJECT else
             "bench-other-%d" % (index % 7)) for index in range(IN_ALL)]


def wait_until_routed(run_id, seconds=60):
    """The stack's routing endpoint reads the hosts table every 10 s: wait
    until its merged list holds the project's containers of all three
    hosts (which also checks that the spread page lists what it should)."""
    client = stack.docker_client("demo")
    label = {"label": ["%s=%s" % (hosts.BENCH_LABEL, run_id)]}
    deadline = time.monotonic() + seconds
    while True:
        listed = client.containers(all=True, filters=label)
        on = {row["Labels"].get(hosts.HOST_LABEL) for row in listed}
        if len(listed) == IN_PROJECT and len(on) == 3:
            return sorted(on)
        if time.monotonic() > deadline:
            raise RuntimeError("the routing endpoint lists %d of the %d "
                               "spread containers (hosts %s)"
                               % (len(listed), IN_PROJECT, sorted(on)))
        time.sleep(1)  # its next read of the hosts table


def get_page(session, horizon_url):
    def page():
        answer = session.get(horizon_url + PAGE, timeout=120)
        answer.raise_for_status()
        assert 'id="containers"' in answer.text
    return page


def list_page(base_url):
    client = stack.docker_client("demo", base_url=base_url)
    return lambda: client.containers(all=True, limit=PAGE_ROWS)


def main():
    # A benchmark stopped from outside (`timeout`, Ctrl-C) still cleans up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run_id = uuid.uuid4().hex[:8]
    demo_project = stack.project_ids()["demo"]
    logs = tempfile.mkdtemp(prefix="dd-bench-hosts-page-")
    stack_engines = {name: hosts.engine_of(url)
                     for name, url in hosts.SOCKETS.items()}
    with contextlib.ExitStack() as made:
        try:
            third, _ = made.enter_context(hosts.private_host(
                THIRD, "172.31.242.1/24", os.path.join(logs, "bhost3.log")))
            single, single_url = made.enter_context(hosts.single_host(
                "bsingle", "172.31.243.1/24",
                os.path.join(logs, "bsingle.log")))
            engines = dict(stack_engines, **{THIRD: third})
            start = time.perf_counter()
            hosts.create_many(spread_plan(engines, demo_project) +
                              single_plan(single, demo_project), run_id)
            print("created %d containers over host1, host2 and %s and %d on "
                  "one host (%d of demo in each) in %.1f s"
                  % (IN_ALL, THIRD, IN_ALL, IN_PROJECT,
                     time.perf_counter() - start))
            print("the routing endpoint lists demo's containers of %s"
                  % ", ".join(wait_until_routed(run_id)))
            _, spread_horizon = made.enter_context(
                own_horizon(stack.PROXY_URL))
            _, single_horizon = made.enter_context(own_horizon(single_url))
            spread = stack.horizon_session("demo", base_url=spread_horizon)
            alone = stack.horizon_session("demo", base_url=single_horizon)
            # Making 10,000 containers loads the machine for a minute:
            # the figures are taken once the load average is down again.
            wait_for_quiet()
            print("measuring, %s (%d rounds)" % (hosts.load_text(), ROUNDS))
            times = interleaved_medians({
                "spread": get_page(spread, spread_horizon),
                "single": get_page(alone, single_horizon),
                "spread_list": list_page(stack.PROXY_URL),
                "single_list": list_page(single_url),
            }, ROUNDS)
            print("after the figures, %s" % hosts.load_text())
        finally:
            hosts.clean_stack_hosts(stack_engines, run_id)
    hosts.check_logs(logs)
    report(times)
    return 0


def report(times):
    rows = (
        ("spread", "Containers page, 1,000 of 5,000 over 3 hosts"),
        ("single", "the same page, 1,000 of 5,000 on one host"),
        ("spread_list", "its list call (limit=21) through the routing proxy"),
        ("single_list", "its list call (limit=21) through the single proxy"),
    )
    for name, text in rows:
        print("%-56s %7.1f ms median" % (text + ":", 1000 * times[name]))
    ratio = times["spread"] / times["single"]
    print("ratio 3 hosts / 1 host: page %.2fx (goal <= 1.2x), list call "
          "%.2fx" % (ratio, times["spread_list"] / times["single_list"]))
    record("hosts_page", "Containers page, 1,000 over 3 hosts",
           times["spread"], times["single"], "s",
           "the page on one host", goal=1.2)


if __name__ == "__main__":
    sys.exit(main())
