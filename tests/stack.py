"""Where the running local stack is, and logging in to it: shared by the
integration, end-to-end and packaging tests (the stack is started once by
`make test`, never per test)."""
import contextlib
import functools
import os

import requests

KEYSTONE_URL = os.environ.get("DD_KEYSTONE_URL", "http://127.0.0.1:5000/v3")
PROXY_URL = os.environ.get("DD_PROXY_URL", "http://127.0.0.1:8790")
HORIZON_URL = "http://%s:%s" % (os.environ.get("DD_HOST", "127.0.0.1"),
                                os.environ.get("DD_HORIZON_PORT", "8000"))
STATE_DIR = os.environ.get("DD_STATE", "/var/lib/docker-dashboard")

# The seeded users: name -> (password, project).
USERS = {
    "admin": ("admin", "admin"),
    "demo": ("demo", "demo"),
    "alt_demo": ("alt_demo", "alt_demo"),
    "reader": ("reader", "demo"),
}


def project_ids():
    """The seeded projects' ids, from the file the seed script writes."""
    ids = {}
    with open(os.path.join(STATE_DIR, "projects.env"), encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                key, value = line.strip().split("=", 1)
                ids[key] = value.strip('"\'')
    return {"demo": ids["DEMO_PROJECT_ID"],
            "alt_demo": ids["ALT_DEMO_PROJECT_ID"],
            "admin": ids["ADMIN_PROJECT_ID"]}


@functools.lru_cache(maxsize=None)
def token(user):
    """A project-scoped Keystone token for one of the seeded users."""
    password, project = USERS[user]
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "password": password,
            "domain": {"id": "default"}}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}},
    }}
    resp = requests.post(KEYSTONE_URL + "/auth/tokens", json=body, timeout=30)
    resp.raise_for_status()
    return resp.headers["X-Subject-Token"]


def docker_client(user=None, token_value=None, base_url=PROXY_URL):
    """docker-py's low-level client pointed at the proxy as `user`."""
    import docker
    client = docker.APIClient(base_url=base_url, version="1.41", timeout=60)
    client.headers["X-Auth-Token"] = token_value or token(user)
    return client


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def own_proxy(log=None, **settings):
    """A proxy process of the caller's own (never the shared one), with
    `settings` as DD_* environment overrides; yields (process, http URL).
    `log`: a file path its output is appended to (else it is discarded).

    Tests use it to put a proxy in front of a daemon, a Glance or a token
    TTL of their own; benchmarks to measure a process nothing else loads."""
    import subprocess
    import sys
    port = free_port()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=repo, DD_PROXY_HOST="127.0.0.1",
               DD_PROXY_PORT=str(port), DD_KEYSTONE_URL=KEYSTONE_URL,
               DD_PROXY_STATE=os.path.join(STATE_DIR, "proxy"),
               DD_TICKET_SECRET_FILE=os.path.join(STATE_DIR, "ticket_secret"))
    # The stack's environment names Placement (stack/lib/env.sh): a proxy
    # of a test's own registers there only when the test says so.
    env.pop("DD_PLACEMENT_URL", None)
    # A proxy that names its host (DD_HOST_NAME) is a Docker host of the
    # test's own, among the hosts of its state database; any other is one
    # more process in front of a host, which must not record itself among
    # the stack's hosts (the stack's proxies would route to it) nor route
    # to them (DD_ROUTE=0).
    if "DD_HOST_NAME" not in settings:
        env["DD_ROUTE"] = "0"
    env.update({key: str(value) for key, value in settings.items()})
    output = open(log, "ab") if log else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, "-m", "docker_dashboard.proxy"],
                               env=env, stdout=output, stderr=output)
    if log:
        output.close()  # the child holds its own copy
    url = "http://127.0.0.1:%d" % port
    try:
        wait_for_proxy(process, url)
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for_proxy(process, url, seconds=30):
    """Waits until a proxy process just started answers its liveness probe;
    RuntimeError if it exits or stays silent for `seconds`."""
    import time
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(url + "/healthz", timeout=1)
            return
        except requests.ConnectionError:
            if process.poll() is not None:
                raise RuntimeError("the proxy exited before it answered")
            if time.monotonic() > deadline:
                raise RuntimeError("the proxy never answered")
            time.sleep(0.1)  # waiting for the process to listen


def horizon_session(user, base_url=None):
    """A requests session logged in to a running Horizon as `user`, the way
    a browser logs in (CSRF token, form post)."""
    import re
    base_url = base_url or HORIZON_URL
    session = requests.Session()
    page = session.get(base_url + "/auth/login/", timeout=60)
    page.raise_for_status()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                     page.text).group(1)
    answer = session.post(
        base_url + "/auth/login/",
        data={"csrfmiddlewaretoken": csrf, "username": user,
              "password": USERS[user][0], "region": "default"},
        headers={"Referer": base_url + "/auth/login/"}, timeout=60)
    answer.raise_for_status()
    if "/auth/login" in answer.url:
        raise RuntimeError("could not log in to Horizon as %s" % user)
    return session


def child_pids(pid):
    """The live pids whose parent is `pid` (gunicorn's workers, the proxy
    under its supervisor), read from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as stat:
                # The field after the parenthesised name is the state, then
                # the parent pid; the name itself may hold spaces.
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it exited while we looked
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found
