"""A small build through the proxy against `docker build` on the socket.

The same docker CLI (classic builder, DOCKER_BUILDKIT=0, `--network none`)
builds the same small Dockerfile, with a fresh RUN step each time so
nothing comes from the cache: once straight on /var/run/docker.sock, once
as demo through the proxy (which re-writes the context, parses, resolves
and re-writes the Dockerfile, and adds the project's label and argument
steps). Interleaved rounds, alternating which goes first; medians and the
ratio proxy/socket.

    python -m bench.build      (or: bash bench/run.sh)
"""
import json
import os
import statistics
import subprocess
import tempfile
import time
import uuid

from bench._figures import record
from tests import stack

ROUNDS = 15
DOCKERFILE = ("FROM busybox:latest\nCOPY app.txt /app/\n"
              "RUN echo %s > /built && wc -c /app/app.txt\n")


def build(env, folder, tag):
    start = time.perf_counter()
    done = subprocess.run(["docker", "build", "--network", "none", "-q",
                           "-t", tag, folder], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode:
        raise SystemExit("docker build failed: %s" % done.stderr.decode())
    return (time.perf_counter() - start) * 1000


def remove(env, tag):
    subprocess.run(["docker", "rmi", "-f", tag], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    base = dict(os.environ, DOCKER_BUILDKIT="0")
    socket_env = dict(base, DOCKER_HOST="unix:///var/run/docker.sock")
    with tempfile.TemporaryDirectory() as config, \
            tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(config, "config.json"), "w") as handle:
            json.dump({"HttpHeaders": {"X-Auth-Token": stack.token("demo")}},
                      handle)
        proxy_env = dict(base, DOCKER_CONFIG=config,
                         DOCKER_HOST=stack.PROXY_URL.replace("http://",
                                                             "tcp://"))
        with open(os.path.join(folder, "app.txt"), "w") as handle:
            handle.write("x" * 4096)
        times = {"socket": [], "proxy": []}
        for round_number in range(ROUNDS):
            order = [("socket", socket_env), ("proxy", proxy_env)]
            if round_number % 2:
                order.reverse()
            for name, env in order:
                with open(os.path.join(folder, "Dockerfile"), "w") as handle:
                    handle.write(DOCKERFILE % uuid.uuid4().hex)
                tag = "bench-build-%s:1" % uuid.uuid4().hex[:8]
                try:
                    times[name].append(build(env, folder, tag))
                finally:
                    remove(env, tag)
    socket_ms = statistics.median(times["socket"])
    proxy_ms = statistics.median(times["proxy"])
    print("| build | dockerd socket | through the proxy | ratio |")
    print("| --- | --- | --- | --- |")
    print("| small Dockerfile, 3 steps, classic builder | %.0f ms | %.0f ms "
          "| %.2f× |" % (socket_ms, proxy_ms, proxy_ms / socket_ms))
    record("build_small", "Build: a small Dockerfile (classic builder)",
           proxy_ms, socket_ms, "ms", "docker build on the socket",
           goal=1.2)


if __name__ == "__main__":
    main()
