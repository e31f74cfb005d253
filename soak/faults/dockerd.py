"""The Docker daemon misbehaving under a proxy and a Horizon of the
suite's own: restarted during a log stream, restarted during lists, and
hung (kill -STOP). The shared dockerd is never touched."""
import asyncio
import concurrent.futures
import threading
import time
import uuid

import aiohttp
import requests

from soak import _followers
from soak import _lines
from soak.faults import _dockerd
from soak.faults import _pages
from soak.faults._outcome import outcome
from tests import stack

PROJECT_LABEL = "org.openstack.project-id"


def writer(prefix):
    """A demo-labelled container printing numbered lines on the own
    daemon, made there directly (no network: the bridge is ours)."""
    client = _dockerd.client()
    cid = client.create_container(
        "busybox:latest", _followers.WRITER, name="%s-%s" % (
            prefix, uuid.uuid4().hex[:6]),
        labels={PROJECT_LABEL: stack.project_ids()["demo"]},
        host_config=client.create_host_config(network_mode="none"))["Id"]
    client.start(cid)
    return cid


def logged_numbers(cid):
    """Every numbered line dockerd kept for the container."""
    text = _dockerd.client().logs(cid).decode(errors="replace")
    return [n for n in (_lines.number_of(line) for line in text.splitlines())
            if n is not None]


def restart_during_stream(daemon, proxy):
    cid = writer("soak-restart-logs")
    follower = _followers.Follower(cid, proxy.ws_base)

    async def scenario():
        async with aiohttp.ClientSession() as session:
            stop = asyncio.Event()
            task = asyncio.ensure_future(follower.run(
                session, time.monotonic(), stop, {}))
            await asyncio.sleep(3)  # lines flowing
            await asyncio.to_thread(daemon.restart)
            await asyncio.sleep(5)  # the view reconnects to a stopped one
            stop.set()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    try:
        asyncio.run(scenario())
        kept = logged_numbers(cid)
        lists = requests.get(proxy.url + "/containers/json?all=1",
                             headers={"X-Auth-Token": stack.token("demo")},
                             timeout=30)
    finally:
        _dockerd.client().remove_container(cid, force=True)
    # Lines written before the view opened (tail=0) are not its to show.
    first = follower.numbers[0] if follower.numbers else 0
    missing = sorted(n for n in set(kept) - set(follower.numbers)
                     if n >= first)
    repeated = _lines.audit(follower.numbers).duplicated
    ends = sorted({e for _, e in follower.errors})
    return outcome(
        user_sees="; ".join(ends) or "no end of the stream",
        lost="%d of the %d lines dockerd kept were never shown%s, %d "
             "shown twice (dockerd stopped the container itself)" % (
                 len(missing), len(kept),
                 " (numbers %s; the last kept: %d)" % (missing[:5], kept[-1])
                 if missing else "", repeated),
        lost_nothing=not missing and not repeated,
        left_behind=[],
        recovered="yes: the proxy lists again (HTTP %s) once dockerd is "
                  "back" % lists.status_code if lists.ok else
        "no: the list answered %s" % lists.status_code)


def restart_during_list(daemon, proxy, horizon_url):
    session = stack.horizon_session("demo", base_url=horizon_url)
    seen = []
    stop = threading.Event()

    def reload_page():
        while not stop.is_set():
            seen.append(_pages.read(session, horizon_url, timeout=60))
    reader = threading.Thread(target=reload_page)
    reader.start()
    time.sleep(2)
    start = time.monotonic()
    daemon.restart()
    restarted = time.monotonic()
    back = _pages.wait_ok(session, horizon_url)
    stop.set()
    reader.join(90)
    bad = [s for s in seen if s["status"] != 200 or s["raw_error"]]
    words = sorted({s["words"] for s in seen if s["words"]})
    return outcome(
        user_sees="%d page loads during the restart: %d not 200 or with raw "
                  "error text; the words shown: %s" % (
                      len(seen), len(bad), " | ".join(words) or "none"),
        lost="nothing (a list keeps no state)", lost_nothing=True,
        left_behind=[],
        recovered="yes: the page lists containers %.1f s after dockerd "
                  "answered again (the restart took %.1f s)" % (
                      back, restarted - start)
        if back is not None and not bad else
        "no: %s" % (bad[:2] if bad else "the page never listed again"))


def hung(daemon, proxy, horizon_url):
    session = stack.horizon_session("demo", base_url=horizon_url)
    daemon.hang()
    try:
        start = time.monotonic()
        try:
            listed = requests.get(
                proxy.url + "/containers/json?all=1",
                headers={"X-Auth-Token": stack.token("demo")}, timeout=120)
            proxy_says = "HTTP %s in %.1f s: %s" % (
                listed.status_code, time.monotonic() - start,
                listed.text[:160])
        except requests.RequestException as error:
            proxy_says = "no answer in %.1f s (%s)" % (
                time.monotonic() - start, type(error).__name__)
        # Eight users at once (Horizon has 2 x 4 threads here): are they
        # all answered, and how long is each thread held?
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            pages = list(pool.map(lambda _: _pages.read(
                session, horizon_url, timeout=120), range(8)))
    finally:
        daemon.resume()
    back = _pages.wait_ok(session, horizon_url)
    slowest = max(p["seconds"] if isinstance(p["seconds"], float)
                  else 999 for p in pages)
    raw = any(p["raw_error"] for p in pages)
    statuses = sorted({str(p["status"]) for p in pages})
    words = sorted({p["words"] for p in pages if p["words"]})
    answered = all(p["status"] == 200 for p in pages)
    return outcome(
        user_sees="the proxy's list: %s. 8 page loads at once: HTTP %s, the "
                  "slowest in %.1f s%s; the words: %s" % (
                      proxy_says, "/".join(statuses), slowest,
                      " (raw exception text shown)" if raw else "",
                      " | ".join(words) or "none"),
        lost="nothing (lists only)",
        lost_nothing=True,
        left_behind=[],
        recovered=("yes: the page lists again %.1f s after kill -CONT"
                   % back if back is not None else
                   "no: the page never listed again"),
        user_goal=(answered and not raw and slowest < 30,
                   "every page answers 200 in words within 30 s (raw error "
                   "text: %s, slowest %.1f s, statuses %s)"
                   % (raw, slowest, "/".join(statuses))),
        notes="goal read as: every page answers 200 in words, none holds "
              "a Horizon thread 30 s or more (the issue's measured hold)")


def run_all():
    from soak import _processes
    from soak.faults import _proxy
    with _dockerd.OwnDockerd() as daemon, _proxy.SupervisedProxy(
            DD_DOCKER_SOCKET=_dockerd.SOCKET) as proxy, \
            _processes.own_horizon(proxy.url) as (_, horizon_url):
        # A container of demo's on the own daemon, so the page has rows.
        cid = _dockerd.client().create_container(
            "busybox:latest", ["sleep", "3600"],
            name="soak-dockerd-row-%s" % uuid.uuid4().hex[:6],
            labels={PROJECT_LABEL: stack.project_ids()["demo"]},
            host_config=_dockerd.client().create_host_config(
                network_mode="none"))["Id"]
        found = {}
        try:
            for name, scenario in (
                    ("dockerd_restart_stream",
                     lambda: restart_during_stream(daemon, proxy)),
                    ("dockerd_restart_list",
                     lambda: restart_during_list(daemon, proxy, horizon_url)),
                    ("hung_dockerd",
                     lambda: hung(daemon, proxy, horizon_url))):
                try:
                    found[name] = scenario()
                except Exception as error:
                    found[name] = outcome("", "unknown", [], "unknown",
                                          False, notes="the scenario failed: "
                                          "%r" % error)
            found["hung_dockerd"]["notes"] += "; proxy log tracebacks: %d" % (
                proxy.tracebacks())
        finally:
            _dockerd.client().remove_container(cid, force=True)
        return found
