"""A proxy of the suite's own run under the stack's supervisor
(stack/lib/supervise.py, as stack/services/proxy.sh runs the shared one),
on a port of its own: a fault may kill -9 the proxy, and the supervisor,
not the harness, starts it again."""
import os
import signal
import subprocess
import sys
import time

import requests

from soak import _processes
from tests import stack

SUPERVISOR = os.path.join(_processes.REPO, "stack", "lib", "supervise.py")


class SupervisedProxy:
    def __init__(self, **settings):
        self.port = stack.free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.ws_base = "ws://127.0.0.1:%d" % self.port
        self.settings = settings
        self.supervisor = None
        self.log_path = os.path.join(_processes.log_dir(),
                                     "proxy-%d.log" % self.port)

    def env(self):
        env = dict(os.environ, PYTHONPATH=_processes.REPO,
                   DD_PROXY_HOST="127.0.0.1", DD_PROXY_PORT=str(self.port),
                   DD_KEYSTONE_URL=stack.KEYSTONE_URL,
                   DD_PROXY_STATE=os.path.join(stack.STATE_DIR, "proxy"),
                   DD_TICKET_SECRET_FILE=os.path.join(stack.STATE_DIR,
                                                      "ticket_secret"))
        env.update(_processes.PROXY_SETTINGS)
        env.update({k: str(v) for k, v in self.settings.items()})
        return env

    def start(self):
        log = open(self.log_path, "ab")
        self.supervisor = subprocess.Popen(
            [sys.executable, SUPERVISOR, "soak-proxy", "--", sys.executable,
             "-m", "docker_dashboard.proxy"],
            env=self.env(), stdout=log, stderr=log, start_new_session=True)
        self.wait_answering()
        return self

    def pid(self):
        """The proxy's own pid (the supervisor's child), or None."""
        found = _processes.children(self.supervisor.pid)
        return found[0] if found else None

    def answers(self):
        try:
            return requests.get(self.url + "/healthz", timeout=2).ok
        except requests.RequestException:
            return False

    def wait_answering(self, seconds=60):
        deadline = time.monotonic() + seconds
        while not self.answers():
            if self.supervisor.poll() is not None:
                raise RuntimeError("the supervisor exited: see %s"
                                   % self.log_path)
            if time.monotonic() > deadline:
                raise RuntimeError("the proxy did not answer in %d s"
                                   % seconds)
            time.sleep(0.2)  # polling a process that is starting

    def kill9(self):
        """kill -9 of the proxy; returns once a new one answers and how
        long that took (the supervisor's doing)."""
        old = self.pid()
        os.kill(old, signal.SIGKILL)
        start = time.monotonic()
        while self.pid() in (None, old):
            time.sleep(0.05)
        self.wait_answering()
        return time.monotonic() - start

    def log_tail(self):
        try:
            with open(self.log_path, encoding="utf-8",
                      errors="replace") as log:
                return log.read()[-20000:]
        except OSError:
            return ""

    def tracebacks(self):
        return self.log_tail().count("Traceback")

    def stop(self):
        if self.supervisor and self.supervisor.poll() is None:
            self.supervisor.terminate()
            try:
                self.supervisor.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.supervisor.pid, signal.SIGKILL)
                self.supervisor.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
