"""Keeps one process of the local stack running: restarts it when it dies.

Usage (stack/services/proxy.sh, under service.sh's start_service):

    python supervise.py NAME -- CMD [ARGS...]

Runs CMD as a child in the supervisor's own process group (so
stop_service's group kill reaches both), and whenever it exits, however
it exits (a crash, kill -9, a clean exit after someone else's SIGTERM),
starts it again after a delay that doubles from MIN_DELAY up to MAX_DELAY
while it keeps dying young, and starts over from MIN_DELAY once a run has
lasted STABLE_SECONDS. What it does is logged on stdout (the service's log),
in the proxy's own line format.

SIGTERM or SIGINT to the supervisor (stop_service, `make stop`) is passed
on to the child as SIGTERM; the supervisor waits for the child's graceful
exit (bounded by the child: the proxy's DD_SHUTDOWN_TIMEOUT), restarts
nothing and exits 0. The supervisor is what systemd's Restart= does in
production (docker_dashboard/conf/docker-dashboard-proxy.service).

Standard library only: it runs under any Python 3.
"""
import ctypes
import datetime
import signal
import subprocess
import sys
import threading
import time

MIN_DELAY = 1.0
MAX_DELAY = 30.0
STABLE_SECONDS = 60.0
PR_SET_PDEATHSIG = 1


def _end_with_the_supervisor():
    """In the child, before exec: a SIGTERM when the supervisor dies (even
    by kill -9), so no proxy outlives it unsupervised, holding its port."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: stop_service's group kill still reaches it


def say(name, level, message):
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S,%f")[:-3]
    print("%s %s supervise.%s: %s" % (stamp, level, name, message),
          flush=True)


def how_it_ended(status):
    if status < 0:
        try:
            return "was killed by %s" % signal.Signals(-status).name
        except ValueError:
            return "was killed by signal %d" % -status
    return "exited with status %d" % status


class Supervisor:
    def __init__(self, name, command):
        self.name = name
        self.command = command
        self.stopping = threading.Event()
        self.child = None

    def on_signal(self, signum, _frame):
        if not self.stopping.is_set():
            say(self.name, "INFO", "%s received: stopping %s"
                % (signal.Signals(signum).name, self.name))
        self.stopping.set()
        self._pass_on()

    def _pass_on(self):
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    def run(self):
        delay = MIN_DELAY
        while not self.stopping.is_set():
            started = time.monotonic()
            self.child = subprocess.Popen(
                self.command, preexec_fn=_end_with_the_supervisor)
            say(self.name, "INFO", "started %s (pid %d)"
                % (self.name, self.child.pid))
            if self.stopping.is_set():
                # The signal came between the check and the start.
                self._pass_on()
            status = self.child.wait()
            if self.stopping.is_set():
                say(self.name, "INFO", "%s %s; stopped"
                    % (self.name, how_it_ended(status)))
                break
            if time.monotonic() - started >= STABLE_SECONDS:
                delay = MIN_DELAY
            say(self.name, "WARNING", "%s %s after %.0f s; restarting in "
                "%.0f s" % (self.name, how_it_ended(status),
                            time.monotonic() - started, delay))
            # Woken early by a stop.
            self.stopping.wait(delay)
            delay = min(delay * 2, MAX_DELAY)
        return 0


def main(argv):
    if len(argv) < 3 or argv[1] != "--":
        print("usage: supervise.py NAME -- CMD [ARGS...]", file=sys.stderr)
        return 2
    supervisor = Supervisor(argv[0], argv[2:])
    signal.signal(signal.SIGTERM, supervisor.on_signal)
    signal.signal(signal.SIGINT, supervisor.on_signal)
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
