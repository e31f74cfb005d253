"""The Containers page against the docker CLI, on a crowded host.

1,000 containers in the demo project among 5,000 on the daemon (created, not
started, labelled like the proxy labels them), then in the same run:
- the Containers page's server time (Horizon under gunicorn, DEBUG off, a
  logged-in session) against `docker ps -a` over the same 1,000 containers
  (straight on dockerd's socket, filtered by the same label), with the parts
  that explain it: the same list as a raw Engine API call on the socket, the
  page's own list call (one page, cut by Docker) on the socket and through
  the proxy, and a Horizon page without the plugin (its frame);
- launch -> running through Horizon's Launch workflow against `docker run -d`.
Every figure is a median of rounds taken in turn (one of each per round,
after a warm-up), so the shared machine's load falls on all of them alike.
Ratios above 1 mean the dashboard is slower. Everything created is removed.

Run: bash bench/run.sh (every benchmark) or make bench.
"""
import concurrent.futures
import os
import re
import statistics
import subprocess
import sys
import time
import uuid

import docker

from bench import _horizon_session as horizon_session
from tests import stack
from bench._figures import record

PROJECT_LABEL = "org.openstack.project-id"
USER_LABEL = "org.openstack.user-id"
BENCH_LABEL = "org.docker-dashboard.bench"
IMAGE = "busybox:latest"
IN_DEMO = 1000
ON_HOST = 5000
ROUNDS = 15
LAUNCH_ROUNDS = 5
PAGE = "/project/docker_containers/"
# A Horizon page that does not involve the plugin: the frame's floor.
FRAME_PAGE = "/project/api_access/"
QUIET_LOAD = 3.0
PAGE_SIZE = 20  # Horizon's default API_RESULT_PAGE_SIZE, as the demo runs it


def interleaved_medians(actions, rounds=ROUNDS):
    """{name: median seconds}: each action once per round, in turn, after a
    warm-up of each (token validation, imports, caches)."""
    for action in actions.values():
        action()
    times = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}


def wait_for_quiet(tries=6, pause=30):
    """Other engineers' test runs load the shared machine: wait a little for
    the 1-minute load average to come down, then measure anyway (the load is
    printed beside the figures)."""
    for _ in range(tries):
        if os.getloadavg()[0] <= QUIET_LOAD:
            return
        time.sleep(pause)


def load_text():
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def populate(engine, run_id, demo_project):
    """IN_DEMO containers for demo and the rest for other projects."""
    def create(index):
        project = demo_project if index < IN_DEMO else "bench-other-%d" % (
            index % 7)
        engine.create_container(
            IMAGE, ["sleep", "1"], name="bench-%s-%d" % (run_id, index),
            labels={PROJECT_LABEL: project, USER_LABEL: "bench",
                    BENCH_LABEL: run_id})
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(ON_HOST)))


def clean(engine, run_id):
    found = engine.containers(all=True, quiet=True,
                              filters={"label": "%s=%s" % (BENCH_LABEL,
                                                           run_id)})
    def remove(container):
        try:
            engine.remove_container(container["Id"], force=True)
        except docker.errors.NotFound:
            pass  # another test's clean-up of the demo project got it first
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(remove, found))


def docker_cli(*args):
    subprocess.run(["docker"] + list(args), check=True,
                   stdout=subprocess.DEVNULL)


def get_page(session, path, marker):
    def page():
        answer = session.get(stack.HORIZON_URL + path, timeout=120)
        answer.raise_for_status()
        assert marker in answer.text
    return page


def page_vs_cli(session, floor_session, engine, demo_project):
    """The page, its parts and its peer, measured in turn."""
    label = {"label": ["%s=%s" % (PROJECT_LABEL, demo_project)]}
    page_rows = PAGE_SIZE + 1
    proxy = stack.docker_client("demo")
    return interleaved_medians({
        "page": get_page(session, PAGE, 'id="containers"'),
        "cli": lambda: docker_cli("ps", "-a", "--filter",
                                  "label=%s=%s" % (PROJECT_LABEL,
                                                   demo_project)),
        "engine": lambda: engine.containers(all=True, filters=label),
        "engine_page": lambda: engine.containers(all=True, filters=label,
                                                 limit=page_rows),
        "proxy_page": lambda: proxy.containers(all=True, limit=page_rows),
        "frame": get_page(session, FRAME_PAGE, "<html"),
        "page_1": get_page(floor_session, PAGE, 'id="containers"'),
    })


def print_page_figures(times):
    cli = times["cli"]
    rows = (
        ("page", "Containers page (Horizon, 1,000 in project, first page)"),
        ("cli", "docker ps -a --filter label (same 1,000)"),
        ("engine", "raw Engine API list, same filter (socket)"),
        ("engine_page", "the page's list call: one page (socket)"),
        ("proxy_page", "the page's list call through the proxy"),
        ("frame", "Horizon page without the plugin (%s)" % FRAME_PAGE),
        ("page_1", "Containers page with 1 container (alt_demo)"),
    )
    for name, text in rows:
        print("%-58s %7.1f ms median  %.2fx docker ps"
              % (text + ":", 1000 * times[name], times[name] / cli))
    print("ratio page / docker ps -a: %.2f" % (times["page"] / cli))
    record("containers_page", "Containers page, 1,000 of 5,000", times["page"],
           cli, "s", "docker ps -a", goal=1.0)


def launch_through_horizon(session, name):
    url = stack.HORIZON_URL + PAGE + "launch/"
    form = session.get(url, timeout=60)
    form.raise_for_status()
    start = time.perf_counter()
    answer = session.post(url, data={
        "csrfmiddlewaretoken": horizon_session.csrf_token(session, form.text),
        "image": IMAGE, "name": name, "command": "sleep 600",
        "flavor": "1", "restart_policy": "no", "start": "on",
    }, headers={"Referer": url}, timeout=120, allow_redirects=False)
    # Horizon answers a finished workflow with a redirect to the list; the
    # list's own cost is measured above, so it is not followed here.
    if answer.status_code != 302:
        errors = re.findall(r'class="help-block[^"]*">\s*([^<]+)', answer.text)
        raise RuntimeError("launch failed (%s): %s" % (answer.status_code,
                                                       errors))
    client = stack.docker_client("demo")
    while client.inspect_container(name)["State"]["Status"] != "running":
        pass
    return time.perf_counter() - start


def launch_with_cli(name, network):
    start = time.perf_counter()
    docker_cli("run", "-d", "--name", name, "--memory", "256m", "--cpus", "1",
               "--network", network, IMAGE, "sleep", "600")
    return time.perf_counter() - start


def main():
    engine = docker.APIClient(base_url="unix:///var/run/docker.sock",
                              version="1.41", timeout=300)
    run_id = uuid.uuid4().hex[:8]
    demo_project = stack.project_ids()["demo"]
    session = horizon_session.login("demo")
    launched = []
    try:
        start = time.perf_counter()
        populate(engine, run_id, demo_project)
        print("created %d containers (%d in demo) in %.1f s"
              % (ON_HOST, IN_DEMO, time.perf_counter() - start))
        wait_for_quiet()
        print("measuring, %s (%d rounds)" % (load_text(), ROUNDS))
        print_page_figures(page_vs_cli(
            session, horizon_session.login("alt_demo"), engine,
            demo_project))
        print("after the page figures, %s" % load_text())
        still = len(engine.containers(all=True, quiet=True, filters={
            "label": ["%s=%s" % (BENCH_LABEL, run_id),
                      "%s=%s" % (PROJECT_LABEL, demo_project)]}))
        if still < IN_DEMO:
            print("WARNING: only %d of demo's %d bench containers were left "
                  "(another test cleaned the project): rerun" % (still,
                                                                 IN_DEMO))

        ui_times, cli_times = [], []
        for round_number in range(LAUNCH_ROUNDS):
            name = "bench-%s-ui-%d" % (run_id, round_number)
            launched.append(name)
            ui_times.append(launch_through_horizon(session, name))
            # The same network the proxy put the dashboard's container on
            # (the project's own), so both sides do the same work.
            network = next(iter(engine.inspect_container(name)[
                "NetworkSettings"]["Networks"]))
            name = "bench-%s-cli-%d" % (run_id, round_number)
            launched.append(name)
            cli_times.append(launch_with_cli(name, network))
        ui_time = statistics.median(ui_times)
        cli_time = statistics.median(cli_times)
        print("launch -> running through Horizon: %.3f s median" % ui_time)
        print("docker run -d:                     %.3f s median" % cli_time)
        print("ratio launch / docker run -d: %.2f" % (ui_time / cli_time))
        record("containers_launch", "Launch to running", ui_time, cli_time,
               "s", "docker run -d")
    finally:
        for name in launched:
            try:
                engine.remove_container(name, force=True)
            except docker.errors.NotFound:
                pass
        clean(engine, run_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
