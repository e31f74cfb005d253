"""A dockerd of a test's own, beside the shared one.

Each has its own socket, data and exec roots, pidfile and bridge (with its
own address range) and no iptables rules, so it never touches the shared
daemon. It must not run with `--bridge none`: a dockerd started that way
deletes the host's docker0, the shared daemon's bridge.
"""
import contextlib
import os
import signal
import subprocess
import time

import docker

from tests import stack


# Where every private daemon takes its networks' subnets (the stack's
# hosts use 10.213.0.0/16 and 10.214.0.0/16).
ADDRESS_POOL = "10.215.0.0/16"


class PrivateDockerd:
    def __init__(self, name, subnet):
        """`name`: a short word for its paths and bridge; `subnet`: the
        bridge's address, e.g. "172.31.253.1/24", unused by any other."""
        self.name = name
        self.socket = "/run/dd-%s-docker.sock" % name
        self.pidfile = "/run/dd-%s-docker.pid" % name
        self.bridge = "dd%s0" % name[:9]
        self.subnet = subnet
        self.process = None

    def command(self):
        return ["dockerd", "--host", "unix://" + self.socket,
                "--data-root", "/var/lib/dd-%s-docker" % self.name,
                "--exec-root", "/run/dd-%s-docker-exec" % self.name,
                "--pidfile", self.pidfile, "--bridge", self.bridge,
                "--iptables=false", "--shutdown-timeout", "2",
                # Networks it makes take /24s of a range of their own, not
                # Docker's 31 default subnets, which leftover bridges of
                # other daemons may all overlap (stack/lib/env.sh).
                "--default-address-pool", "base=%s,size=24" % ADDRESS_POOL]

    def answers(self):
        try:
            return docker.APIClient("unix://" + self.socket,
                                    timeout=2).ping()
        except Exception:
            return False

    def start(self):
        if os.path.exists(self.pidfile):
            self._end_left_over()
        # dockerd's --bridge takes an existing interface: made here.
        if subprocess.run(["ip", "link", "show", self.bridge],
                          capture_output=True).returncode != 0:
            subprocess.run(["ip", "link", "add", self.bridge, "type",
                            "bridge"], check=True)
            subprocess.run(["ip", "addr", "add", self.subnet, "dev",
                            self.bridge], check=True)
        log = open(os.path.join(stack.STATE_DIR, "logs",
                                "dd-%s-dockerd.log" % self.name), "ab")
        self.process = subprocess.Popen(self.command(), stdout=log,
                                        stderr=log)
        log.close()
        _wait_for(self.answers)

    def _end_left_over(self):
        """A pidfile of this name: a daemon (or its pidfile) that a test run
        killed before its cleanup left. Its socket and data are this
        daemon's own, so it is stopped rather than taken as is."""
        try:
            with open(self.pidfile) as handle:
                pid = int(handle.read().strip() or 0)
            with open("/proc/%d/cmdline" % pid, "rb") as handle:
                ours = self.socket.encode() in handle.read()
        except (OSError, ValueError):
            ours = False
        if ours:
            os.kill(pid, signal.SIGCONT)  # were it frozen by a test
            os.kill(pid, signal.SIGTERM)
            _wait_for(lambda: not _alive(pid))
        if os.path.exists(self.pidfile):
            os.remove(self.pidfile)

    def copy_image(self, ref="busybox:latest"):
        """Gives it an image of the shared daemon (`docker save | docker
        load`): it has no registry to pull from."""
        if docker.APIClient("unix://" + self.socket).images(ref):
            return
        saved = subprocess.Popen(["docker", "save", ref],
                                 stdout=subprocess.PIPE)
        subprocess.run(["docker", "-H", "unix://" + self.socket, "load"],
                       stdin=saved.stdout, check=True,
                       stdout=subprocess.DEVNULL)
        saved.wait()

    def pause(self):
        """Freeze it (SIGSTOP): its socket still accepts connections, it
        answers nothing -- a hung daemon."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process is None:
            return
        self.resume()  # a frozen daemon would never see the SIGTERM
        bridges = [self.bridge] + self._network_bridges()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        _wait_for(lambda: not os.path.exists(self.pidfile))
        # dockerd leaves its networks' bridges on the host when it stops
        # (and makes them again from its data root when it starts): each
        # would hold its subnet's route, for every daemon, for ever.
        for bridge in bridges:
            subprocess.run(["ip", "link", "delete", bridge],
                           capture_output=True)

    def _network_bridges(self):
        try:
            networks = docker.APIClient("unix://" + self.socket,
                                        timeout=10).networks()
        except Exception:
            return []  # a hung or gone daemon: its bridges stay
        return ["br-" + network["Id"][:12] for network in networks
                if network.get("Driver") == "bridge"
                and network.get("Name") != "bridge"]


@contextlib.contextmanager
def running(name, subnet):
    daemon = PrivateDockerd(name, subnet)
    try:
        daemon.start()
        yield daemon
    finally:
        daemon.stop()


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in %ss" % timeout)
        time.sleep(0.1)  # polling a daemon's socket, there is no event
