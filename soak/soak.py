"""The soak: one proxy and one Horizon of the suite's own (the stack's code
and settings, fronting the shared dockerd and Keystone) under, at once,
  - SOAK_FOLLOWERS (200) live log followers over SOAK_WRITERS (20)
    containers printing a numbered line every 100 ms, each with a ticket
    from Horizon's ticket view (as the Logs tab gets one),
  - SOAK_PAGE_RATE (20) Containers page loads a second as a logged-in user,
  - one launch and one delete a second through Horizon's forms,
for SOAK_SECONDS (300). Measures errors, log lines lost or repeated per
follower, the proxy's and Horizon's memory over time (growth after the
warm-up) and the page's p99 against its median on the quiet stack; prints
them, keeps them in soak/results.json and draws docs/soak.svg.

    SOAK_SECONDS=60 python -m soak.soak      (or: make soak)
"""
import asyncio
import os
import statistics
import sys
import time
import uuid

import docker

from soak import _chart
from soak import _followers
from soak import _horizon_load
from soak import _measures
from soak import _processes
from soak import _results
from soak.faults import _proxy
from tests import stack

SECONDS = int(os.environ.get("SOAK_SECONDS", "300"))
FOLLOWERS = int(os.environ.get("SOAK_FOLLOWERS", "200"))
WRITERS = int(os.environ.get("SOAK_WRITERS", "20"))
PAGE_RATE = float(os.environ.get("SOAK_PAGE_RATE", "20"))
PAGE_SESSIONS = 4
QUIET_ROUNDS = 30
SAMPLE_EVERY = 2.0
GROWTH_GOAL = 0.10
LATENCY_GOAL = 3.0
DIRECT = "unix:///var/run/docker.sock"


def warmup_seconds(duration):
    """The first third of the run, at most a minute: memory grows while
    every socket opens and every cache fills, by design."""
    return min(60.0, duration / 3)


def make_writers(client, prefix):
    ids = []
    for index in range(WRITERS):
        created = client.create_container(
            "busybox:latest", _followers.WRITER,
            name="%s-writer-%d" % (prefix, index),
            host_config=client.create_host_config(mem_limit="32m",
                                                  nano_cpus=100_000_000))
        ids.append(created["Id"])
        client.start(created["Id"])
    return ids


def left_behind(prefix):
    """Containers of this run still on the daemon (removed here)."""
    engine = docker.APIClient(DIRECT, version="1.41")
    found = engine.containers(all=True, filters={"name": prefix})
    for container in found:
        engine.remove_container(container["Id"], force=True)
    return [c["Names"][0].lstrip("/") for c in found]


async def quiet_median(sessions, base_url):
    """The page's median on the quiet stack (after a warm-up), one load at
    a time."""
    for _ in range(5):
        await _horizon_load.load_page(sessions[0], base_url)
    times = []
    for _ in range(QUIET_ROUNDS):
        elapsed, error = await _horizon_load.load_page(sessions[0], base_url)
        if error:
            raise RuntimeError("the quiet page failed: %s" % error)
        times.append(elapsed)
    return statistics.median(times)


async def sample_memory(proxy, horizon_pid, started, stop, samples):
    while not stop.is_set():
        at = time.monotonic() - started
        samples["proxy"].append((at,
                                 _processes.rss_mb(proxy.pid() or 0)))
        samples["horizon"].append((at, _processes.tree_rss_mb(horizon_pid)))
        try:
            await asyncio.wait_for(stop.wait(), SAMPLE_EVERY)
        except asyncio.TimeoutError:
            pass


async def soak(proxy, proxy_url, horizon, horizon_url, writer_ids, prefix):
    import aiohttp
    sessions = [await _horizon_load.logged_in(horizon_url)
                for _ in range(PAGE_SESSIONS)]
    actions_session = await _horizon_load.logged_in(horizon_url)
    tickets_session = await _horizon_load.logged_in(horizon_url)
    delete_session = await _horizon_load.logged_in(horizon_url)
    ws_session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0))
    try:
        quiet = await quiet_median(sessions, horizon_url)
        print("quiet median of the Containers page: %.1f ms" % (1000 * quiet))
        started = time.monotonic()
        stop = asyncio.Event()
        memory = {"proxy": [], "horizon": []}
        sampler = asyncio.ensure_future(sample_memory(
            proxy, horizon.pid, started, stop, memory))
        followers = _followers.Followers(
            writer_ids, "ws" + proxy_url[len("http"):], FOLLOWERS,
            mint=_followers.minted_by_horizon(tickets_session, horizon_url))
        await followers.start(ws_session, started)
        print("%d followers open after %.1f s" % (FOLLOWERS,
                                                  time.monotonic() - started))
        pages = _horizon_load.PageLoads(sessions, horizon_url, PAGE_RATE)
        actions = _horizon_load.LaunchesAndDeletes(
            actions_session, horizon_url, proxy_url, stack.token("demo"),
            prefix + "-ui", delete_session=delete_session)
        load = [asyncio.ensure_future(pages.run(started, stop)),
                asyncio.ensure_future(actions.run(started, stop))]
        await asyncio.sleep(SECONDS)  # the soak's duration, by design
        stop.set()
        await asyncio.gather(*load, sampler)
        unfinished = await followers.finish()
        await actions.delete_rest()
        return dict(quiet=quiet, memory=memory, followers=followers,
                    unfinished=unfinished, pages=pages, actions=actions)
    finally:
        for session in sessions + [actions_session, tickets_session,
                                   delete_session, ws_session]:
            await session.close()


def figures(run):
    quiet = run["quiet"]
    pages = run["pages"]
    actions = run["actions"]
    audit, damaged, follower_errors = run["followers"].audit()
    warmup = warmup_seconds(SECONDS)
    latencies = [latency for _, latency in pages.samples]
    p99 = _measures.percentile(latencies, 0.99)
    growth = {name: _measures.growth_after_warmup(samples, warmup)
              for name, samples in run["memory"].items()}
    errors = pages.errors + actions.errors + follower_errors
    return {
        "seconds": SECONDS, "followers": FOLLOWERS, "writers": WRITERS,
        "page_rate_goal": PAGE_RATE,
        "pages": len(pages.samples),
        "page_rate": round(len(pages.samples) / SECONDS, 2),
        "pages_not_sent": pages.not_sent,
        "launches": actions.launches, "deletes": actions.deletes,
        "actions_not_sent": actions.not_sent,
        "launch_median_ms": round(1000 * statistics.median(
            [t for _, t in actions.launch_times]), 1) if actions.launch_times
        else None,
        "errors": len(errors),
        "errors_by_kind": {"pages": len(pages.errors),
                           "launch_delete": len(actions.errors),
                           "followers": len(follower_errors)},
        "error_examples": sorted({what for _, what in errors})[:8],
        "lines_received": audit.received, "lines_lost": audit.lost,
        "lines_duplicated": audit.duplicated,
        "followers_damaged": damaged,
        "followers_unfinished": run["unfinished"],
        "warmup_seconds": warmup,
        "rss_mb": {name: {"start": round(s[0][1], 1),
                          "max": round(max(v for _, v in s), 1),
                          "end": round(s[-1][1], 1)}
                   for name, s in run["memory"].items()},
        "rss_growth": {name: round(value, 4)
                       for name, value in growth.items()},
        "quiet_median_ms": round(1000 * quiet, 1),
        "page_median_ms": round(1000 * statistics.median(latencies), 1),
        "page_p99_ms": round(1000 * p99, 1),
        "page_p99_ratio": round(p99 / quiet, 2),
        "goals": {"errors": 0, "lines_lost": 0, "lines_duplicated": 0,
                  "rss_growth": GROWTH_GOAL, "page_p99_ratio": LATENCY_GOAL},
    }


def series(run):
    """What the chart draws, kept with the figures so that
    `python -m soak._chart` redraws it: memory samples, and the page's
    median and p99 per 5 s window."""
    latency = {}
    for name, fraction in (("median", 0.5), ("p99", 0.99)):
        latency[name] = [
            (t + 2.5, round(1000 * _measures.percentile(values, fraction), 1))
            for t, values in _measures.windows(run["pages"].samples, 5)]
    return {"memory": {name: [(round(t, 1), round(v, 1)) for t, v in points]
                       for name, points in run["memory"].items()},
            "latency_ms": latency}


def met(found):
    return {
        "errors": found["errors"] == 0,
        "lines": found["lines_lost"] == 0 and found["lines_duplicated"] == 0,
        "rss": all(g <= GROWTH_GOAL for g in found["rss_growth"].values()),
        "latency": found["page_p99_ratio"] <= LATENCY_GOAL,
    }


def report(found):
    print("soak of %d s, load average %s" % (SECONDS, " ".join(
        "%.2f" % v for v in os.getloadavg())))
    print("  page loads      : %d (%.1f/s of %g/s asked; %d not sent: 32 "
          "already waiting)" % (found["pages"], found["page_rate"],
                                  PAGE_RATE, found["pages_not_sent"]))
    print("  launch / delete : %d / %d through Horizon's forms (launch "
          "median %s ms, %d not sent)" % (
              found["launches"], found["deletes"], found["launch_median_ms"],
              found["actions_not_sent"]))
    print("  errors          : %d %s" % (found["errors"],
                                         found["errors_by_kind"]))
    for example in found["error_examples"]:
        print("      e.g. %s" % example)
    print("  log lines       : %d received, %d lost, %d duplicated "
          "(%d of %d followers damaged, %d unfinished)"
          % (found["lines_received"], found["lines_lost"],
             found["lines_duplicated"], found["followers_damaged"],
             FOLLOWERS, found["followers_unfinished"]))
    for name, rss in found["rss_mb"].items():
        print("  RSS %-12s: %.0f MB at start, max %.0f, end %.0f; growth "
              "after warm-up %+.1f %% (goal <= %d %%)"
              % (name, rss["start"], rss["max"], rss["end"],
                 100 * found["rss_growth"][name], 100 * GROWTH_GOAL))
    print("  page latency    : quiet median %.1f ms; under load median %.1f "
          "ms, p99 %.1f ms = %.2fx quiet (goal <= %gx)"
          % (found["quiet_median_ms"], found["page_median_ms"],
             found["page_p99_ms"], found["page_p99_ratio"], LATENCY_GOAL))
    print("  goals met       : %s" % met(found))


def main():
    prefix = "soak-%s" % uuid.uuid4().hex[:6]
    load_before = [round(v, 2) for v in os.getloadavg()]
    # The stack's supervisor runs it, as the shared one: its log is kept
    # (logs/soak/) and a crash would show as a restart, not end the run.
    with _proxy.SupervisedProxy() as proxy, \
            _processes.own_horizon(proxy.url) as (horizon, horizon_url):
        proxy_url = proxy.url
        client = stack.docker_client("demo", base_url=proxy_url)
        try:
            writers = make_writers(client, prefix)
            run = asyncio.run(soak(proxy, proxy_url, horizon, horizon_url,
                                   writers, prefix))
        finally:
            leftovers = left_behind(prefix)
            tracebacks = proxy.tracebacks()
    found = figures(run)
    found["load_before"] = load_before
    found["proxy_tracebacks"] = tracebacks
    # The writers are the run's own and expected; anything else was left.
    found["left_behind"] = [n for n in leftovers if "-writer-" not in n]
    found["met"] = met(found)
    report(found)
    print("  left behind     : %s" % (found["left_behind"] or "nothing"))
    found["series"] = series(run)
    _results.record_soak(found)
    print("chart: %s" % _chart.main())
    return 0


if __name__ == "__main__":
    sys.exit(main())
