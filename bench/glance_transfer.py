"""Moving a 1 GiB image between Docker and Glance: the proxy against the CLI.

In one run, as demo, with medians of 3 rounds (proxy and peer alternating so
that load from other work on the machine falls on both):

- export: the proxy's `POST /dd/images/{name}/glance-export` task (started,
  polled until done) against `docker save IMAGE | curl -T - .../file` into a
  Glance image the bench creates (container_format=docker, disk_format=raw);
  both timed from creating the Glance image to its upload being accepted
  (the proxy's figure includes up to 0.1 s of polling).
- load: the proxy's `POST /dd/glance/{id}/load` task (the tarball checks and
  Glance's checksum included) against `curl .../file | docker load`, the
  local image removed before each.
- the proxy's resident memory, sampled during its transfers: growth is the
  peak over the figure just before the transfer.

Every image and Glance image the bench makes is removed, also on failure.

    python bench/glance_transfer.py   (or python -m bench.glance_transfer,
                                       or bash bench/run.sh)
"""
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import docker
import requests

if __package__ in (None, ""):
    # Run as a script: make the repository importable for `tests.stack`.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
        __file__))))

from tests import stack  # noqa: E402
from bench._figures import record

ROUNDS = 3
IMAGE_BYTES = 1024 ** 3
GLANCE = os.environ.get("DD_GLANCE_URL", "http://127.0.0.1:9292").rstrip("/")
PROXY_PID_FILE = os.path.join(stack.STATE_DIR, "run", "proxy.pid")
USER = "demo"
DIRECT = docker.APIClient(base_url="unix:///var/run/docker.sock",
                          version="1.41", timeout=600)
# Other engineers restart the proxy while they work: a round it interrupts
# is measured again, at most this many times.
ATTEMPTS = 4
# Goals from issue 6.
# Issue 15's goals, as throughput ratios to the peer.
EXPORT_RATIO_GOAL = 1.0
LOAD_RATIO_GOAL = 0.9
MEMORY_GOAL_MB = 64


def headers():
    return {"X-Auth-Token": stack.token(USER)}


# -- the image ----------------------------------------------------------------

def make_image(client, ref):
    """A demo-owned image: busybox plus one layer of 1 GiB of random bytes
    (incompressible, so no part of the path can cheat by compressing)."""
    container = client.create_container(
        "busybox:latest",
        ["sh", "-c", "head -c %d /dev/urandom > /big" % IMAGE_BYTES],
        host_config=client.create_host_config(mem_limit="256m",
                                              nano_cpus=1000000000))["Id"]
    try:
        client.start(container)
        status = client.wait(container, timeout=600)
        if status.get("StatusCode") != 0:
            raise RuntimeError("making the 1 GiB layer failed: %s" % status)
        repository, tag = ref.rsplit(":", 1)
        client.commit(container, repository=repository, tag=tag)
    finally:
        try:
            client.remove_container(container, force=True)
        except docker.errors.NotFound:
            pass  # someone's clean-up of the project was quicker



# -- Glance -------------------------------------------------------------------

class GlanceImages:
    """Glance images made by this run, all deleted by `delete_all`."""

    def __init__(self):
        self.ids = set()

    def create(self, name):
        resp = requests.post(GLANCE + "/v2/images", headers=headers(),
                             json={"name": name, "container_format": "docker",
                                   "disk_format": "raw"}, timeout=60)
        resp.raise_for_status()
        self.ids.add(resp.json()["id"])
        return resp.json()["id"]

    def adopt(self, image_id):
        self.ids.add(image_id)

    def show(self, image_id):
        resp = requests.get("%s/v2/images/%s" % (GLANCE, image_id),
                            headers=headers(), timeout=60)
        resp.raise_for_status()
        return resp.json()

    def delete(self, image_id):
        resp = requests.delete("%s/v2/images/%s" % (GLANCE, image_id),
                               headers=headers(), timeout=60)
        if resp.status_code in (204, 404):
            self.ids.discard(image_id)

    def delete_all(self):
        for image_id in list(self.ids):
            self.delete(image_id)


def file_url(image_id):
    return "%s/v2/images/%s/file" % (GLANCE, image_id)


class HeaderFile:
    """curl reads the token from a private file (`-H @file`), so that it
    never appears in a process list."""

    def __enter__(self):
        fd, self.path = tempfile.mkstemp(prefix="bench-glance-")
        with os.fdopen(fd, "w") as f:
            f.write("X-Auth-Token: %s\n" % stack.token(USER))
            f.write("Content-Type: application/octet-stream\n")
        return self.path

    def __exit__(self, *exc):
        os.unlink(self.path)


def shell(command):
    """Run a pipeline with `pipefail`, so that a failing `docker save` or
    curl is not hidden by the last command's success."""
    result = subprocess.run(["bash", "-c", "set -euo pipefail; " + command],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s failed: %s" % (command.split()[0],
                                              result.stderr.strip()[-500:]))
    return result.stdout


# -- the proxy's memory ------------------------------------------------------

def proxy_pid():
    """The proxy process itself: the pidfile names its supervisor
    (stack/lib/supervise.py), whose child it is."""
    with open(PROXY_PID_FILE, encoding="utf-8") as f:
        supervisor = int(f.read().strip())
    for entry in os.listdir("/proc"):
        try:
            with open("/proc/%s/stat" % entry, encoding="utf-8") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                command = f.read().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue  # not a process, or gone meanwhile
        if parent == supervisor and b"docker_dashboard.proxy" in command:
            return int(entry)
    return supervisor  # a proxy started without its supervisor


class RssSampler:
    """The proxy's resident memory sampled every few milliseconds, and its
    kernel-kept peak (VmHWM, reset first) as a check on the samples."""

    def __init__(self):
        self.pid = proxy_pid()
        self.peak_kb = 0
        self._stop = threading.Event()

    def _read(self, field):
        with open("/proc/%d/status" % self.pid, encoding="utf-8") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        raise RuntimeError("no %s for pid %d" % (field, self.pid))

    def _sample(self):
        while not self._stop.wait(0.005):
            try:
                self.peak_kb = max(self.peak_kb, self._read("VmRSS"))
            except (OSError, RuntimeError):
                return  # the proxy was restarted: the round is retried

    def __enter__(self):
        try:
            # "5" resets the peak resident size to the current one.
            with open("/proc/%d/clear_refs" % self.pid, "w") as f:
                f.write("5")
        except OSError:
            pass
        self.before_kb = self._read("VmRSS")
        self.peak_kb = self.before_kb
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type, *exc):
        self._stop.set()
        self._thread.join()
        if exc_type is None:
            self.peak_kb = max(self.peak_kb, self._read("VmHWM"))

    @property
    def growth_mb(self):
        return (self.peak_kb - self.before_kb) / 1024


# -- the measured steps -------------------------------------------------------

class ProxyRestarted(Exception):
    """The proxy went away during a measurement (someone restarted it)."""


def wait_for_proxy():
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(stack.PROXY_URL + "/healthz",
                            timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the proxy did not come back")


def retrying(measure, *args):
    """`measure(*args)`, again if a proxy restart interrupted it."""
    for attempt in range(ATTEMPTS):
        try:
            return measure(*args)
        except ProxyRestarted:
            print("  (the proxy was restarted: measuring again)")
            wait_for_proxy()
    raise RuntimeError("the proxy kept restarting")


def wait_task(task_id):
    """Poll the proxy's task until it is no longer running."""
    while True:
        try:
            resp = requests.get("%s/dd/tasks/%s" % (stack.PROXY_URL, task_id),
                                headers=headers(), timeout=60)
        except requests.ConnectionError:
            raise ProxyRestarted() from None
        if resp.status_code == 404:  # a new proxy knows no old task
            raise ProxyRestarted()
        task = resp.json()
        if task["Status"] != "running":
            return task
        time.sleep(0.1)


def start_task(path, body=None):
    try:
        resp = requests.post(stack.PROXY_URL + path, json=body or {},
                             headers=headers(), timeout=60)
    except requests.ConnectionError:
        raise ProxyRestarted() from None
    if resp.status_code != 202:
        raise RuntimeError("%s answered %s: %s"
                           % (path, resp.status_code, resp.text[:300]))
    return resp.json()


def proxy_export(ref, glance, name):
    start = time.perf_counter()
    task = start_task("/dd/images/%s/glance-export" % ref,
                      {"glance_name": name})
    # Known from the start, so that an interrupted export is cleaned up too.
    glance.adopt(task["Result"]["glance_image_id"])
    task = wait_task(task["Id"])
    elapsed = time.perf_counter() - start
    if task["Status"] != "succeeded":
        raise RuntimeError("proxy export %s: %s" % (task["Status"],
                                                    task["Error"]))
    return elapsed, task["Result"]["glance_image_id"]


def peer_export(ref, glance, name, header_file):
    start = time.perf_counter()
    image_id = glance.create(name)
    code = shell("docker save %s | curl -sS -o /dev/null -w '%%{http_code}' "
                 "-T - -H @%s %s" % (ref, header_file, file_url(image_id)))
    elapsed = time.perf_counter() - start
    if code.strip() != "204":
        raise RuntimeError("Glance answered %s to the upload" % code)
    return elapsed, image_id


def proxy_load(glance_id):
    start = time.perf_counter()
    task = wait_task(start_task("/dd/glance/%s/load" % glance_id)["Id"])
    elapsed = time.perf_counter() - start
    if task["Status"] != "succeeded":
        raise RuntimeError("proxy load %s: %s" % (task["Status"],
                                                  task["Error"]))
    return elapsed


def peer_load(glance_id, header_file):
    start = time.perf_counter()
    shell("curl -sS -f -H @%s %s | docker load -q" % (header_file,
                                                      file_url(glance_id)))
    return time.perf_counter() - start


def remove_local(client, ref):
    """Remove through the proxy (which forgets the tag's owner), straight
    on dockerd's socket if the proxy is away."""
    try:
        client.remove_image(ref)
    except requests.ConnectionError:
        try:
            DIRECT.remove_image(ref)
        except docker.errors.NotFound:
            pass
    except docker.errors.NotFound:
        pass  # absent already: that is what we want


def measured_export(ref, glance, name):
    with RssSampler() as rss:
        seconds, glance_id = proxy_export(ref, glance, name)
    return seconds, glance_id, rss.growth_mb


def measured_proxy_load(client, ref, glance_id):
    remove_local(client, ref)
    with RssSampler() as rss:
        seconds = proxy_load(glance_id)
    return seconds, rss.growth_mb


# -- the run ------------------------------------------------------------------

def mb_per_s(size, seconds):
    return size / seconds / 1e6


def main():
    client = stack.docker_client(USER)
    glance = GlanceImages()
    tag = uuid.uuid4().hex[:8]
    ref = "bench-glance-%s:v1" % tag
    try:
        print("uptime before:", shell("uptime").strip())
        make_image(client, ref)
        print("image %s made" % ref)
        exports = {"proxy": [], "peer": []}
        growth = []
        size = None
        keep = None
        with HeaderFile() as header_file:
            for n in range(ROUNDS):
                seconds, glance_id, grew = retrying(
                    measured_export, ref, glance,
                    "bench-%s-proxy-%d" % (tag, n))
                growth.append(grew)
                size = glance.show(glance_id)["size"]
                exports["proxy"].append(seconds)
                if keep is None:
                    keep = glance_id
                else:
                    glance.delete(glance_id)
                seconds, glance_id = peer_export(
                    ref, glance, "bench-%s-peer-%d" % (tag, n), header_file)
                peer_image = glance.show(glance_id)
                if peer_image["status"] != "active":
                    raise RuntimeError("peer upload left %s"
                                       % peer_image["status"])
                exports["peer"].append(seconds)
                glance.delete(glance_id)
                print("export round %d: proxy %.2f s (+%.1f MB RSS), "
                      "peer %.2f s" % (n + 1, exports["proxy"][-1],
                                       growth[-1], seconds))
            loads = {"proxy": [], "peer": []}
            load_growth = []
            for n in range(ROUNDS):
                seconds, grew = retrying(measured_proxy_load, client, ref,
                                         keep)
                loads["proxy"].append(seconds)
                load_growth.append(grew)
                remove_local(client, ref)
                loads["peer"].append(peer_load(keep, header_file))
                print("load round %d: proxy %.2f s (+%.1f MB RSS), peer %.2f s"
                      % (n + 1, loads["proxy"][-1], load_growth[-1],
                         loads["peer"][-1]))
        print("uptime after:", shell("uptime").strip())
        report(size, exports, loads, growth, load_growth)
    finally:
        glance.delete_all()
        remove_local(client, ref)


def report(size, exports, loads, growth, load_growth):
    print()
    print("%d bytes (%.0f MiB) per transfer; medians of %d rounds"
          % (size, size / 1024 ** 2, ROUNDS))
    print("| transfer | proxy | peer | proxy/peer throughput | goal |")
    print("| --- | --- | --- | --- | --- |")
    for label, times, peer, goal in (
            ("export to Glance", exports, "docker save | curl -T -",
             EXPORT_RATIO_GOAL),
            ("load from Glance", loads, "curl | docker load",
             LOAD_RATIO_GOAL)):
        proxy_s = statistics.median(times["proxy"])
        peer_s = statistics.median(times["peer"])
        print("| %s | %.2f s, %.0f MB/s | %s: %.2f s, %.0f MB/s | %.2f× | "
              "≥ %.1f× |" % (label, proxy_s, mb_per_s(size, proxy_s), peer,
                             peer_s, mb_per_s(size, peer_s),
                             peer_s / proxy_s, goal))
        record("glance_" + label.split()[0], "1 GiB " + label, proxy_s,
               peer_s, "s", peer.split(" |")[0] + " pipeline",
               goal=1 / goal)
    for label, grew in (("export", growth), ("load", load_growth)):
        print("| proxy RSS growth during %s | %.1f MB (max of rounds %s) | "
              "| | ≤ %d MB |" % (label, max(grew),
                                ", ".join("%.1f" % g for g in grew),
                                MEMORY_GOAL_MB))


if __name__ == "__main__":
    main()
