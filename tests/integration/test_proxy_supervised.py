"""The local stack's proxy runs supervised (stack/services/proxy.sh with
stack/lib/supervise.py): killed with SIGKILL it answers again by itself,
stack/status.sh still shows it, and `proxy.sh stop` (what `make stop` runs)
stops it for good.

The script is run for a stack of the test's own: its own DD_STATE (pidfile,
log, state database) and port, in front of the shared dockerd and Keystone.
The shared proxy is never touched."""
import os
import re
import shutil
import signal
import subprocess
import time

import requests

from tests import stack

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "stack", "services", "proxy.sh")
STATUS = os.path.join(REPO, "stack", "status.sh")


children = stack.child_pids


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def answers(url):
    try:
        return requests.get(url + "/healthz", timeout=2).ok
    except requests.RequestException:
        return False


def wait_for(condition, what, seconds=90):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)  # polling a process table and a port


def test_a_killed_proxy_answers_again_and_stop_ends_it(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    shutil.copy(os.path.join(stack.STATE_DIR, "ticket_secret"),
                state / "ticket_secret")
    port = stack.free_port()
    url = "http://127.0.0.1:%d" % port
    env = dict(os.environ, DD_STATE=str(state), DD_PROXY_PORT=str(port))

    def script(*args):
        return subprocess.run(["bash"] + list(args), env=env, check=True,
                              capture_output=True, text=True, timeout=180)

    script(SCRIPT, "start")
    try:
        supervisor = int((state / "run" / "proxy.pid").read_text())
        [first] = children(supervisor)
        assert answers(url)

        os.kill(first, signal.SIGKILL)
        wait_for(lambda: children(supervisor) not in ([], [first])
                 and answers(url), "the killed proxy never answered again")
        [second] = children(supervisor)

        shown = subprocess.run(["bash", STATUS], env=env, text=True,
                               capture_output=True, timeout=60).stdout
        assert re.search(r"^proxy\s+up \(pid %d\)$" % supervisor, shown,
                         re.M), shown
    finally:
        script(SCRIPT, "stop")

    # Stopped for good: nothing restarted it, the port is free.
    assert not alive(supervisor) and not alive(second)
    assert not answers(url)
    log = (state / "logs" / "proxy.log").read_text()
    assert re.search(r"WARNING supervise\.proxy: proxy was killed by SIGKILL "
                     r"after \d+ s; restarting in 1 s", log), log
    assert "started proxy (pid %d)" % second in log
    assert "proxy exited with status 0; stopped" in log
    assert "Traceback" not in log
