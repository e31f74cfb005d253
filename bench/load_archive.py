"""`docker load` of a 1 GiB archive: the proxy's re-written archive against
`docker load` on dockerd's socket, in the same run.

The archive is a real image (tests/image_archive.py: one layer of 1 GiB of
random bytes, incompressible) in the legacy `docker save` layout, written
once to a temporary file. Each round, the image is removed, then loaded:
- proxy: `curl -X POST -T FILE .../v1.41/images/load` as demo, through the
  proxy, which reads the archive as Go does, re-writes it entry by entry and
  streams its own archive (and manifest) into dockerd;
- peer: `docker load -i FILE` on the socket.
Medians of 3 rounds, proxy and peer alternating so that load from other work
on the machine falls on both (after waiting a little for the machine's load
to come down, as bench/containers_page.py does); the ratio is the proxy's throughput over the
peer's (goal ≥ 0.85×, issue 11). The proxy's resident memory is sampled
during its loads. The image and the file are removed, also on failure.

    python -m bench.load_archive   (or bash bench/run.sh)
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import docker
import requests

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
        __file__))))

from tests import image_archive  # noqa: E402
from tests import stack  # noqa: E402
from bench._figures import record  # noqa: E402
from bench.containers_page import load_text  # noqa: E402
from bench.containers_page import wait_for_quiet  # noqa: E402
from bench.glance_transfer import ProxyRestarted  # noqa: E402
from bench.glance_transfer import RssSampler  # noqa: E402
from bench.glance_transfer import retrying  # noqa: E402

ROUNDS = 3
LAYER_BYTES = 1024 ** 3
USER = "demo"
GOAL = 0.85
DIRECT = docker.APIClient(base_url="unix:///var/run/docker.sock",
                          version="1.41", timeout=900)


def write_archive(path, tag):
    """The archive, streamed to `path`: the layer's bytes never all sit in
    memory. Returns the image id."""
    import hashlib
    import io
    import json
    import tarfile
    layer_path = path + ".layer"
    digest = hashlib.sha256()
    with open(layer_path, "wb") as layer:
        with tarfile.open(fileobj=layer, mode="w") as tar:
            info = tarfile.TarInfo("big")
            info.size = LAYER_BYTES
            tar.addfile(info, _Random(LAYER_BYTES))
    with open(layer_path, "rb") as layer:
        for block in iter(lambda: layer.read(1 << 20), b""):
            digest.update(block)
    diff_id = "sha256:" + digest.hexdigest()
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "config": {},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]}}).encode()
    config_hex = hashlib.sha256(config).hexdigest()
    layer_dir = digest.hexdigest()
    with open(path, "wb") as out:
        with tarfile.open(fileobj=out, mode="w") as tar:
            def add(name, data=None, fileobj=None, size=0):
                info = tarfile.TarInfo(name)
                if data is None and fileobj is None:
                    info.type = tarfile.DIRTYPE
                    tar.addfile(info)
                    return
                info.size = len(data) if data is not None else size
                tar.addfile(info, io.BytesIO(data) if data is not None
                            else fileobj)
            add(config_hex + ".json", config)
            add(layer_dir)
            with open(layer_path, "rb") as layer:
                add(layer_dir + "/layer.tar", fileobj=layer,
                    size=os.path.getsize(layer_path))
            add("manifest.json", image_archive.manifest(
                config_hex + ".json", [layer_dir + "/layer.tar"], [tag]))
    os.unlink(layer_path)
    return "sha256:" + config_hex


class _Random:
    def __init__(self, size):
        self.left = size

    def read(self, n):
        n = min(n, self.left)
        self.left -= n
        return os.urandom(n)


def shell(command):
    result = subprocess.run(["bash", "-c", "set -euo pipefail; " + command],
                            capture_output=True, text=True)
    if result.returncode != 0 or '"error' in result.stdout:
        raise RuntimeError("%s failed: %s %s" % (
            command.split()[0], result.stdout[-300:], result.stderr[-300:]))
    return result.stdout


def remove(ref):
    try:
        stack.docker_client(USER).remove_image(ref, force=True)
    except (docker.errors.APIError, requests.ConnectionError):
        pass
    try:
        DIRECT.remove_image(ref, force=True)
    except docker.errors.NotFound:
        pass


def proxy_load(path, header_file, tag):
    """One measured load through the proxy; ProxyRestarted when another
    engineer's restart of the proxy cut it (curl: empty reply, refused)."""
    remove(tag)
    try:
        with RssSampler() as rss:
            start = time.perf_counter()
            result = subprocess.run(
                ["curl", "-sS", "-f", "-X", "POST", "-T", path, "-H",
                 "@" + header_file, stack.PROXY_URL + "/v1.41/images/load"
                 "?quiet=1"], capture_output=True, text=True)
            seconds = time.perf_counter() - start
    except OSError:         # the proxy's process is gone: restarted
        raise ProxyRestarted() from None
    if result.returncode in (7, 52, 56):
        raise ProxyRestarted()
    if result.returncode != 0 or '"error' in result.stdout:
        raise RuntimeError("the proxy's load failed: %s %s" % (
            result.stdout[-300:], result.stderr[-300:]))
    return seconds, rss.growth_mb


def peer_load(path):
    start = time.perf_counter()
    shell("docker load -q -i %s" % path)
    return time.perf_counter() - start


def main():
    tag = "bench-load-%s:1" % uuid.uuid4().hex[:8]
    folder = tempfile.mkdtemp(prefix="bench-load-")
    path = os.path.join(folder, "image.tar")
    fd, header_file = tempfile.mkstemp(prefix="bench-load-h-")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write("X-Auth-Token: %s\n" % stack.token(USER))
            handle.write("Content-Type: application/x-tar\n")
        image_id = write_archive(path, tag)
        size = os.path.getsize(path)
        wait_for_quiet()
        print("before:", load_text())
        times, growth = {"proxy": [], "peer": []}, []
        for n in range(ROUNDS):
            seconds, grew = retrying(proxy_load, path, header_file, tag)
            times["proxy"].append(seconds)
            growth.append(grew)
            if DIRECT.inspect_image(tag)["Id"] != image_id:
                raise RuntimeError("the proxy loaded another image")
            remove(tag)
            times["peer"].append(peer_load(path))
            print("round %d: proxy %.2f s (+%.1f MB RSS), peer %.2f s"
                  % (n + 1, times["proxy"][-1], growth[-1],
                     times["peer"][-1]))
        print("after:", load_text())
        proxy_s = statistics.median(times["proxy"])
        peer_s = statistics.median(times["peer"])
        print()
        print("%d bytes (%.0f MiB) per load; medians of %d rounds"
              % (size, size / 1024 ** 2, ROUNDS))
        print("| load | proxy (re-written archive) | docker load on the "
              "socket | proxy/peer throughput | goal |")
        print("| --- | --- | --- | --- | --- |")
        print("| 1 GiB archive | %.2f s, %.0f MB/s | %.2f s, %.0f MB/s | "
              "%.2f× | ≥ %.2f× |" % (proxy_s, size / proxy_s / 1e6, peer_s,
                                      size / peer_s / 1e6, peer_s / proxy_s,
                                      GOAL))
        print("| proxy RSS growth | %.1f MB (max of rounds %s) | | | |"
              % (max(growth), ", ".join("%.1f" % g for g in growth)))
        record("load_archive", "1 GiB docker load (re-written archive)",
               proxy_s, peer_s, "s", "docker load on the socket",
               goal=1 / GOAL)
    finally:
        remove(tag)
        os.unlink(header_file)
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)


if __name__ == "__main__":
    main()
