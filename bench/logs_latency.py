"""Write-to-client latency of the live log, against `docker logs -f`.

One container writes a line every 20 ms; the proxy's WebSocket (what the
browser opens) and the docker CLI follow it AT THE SAME TIME. A line's
latency is the time it reached the client minus the timestamp dockerd gave
it when the container wrote it (same machine, same clock).

    python -m bench.logs_latency      (or: bash bench/run.sh)
"""
import asyncio
import json
import time

import aiohttp

from bench import _logs_common as common
from bench._figures import record

LINES = 500
WRITER = ["sh", "-c", "while true; do echo tick; sleep 0.02; done"]


async def via_proxy(cid, count, base):
    latencies = []
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(common.logs_url(cid, base=base, tail="0"),
                                      headers={"Origin": common.ORIGIN}) as ws:
            async for msg in ws:
                now = time.time_ns()
                for line in json.loads(msg.data):
                    latencies.append((now - common.timestamp_ns(line["ts"]))
                                     / 1e6)
                if len(latencies) >= count:
                    return latencies[:count]


async def via_cli(cid, count):
    latencies = []
    process = await asyncio.create_subprocess_exec(
        "docker", "logs", "-f", "--timestamps", "--tail", "0", cid,
        stdout=asyncio.subprocess.PIPE)
    try:
        while len(latencies) < count:
            raw = await process.stdout.readline()
            now = time.time_ns()
            ts = raw.split(b" ", 1)[0].decode()
            latencies.append((now - common.timestamp_ns(ts)) / 1e6)
    finally:
        process.kill()
        await process.wait()
    return latencies


def summary(latencies):
    return (common.percentile(latencies, 0.5),
            common.percentile(latencies, 0.99))


async def main():
    with common.demo_container(WRITER) as cid, \
            common.own_proxy() as (_, base):
        proxy, cli = await asyncio.gather(via_proxy(cid, LINES, base),
                                          via_cli(cid, LINES))
    (p50, p99), (c50, c99) = summary(proxy), summary(cli)
    print("live log latency over %d lines, one line every 20 ms" % LINES)
    print("  proxy WebSocket : p50 %6.2f ms  p99 %6.2f ms" % (p50, p99))
    print("  docker logs -f  : p50 %6.2f ms  p99 %6.2f ms" % (c50, c99))
    print("  ratio proxy/CLI : p50 %.2fx  p99 %.2fx   (goal p50 <= 30 ms, "
          "p99 <= 150 ms)" % (p50 / c50, p99 / c99))
    record("logs_latency_p50", "Live log latency p50", p50, c50, "ms",
           "docker logs -f")
    record("logs_latency_p99", "Live log latency p99", p99, c99, "ms",
           "docker logs -f")


if __name__ == "__main__":
    asyncio.run(main())
