"""2,000 browsers following one container's live log through ONE proxy
process, and the latency one more follower sees while they stream.

A proxy process of the benchmark's own (so its memory is only this load)
serves FOLLOWERS WebSockets on one container that writes a line every
100 ms. After every follower has its first line, the run lasts HOLD
seconds; then each follower must have received every line written in that
window (none dropped, none closed early, no gap). The proxy's resident
memory is read from /proc before and during the load.

Meanwhile a probe in a process of its own (so that the followers' client
loop does not delay what it reads) follows the same container and takes
each line's latency: the time it arrived minus the timestamp dockerd gave
the line. The natural peer, one `docker logs -f` process per follower, is
measured for its memory per follower with PEERS processes, and for its
latency by one more CLI following beside the probe.

    python -m bench.logs_followers      (or: bash bench/run.sh)
    DD_BENCH_FOLLOWERS=500 python -m bench.logs_followers   (fewer)
"""
import asyncio
import json
import os
import resource
import subprocess
import sys
import time

import aiohttp

from bench import _logs_common as common
from bench._figures import record

FOLLOWERS = int(os.environ.get("DD_BENCH_FOLLOWERS", "2000"))
HOLD = 20.0
PEERS = 20
WRITER = ["sh", "-c", "i=0; while true; do echo n-$i; i=$((i+1)); "
                      "sleep 0.1; done"]


async def follower(session, url, started, counts, index, stop):
    async with session.ws_connect(url, headers={"Origin": common.ORIGIN}) as ws:
        numbers = []
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            frame = json.loads(msg.data)
            if isinstance(frame, dict):
                break  # an end frame would mean the stream died
            numbers += [int(line["text"][2:]) for line in frame]
            if len(numbers) == len(frame):
                started.release()
            if stop.is_set():
                break
        counts[index] = numbers


async def run_followers(base, cid, pid):
    # Many connections at once: no pool limit, and a connect may wait.
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=120)
    counts = [None] * FOLLOWERS
    started = asyncio.Semaphore(0)
    stop = asyncio.Event()
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=timeout) as session:
        tasks = [asyncio.ensure_future(follower(
            session, common.logs_url(cid, base=base, tail="0"),
            started, counts, i, stop)) for i in range(FOLLOWERS)]
        for _ in range(FOLLOWERS):
            await asyncio.wait_for(started.acquire(), 300)
        rss_all_open = common.rss_mb(pid)
        probes = start_probes(base, cid)
        await asyncio.sleep(HOLD)  # the measured window, by design
        rss_held = common.rss_mb(pid)
        stop.set()
        latencies = [json.loads(probe.communicate(timeout=60)[0])
                     for probe in probes]
        await asyncio.wait_for(asyncio.gather(*tasks), 120)
    return (counts, max(rss_all_open, rss_held), common.rss_mb(pid, "VmHWM"),
            latencies)


def start_probes(base, cid):
    """The latency probe (a WebSocket like the followers') and its peer
    (`docker logs -f`), each in a process of its own, for HOLD seconds."""
    return [subprocess.Popen(
        [sys.executable, "-m", "bench.logs_followers", "--probe", how, base,
         cid, common.logs_url(cid, base=base, tail="0")
         if how == "proxy" else ""],
        stdout=subprocess.PIPE, text=True) for how in ("proxy", "cli")]


async def probe_proxy(url):
    latencies = []
    deadline = time.monotonic() + HOLD - 1
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url,
                                      headers={"Origin": common.ORIGIN}) as ws:
            async for msg in ws:
                now = time.time_ns()
                for line in json.loads(msg.data):
                    latencies.append(
                        (now - common.timestamp_ns(line["ts"])) / 1e6)
                if time.monotonic() > deadline:
                    return latencies
    return latencies


def probe_cli(cid):
    latencies = []
    deadline = time.monotonic() + HOLD - 1
    process = subprocess.Popen(
        ["docker", "logs", "-f", "--timestamps", "--tail", "0", cid],
        stdout=subprocess.PIPE)
    try:
        while time.monotonic() < deadline:
            raw = process.stdout.readline()
            now = time.time_ns()
            ts = raw.split(b" ", 1)[0].decode()
            latencies.append((now - common.timestamp_ns(ts)) / 1e6)
    finally:
        process.kill()
        process.wait()
    return latencies


def peer_rss_per_follower(cid):
    processes = [subprocess.Popen(["docker", "logs", "-f", "--tail", "0", cid],
                                  stdout=subprocess.DEVNULL)
                 for _ in range(PEERS)]
    try:
        time.sleep(2)  # let every CLI connect and settle
        return sum(common.rss_mb(p.pid) for p in processes) / PEERS
    finally:
        for process in processes:
            process.kill()
            process.wait()


def gaps(numbers):
    return sum(1 for a, b in zip(numbers, numbers[1:]) if b != a + 1)


def enough_files():
    """Room for every follower's socket here and in the proxy process this
    one starts (it inherits the limit): two per follower, and some."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 3 * FOLLOWERS + 1024
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE,
                           (min(wanted, hard) if hard > 0 else wanted, hard))


def main():
    enough_files()
    with common.demo_container(WRITER) as cid, \
            common.own_proxy() as (process, base):
        idle = common.rss_mb(process.pid)
        counts, rss, peak, (proxy_ms, cli_ms) = asyncio.run(
            run_followers(base, cid, process.pid))
        cli = peer_rss_per_follower(cid)
    complete = [c for c in counts if c]
    dropped = FOLLOWERS - len(complete)
    with_gaps = sum(1 for c in complete if gaps(c))
    lines = min(len(c) for c in complete) if complete else 0
    per_follower = (rss - idle) / FOLLOWERS
    p50, p99 = (common.percentile(proxy_ms, 0.5),
                common.percentile(proxy_ms, 0.99))
    c50, c99 = common.percentile(cli_ms, 0.5), common.percentile(cli_ms, 0.99)
    print("%d followers of one container on one proxy process, %.0f s held"
          % (FOLLOWERS, HOLD))
    print("  followers dropped or closed : %d" % dropped)
    print("  followers with a gap        : %d   (each got >= %d lines)"
          % (with_gaps, lines))
    print("  proxy RSS                   : %.0f MB idle, %.0f MB with %d "
          "followers, peak %.0f MB   (goal <= 250 MB)"
          % (idle, rss, FOLLOWERS, peak))
    print("  memory per follower         : proxy %.2f MB, one `docker logs "
          "-f` each %.1f MB   ratio %.3fx" % (per_follower, cli,
                                             per_follower / cli))
    print("  one more follower's latency : p50 %.2f ms, p99 %.2f ms over %d "
          "lines (goal p99 <= 50 ms); a `docker logs -f` beside it: p50 "
          "%.2f ms, p99 %.2f ms" % (p50, p99, len(proxy_ms), c50, c99))
    record("logs_follower_memory", "Memory per log follower", per_follower,
           cli, "MB", "docker logs -f process")
    record("logs_follower_latency_p99",
           "p99 latency beside %d followers" % FOLLOWERS, p99, c99, "ms",
           "docker logs -f")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--probe"]:
        how, _, cid, url = sys.argv[2:6]
        print(json.dumps(asyncio.run(probe_proxy(url)) if how == "proxy"
                         else probe_cli(cid)))
    else:
        main()
