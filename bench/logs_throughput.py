"""Single-stream throughput of the live log, against `docker logs`.

A container writes LINES lines as fast as it can and exits; then its whole
log is read through the proxy's WebSocket (what the browser opens, parsed
into JSON lines) and by the docker CLI straight from dockerd, alternately,
ROUNDS times each, both with timestamps. Each round prints both rates and
their ratio; the median round's figures are recorded.

    python -m bench.logs_throughput      (or: bash bench/run.sh)
"""
import asyncio
import json
import statistics
import subprocess
import time

import aiohttp

from bench import _logs_common as common
from bench._figures import record

LINES = 300_000
ROUNDS = 3
WRITER = ["sh", "-c", "yes 'GET /index.html 200 0.003s user-agent=bench "
                      "some padding to look like a real access log line' "
                      "| head -n %d" % LINES]


async def via_proxy(cid, base):
    count = 0
    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(common.logs_url(cid, base=base, tail="all"),
                                      headers={"Origin": common.ORIGIN},
                                      max_msg_size=0) as ws:
            async for msg in ws:
                frame = json.loads(msg.data)
                if isinstance(frame, dict):
                    break  # the end frame: the container has stopped
                count += len(frame)
    return count, time.perf_counter() - started


def via_cli(cid):
    started = time.perf_counter()
    output = subprocess.run(["docker", "logs", "-f", "--timestamps", cid],
                            stdout=subprocess.PIPE, check=True).stdout
    return output.count(b"\n"), time.perf_counter() - started


def main():
    with common.demo_container(WRITER, wait_exit=True) as cid, \
            common.own_proxy() as (_, base):
        proxy_times, cli_times = [], []
        for _ in range(ROUNDS):
            count, seconds = asyncio.run(via_proxy(cid, base))
            assert count == LINES, "proxy delivered %d lines" % count
            proxy_times.append(seconds)
            count, seconds = via_cli(cid)
            assert count == LINES, "CLI delivered %d lines" % count
            cli_times.append(seconds)
    print("single-stream throughput, %d lines (~85 bytes), %d rounds"
          % (LINES, ROUNDS))
    ratios = []
    for number, (ours, cli) in enumerate(zip(proxy_times, cli_times), 1):
        ratios.append(cli / ours)
        print("  round %d: proxy WebSocket %9.0f lines/s, docker logs -f "
              "%9.0f lines/s: %.2fx" % (number, LINES / ours, LINES / cli,
                                         cli / ours))
    proxy_rate = LINES / statistics.median(proxy_times)
    cli_rate = LINES / statistics.median(cli_times)
    print("  median ratio proxy/CLI : %.2fx   (goal >= 1.0x)"
          % statistics.median(ratios))
    record("logs_throughput", "Live log throughput", proxy_rate, cli_rate,
           "lines/s", "docker logs -f", better="higher", goal=1.0)


if __name__ == "__main__":
    main()
