"""The Containers page against the docker CLI, on a crowded host.

1,000 containers in the demo project among 5,000 on the daemon (created, not
started, labelled like the proxy labels them), then in the same run:
- the Containers page's server time (Horizon under gunicorn, DEBUG off, a
  logged-in session) against `docker ps -a` over the same 1,000 containers
  (straight on dockerd's socket, filtered by the same label);
- launch -> running through Horizon's Launch workflow against `docker run -d`.
Ratios above 1 mean the dashboard is slower. Everything created is removed.

Run: bash bench/run.sh (every benchmark) or make bench.
"""
import concurrent.futures
import re
import statistics
import subprocess
import sys
import time
import uuid

import docker

from bench import _horizon_session as horizon_session
from tests import stack

PROJECT_LABEL = "org.openstack.project-id"
USER_LABEL = "org.openstack.user-id"
BENCH_LABEL = "org.docker-dashboard.bench"
IMAGE = "busybox:latest"
IN_DEMO = 1000
ON_HOST = 5000
ROUNDS = 7
PAGE = "/project/docker_containers/"


def median_seconds(action, rounds=ROUNDS):
    action()  # warm caches (token validation, imports) outside the figures
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda c: engine.remove_container(c["Id"], force=True),
                      found))


def docker_cli(*args):
    subprocess.run(["docker"] + list(args), check=True,
                   stdout=subprocess.DEVNULL)


def page_seconds(session):
    def page():
        answer = session.get(stack.HORIZON_URL + PAGE, timeout=120)
        answer.raise_for_status()
        assert 'id="containers"' in answer.text
    return median_seconds(page)


def page_vs_cli(session, demo_project):
    page_time = page_seconds(session)
    cli_time = median_seconds(lambda: docker_cli(
        "ps", "-a", "--filter", "label=%s=%s" % (PROJECT_LABEL, demo_project)))
    return page_time, cli_time


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
        page_time, cli_time = page_vs_cli(session, demo_project)
        print("Containers page (Horizon, 1,000 in project): %.3f s median"
              % page_time)
        print("docker ps -a --filter label (same 1,000):   %.3f s median"
              % cli_time)
        print("ratio page / docker ps -a: %.2f" % (page_time / cli_time))
        # For scale: what Horizon's page frame costs with one container
        # (alt_demo's), i.e. the part that does not grow with the list.
        floor = page_seconds(horizon_session.login("alt_demo"))
        print("Containers page with 1 container (alt_demo), for scale: "
              "%.3f s median" % floor)

        ui_times, cli_times = [], []
        for round_number in range(3):
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
