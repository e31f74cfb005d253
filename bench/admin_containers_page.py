"""Admin -> Docker -> Containers against the project's Containers page
(issue 14): is every project's list as quick as one project's?

5,000 containers over every project on the stack's two Docker hosts (1,000
of them demo's, the rest in seven other projects; created, not started,
labelled as a host proxy labels them), then in the same run, against the
stack's Horizon:
- the admin page's first page (every project's containers through the
  routing endpoint's `all_projects` list, the project names from
  Keystone, the page's rows inspected for their limits), as admin;
- the project Containers page's first page for demo (1,000 containers);
- the admin page's own list call (limit=21, all projects) and the project
  page's, through the routing endpoint, to tell Horizon's share apart.
Medians of interleaved rounds (one of each per round, after a warm-up).
Goal: the admin page at most 1.2x the project page. Everything created is
removed, also when the benchmark fails.

    python -m bench.admin_containers_page      (or: bash bench/run.sh)
"""
import signal
import sys
import time
import uuid

import requests

from bench import _many_hosts as hosts
from bench._figures import record
from bench.containers_page import interleaved_medians
from bench.containers_page import wait_for_quiet
from bench.many_hosts_page import IN_ALL
from bench.many_hosts_page import IN_PROJECT
from bench.many_hosts_page import spread_plan
from tests import stack

ROUNDS = 21
ADMIN_PAGE = "/admin/docker_containers/"
PROJECT_PAGE = "/project/docker_containers/"
PAGE_ROWS = 21  # Horizon's page of 20, and one more to know of a next page
GOAL = 1.2


def get_page(session, path):
    def page():
        answer = session.get(stack.HORIZON_URL + path, timeout=120)
        answer.raise_for_status()
        assert 'id="containers"' in answer.text
    return page


def list_call(user, all_projects):
    session = requests.Session()
    session.headers["X-Auth-Token"] = stack.token(user)
    params = {"all": 1, "limit": PAGE_ROWS}
    if all_projects:
        params["all_projects"] = 1

    def call():
        answer = session.get(stack.PROXY_URL + "/v1.41/containers/json",
                             params=params, timeout=120)
        answer.raise_for_status()
    return call


def wait_until_listed(run_id, seconds=60):
    """The admin's list holds this run's 5,000 over both hosts (which also
    checks that the admin page lists what it should)."""
    session = requests.Session()
    session.headers["X-Auth-Token"] = stack.token("admin")
    label = '{"label": ["%s=%s"]}' % (hosts.BENCH_LABEL, run_id)
    deadline = time.monotonic() + seconds
    while True:
        rows = session.get(stack.PROXY_URL + "/v1.41/containers/json",
                           params={"all": 1, "all_projects": 1,
                                   "filters": label}, timeout=120).json()
        on = {row["Labels"].get(hosts.HOST_LABEL) for row in rows}
        if len(rows) == IN_ALL and on == {"host1", "host2"}:
            return
        if time.monotonic() > deadline:
            raise RuntimeError("the admin's list holds %d of the %d "
                               "containers (hosts %s)"
                               % (len(rows), IN_ALL, sorted(on)))
        time.sleep(1)


def main():
    # A benchmark stopped from outside (`timeout`, Ctrl-C) still cleans up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run_id = uuid.uuid4().hex[:8]
    demo_project = stack.project_ids()["demo"]
    engines = {name: hosts.engine_of(url)
               for name, url in hosts.SOCKETS.items()}
    try:
        start = time.perf_counter()
        hosts.create_many(spread_plan(engines, demo_project), run_id)
        print("created %d containers over host1 and host2 (%d of demo) in "
              "%.1f s" % (IN_ALL, IN_PROJECT, time.perf_counter() - start))
        wait_until_listed(run_id)
        admin = stack.horizon_session("admin")
        demo = stack.horizon_session("demo")
        wait_for_quiet()
        print("measuring, %s (%d rounds)" % (hosts.load_text(), ROUNDS))
        times = interleaved_medians({
            "admin": get_page(admin, ADMIN_PAGE),
            "project": get_page(demo, PROJECT_PAGE),
            "admin_list": list_call("admin", all_projects=True),
            "project_list": list_call("demo", all_projects=False),
        }, ROUNDS)
        print("after the figures, %s" % hosts.load_text())
    finally:
        hosts.clean_stack_hosts(engines, run_id)
    report(times)
    return 0


def report(times):
    rows = (
        ("admin", "Admin Containers page, 5,000 over all projects"),
        ("project", "project Containers page, 1,000 in demo"),
        ("admin_list", "admin's list call (limit=21, all projects)"),
        ("project_list", "project's list call (limit=21)"),
    )
    for name, text in rows:
        print("%-56s %7.1f ms median" % (text + ":", 1000 * times[name]))
    ratio = times["admin"] / times["project"]
    print("ratio admin page / project page: %.2fx (goal <= %.1fx), list "
          "call %.2fx" % (ratio, GOAL,
                          times["admin_list"] / times["project_list"]))
    record("admin_containers_page", "Admin Containers page, 5,000",
           times["admin"], times["project"], "s",
           "the project page with 1,000", goal=GOAL)


if __name__ == "__main__":
    sys.exit(main())
