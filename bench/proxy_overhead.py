"""What the proxy's checks cost, against dockerd's own socket.

The same docker-py calls, as demo through the proxy (token check cached,
policy, ownership inspect, forward) and straight to /var/run/docker.sock,
in one run; medians and the ratio proxy/direct.

    python -m bench.proxy_overhead      (or: bash bench/run.sh)
"""
import re
import statistics
import time
import uuid

import docker

from tests import stack
from bench._figures import record

ROUNDS = 200
EXEC_ROUNDS = 30
COPY_MB = 64


def median_ms(func, rounds):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def read_archive(client, cid):
    stream, _ = client.get_archive(cid, "/tmp/big")
    return sum(len(chunk) for chunk in stream)


def main():
    proxy = stack.docker_client("demo")
    direct = docker.APIClient(base_url="unix:///var/run/docker.sock",
                              version="1.41")
    name = "bench-proxy-" + uuid.uuid4().hex[:8]
    cid = proxy.create_container(
        "busybox:latest", ["sleep", "600"], name=name,
        host_config=proxy.create_host_config(
            mem_limit="256m", nano_cpus=1000000000))["Id"]
    proxy.start(cid)
    try:
        # exec start returns when the command is done: the file is written.
        proxy.exec_start(proxy.exec_create(cid, [
            "dd", "if=/dev/zero", "of=/tmp/big", "bs=1M",
            "count=%d" % COPY_MB])["Id"])
        rows = []
        cases = [
            ("inspect one container", ROUNDS,
             lambda c: c.inspect_container(name)),
            ("list the project's containers", ROUNDS,
             lambda c: c.containers(all=True)),
            ("exec create + start (`echo`)", EXEC_ROUNDS,
             lambda c: c.exec_start(c.exec_create(cid, ["echo", "x"])["Id"])),
            ("read a %d MB file (archive GET)" % COPY_MB, 5,
             lambda c: read_archive(c, cid)),
        ]
        for label, rounds, func in cases:
            via_direct = median_ms(lambda: func(direct), rounds)
            via_proxy = median_ms(lambda: func(proxy), rounds)
            rows.append((label, via_direct, via_proxy))
        print("| call | dockerd socket | through the proxy | ratio |")
        print("| --- | --- | --- | --- |")
        for label, via_direct, via_proxy in rows:
            print("| %s | %.2f ms | %.2f ms | %.2f× |"
                  % (label, via_direct, via_proxy, via_proxy / via_direct))
            record("proxy_" + re.sub(r"\W+", "_", label).strip("_"),
                   "Proxy: " + label, via_proxy, via_direct, "ms",
                   "dockerd socket")
    finally:
        direct.remove_container(cid, force=True)


if __name__ == "__main__":
    main()
