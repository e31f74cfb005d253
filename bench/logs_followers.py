"""500 browsers following one container's live log through ONE proxy process.

A proxy process of the benchmark's own (so its memory is only this load)
serves FOLLOWERS WebSockets on one container that writes a line every
100 ms. After every follower has its first line, the run lasts HOLD
seconds; then each follower must have received every line written in that
window (none dropped, none closed early). The proxy's resident memory is
read from /proc before and during the load. The natural peer, one `docker
logs -f` process per follower, is measured for its memory per follower
with PEERS processes, so the ratio compares memory per follower.

    python -m bench.logs_followers      (or: bash bench/run.sh)
"""
import asyncio
import json
import subprocess
import time

import aiohttp

from bench import _logs_common as common
from bench._figures import record

FOLLOWERS = 500
HOLD = 10.0
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
    connector = aiohttp.TCPConnector(limit=0)
    counts = [None] * FOLLOWERS
    started = asyncio.Semaphore(0)
    stop = asyncio.Event()
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [asyncio.ensure_future(follower(
            session, common.logs_url(cid, base=base, tail="0"),
            started, counts, i, stop)) for i in range(FOLLOWERS)]
        for _ in range(FOLLOWERS):
            await asyncio.wait_for(started.acquire(), 120)
        rss_all_open = common.rss_mb(pid)
        await asyncio.sleep(HOLD)  # the measured window, by design
        rss_held = common.rss_mb(pid)
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 60)
    return counts, max(rss_all_open, rss_held), common.rss_mb(pid, "VmHWM")


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


def main():
    with common.demo_container(WRITER) as cid, \
            common.own_proxy() as (process, base):
        idle = common.rss_mb(process.pid)
        counts, rss, peak = asyncio.run(run_followers(base, cid, process.pid))
        cli = peer_rss_per_follower(cid)
    complete = [c for c in counts if c]
    dropped = FOLLOWERS - len(complete)
    with_gaps = sum(1 for c in complete if gaps(c))
    lines = min(len(c) for c in complete) if complete else 0
    per_follower = (rss - idle) / FOLLOWERS
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
    record("logs_follower_memory", "Memory per log follower", per_follower,
           cli, "MB", "docker logs -f process")


if __name__ == "__main__":
    main()
