"""Processes of the suite's own and their memory: a Horizon served as
stack/services/horizon.sh serves it (gunicorn, 2 workers x 4 threads,
DEBUG off) but on a port of its own and in front of a proxy of the suite's
own, so that the shared stack is neither disturbed nor measured."""
import contextlib
import os
import subprocess
import sys
import time

import requests

from bench import _logs_common
from tests import stack

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What stack/services/proxy.sh sets beyond tests.stack.own_proxy's own.
PROXY_SETTINGS = {"DD_PUBLIC_IMAGES": os.environ.get("DD_BASE_IMAGE",
                                                     "busybox:latest")}


def log_dir():
    """Where the suite's own processes log (apart from the stack's logs,
    which the test run checks)."""
    folder = os.path.join(stack.STATE_DIR, "logs", "soak")
    os.makedirs(folder, exist_ok=True)
    return folder


@contextlib.contextmanager
def own_horizon(proxy_url, workers=2, threads=4):
    """Yields (gunicorn master process, URL)."""
    port = stack.free_port()
    env = dict(os.environ, PYTHONPATH=REPO, DD_STATE=stack.STATE_DIR,
               DJANGO_SETTINGS_MODULE="devsite.settings",
               DD_DASHBOARD_PROXY_URL=proxy_url)
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    log = open(os.path.join(log_dir(), "horizon-%d.log" % port), "ab")
    process = subprocess.Popen(
        [gunicorn, "--no-control-socket", "--chdir", REPO,
         "--workers", str(workers), "--threads", str(threads),
         "--timeout", "300", "--bind", "127.0.0.1:%d" % port,
         "devsite.wsgi:application"],
        env=env, stdout=log, stderr=log)
    log.close()
    url = "http://127.0.0.1:%d" % port
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(url + "/auth/login/", timeout=30).ok:
                    break
            except requests.RequestException:
                pass  # not listening yet, or its first page still loading
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the suite's Horizon did not start")
            time.sleep(0.2)  # gunicorn's workers are loading Horizon
        yield process, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# The live pids whose parent is `pid` (gunicorn's workers).
children = stack.child_pids


def rss_mb(pid):
    """Resident memory of one process in MB, 0 when it is gone."""
    try:
        return _logs_common.rss_mb(pid)
    except OSError:
        return 0.0


def tree_rss_mb(pid):
    """A process and its children (gunicorn's master and workers)."""
    return rss_mb(pid) + sum(rss_mb(child) for child in children(pid))
