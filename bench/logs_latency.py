"""Write-to-client latency of the live log, against `docker logs -f`.

One container writes a line every 20 ms; the proxy's WebSocket (what the
browser opens) and the docker CLI follow it AT THE SAME TIME, each read in
a process of its own (in one event loop, whichever line is read second
would wait for the other's). A line's latency is the time it reached the
client minus the timestamp dockerd gave it when the container wrote it
(same machine, same clock). Three rounds; each prints its percentiles and
ratios, and the median round's figures are recorded.

    python -m bench.logs_latency      (or: bash bench/run.sh)
"""
import asyncio
import concurrent.futures
import json
import time

import aiohttp

from bench import _logs_common as common
from bench._figures import record

LINES = 500
ROUNDS = 3
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


def proxy_latencies(cid, count, base):
    return asyncio.run(via_proxy(cid, count, base))


def cli_latencies(cid, count):
    return asyncio.run(via_cli(cid, count))


def one_round(cid, base):
    """((p50, p99) through the proxy, (p50, p99) of the CLI), read at once
    in two processes."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        proxy = pool.submit(proxy_latencies, cid, LINES, base)
        cli = pool.submit(cli_latencies, cid, LINES)
        return summary(proxy.result()), summary(cli.result())


def main():
    with common.demo_container(WRITER) as cid, \
            common.own_proxy() as (_, base):
        rounds = [one_round(cid, base) for _ in range(ROUNDS)]
    print("live log latency over %d lines, one line every 20 ms, %d rounds"
          % (LINES, ROUNDS))
    for number, ((p50, p99), (c50, c99)) in enumerate(rounds, 1):
        print("  round %d: proxy WebSocket p50 %5.2f ms p99 %5.2f ms, "
              "docker logs -f p50 %5.2f ms p99 %5.2f ms: p50 %.2fx p99 %.2fx"
              % (number, p50, p99, c50, c99, p50 / c50, p99 / c99))
    # The round of the median p50 ratio stands for the run.
    middle = sorted(rounds, key=lambda r: r[0][0] / r[1][0])[len(rounds) // 2]
    (p50, p99), (c50, c99) = middle
    print("  median round: p50 %.2fx  p99 %.2fx   (goal p50 <= 1.1x, "
          "p99 <= 1.0x)" % (p50 / c50, p99 / c99))
    record("logs_latency_p50", "Live log latency p50", p50, c50, "ms",
           "docker logs -f", goal=1.1)
    record("logs_latency_p99", "Live log latency p99", p99, c99, "ms",
           "docker logs -f", goal=1.0)


if __name__ == "__main__":
    main()
