"""Keystone and Glance going away under a proxy of the suite's own: the
proxy reaches each through a relay (_relay.py) that the scenario cuts, so
the shared services and everyone else's tests are never disturbed."""
import time
import uuid

import docker

from soak import _processes
from soak.faults import _glance
from soak.faults import _pages
from soak.faults import _proxy
from soak.faults import kill_proxy
from soak.faults._outcome import outcome
from soak.faults._relay import Relay
from tests import stack

KEYSTONE_DOWN_SECONDS = 30


def _summary(name, reads):
    listed = sum(1 for r in reads if r["status"] == 200 and r["rows"]
                 and not r["words"])
    words = sorted({r["words"] for r in reads if r["words"]})
    raw = sum(1 for r in reads if r["raw_error"])
    statuses = sorted({str(r["status"]) for r in reads})
    return ("%s: %d loads (HTTP %s), %d listed containers%s; the words: %s"
            % (name, len(reads), "/".join(statuses), listed,
               ", %d with raw error text" % raw if raw else "",
               " | ".join(words) or "none"))


def keystone_down():
    with Relay("127.0.0.1", 5000) as relay, _proxy.SupervisedProxy(
            DD_KEYSTONE_URL="http://%s/v3" % relay.url_host) as proxy, \
            _processes.own_horizon(proxy.url) as (_, horizon_url):
        # demo has used this proxy already (its token is cached there);
        # alt_demo logs in during the outage (Horizon's login reaches the
        # shared Keystone; its landing page is the first the proxy sees of
        # that token).
        demo = stack.horizon_session("demo", base_url=horizon_url)
        if _pages.wait_ok(demo, horizon_url, 60) is None:
            raise RuntimeError("the page did not list before the outage")
        relay.cut()
        alt = stack.horizon_session("alt_demo", base_url=horizon_url)
        reads = {"demo": [], "alt_demo": []}
        start = time.monotonic()
        try:
            while time.monotonic() - start < KEYSTONE_DOWN_SECONDS:
                for name, session in (("demo", demo), ("alt_demo", alt)):
                    reads[name].append(_pages.read(session, horizon_url, 60))
                time.sleep(1)  # a user reloading now and then
        finally:
            relay.restore()
        back = [_pages.wait_ok(s, horizon_url) for s in (demo, alt)]
        raw = any(r["raw_error"] for found in reads.values() for r in found)
        slowest = max(r["seconds"] for found in reads.values()
                      for r in found)
        return outcome(
            user_sees="Keystone unreachable for %d s: %s. %s. Slowest page "
                      "%.1f s" % (KEYSTONE_DOWN_SECONDS,
                                  _summary("demo (token seen before)",
                                           reads["demo"]),
                                  _summary("alt_demo (token new to the "
                                           "proxy)", reads["alt_demo"]),
                                  slowest),
            lost="nothing (pages only)", lost_nothing=True, left_behind=[],
            recovered="yes: both users' pages list again %.1f s and %.1f s "
                      "after Keystone is back" % tuple(back)
            if None not in back else "no: a page never listed again",
            user_goal=(not raw, "no raw error text"),
            notes="Keystone made unreachable for the proxy only (a relay "
                  "cut); Horizon's own login calls still reach the shared "
                  "Keystone")


def glance_down():
    with Relay("127.0.0.1", 9292) as relay, _proxy.SupervisedProxy(
            DD_GLANCE_URL="http://%s" % relay.url_host) as proxy:
        ref = "soak-glance-down-%s:big" % uuid.uuid4().hex[:6]
        name = ref.replace(":", "-")
        glance_ids = set()
        try:
            kill_proxy.big_image(proxy, ref)
            started = _glance.start(proxy.url, "/dd/images/%s/glance-export"
                                    % ref, {"glance_name": name})
            first = started["Result"]["glance_image_id"]
            glance_ids.add(first)
            _glance.wait_progress(proxy.url, started["Id"], 0.05)
            relay.cut()
            cut_at = time.monotonic()
            ended = _glance.wait_done(proxy.url, started["Id"], timeout=120)
            ended_after = time.monotonic() - cut_at
            time.sleep(5)  # Glance stays away a little longer
            relay.restore()
            left = _glance.unfinished(first, seconds=30)
            again = _glance.start(proxy.url, "/dd/images/%s/glance-export"
                                  % ref, {"glance_name": name})
            glance_ids.add(again["Result"]["glance_image_id"])
            done = _glance.wait_done(proxy.url, again["Id"])
            tracebacks = proxy.tracebacks()
        finally:
            for image_id in glance_ids:
                _glance.delete(image_id)
            try:
                docker.APIClient("unix:///var/run/docker.sock").remove_image(
                    ref, force=True)
            except docker.errors.NotFound:
                pass
        return outcome(
            user_sees="the export's task %.1f s after Glance went away: %s%s"
                      % (ended_after, ended.get("Status"),
                         ": " + ended["Error"] if ended.get("Error") else ""),
            lost="the export itself (to be started again)", lost_nothing=True,
            left_behind=["Glance image %s left %s 30 s after Glance came "
                         "back" % (first, left["status"])] if left else [],
            recovered="yes: the export again: succeeded"
            if done.get("Status") == "succeeded" else
            "no: the export again: %s" % done,
            user_goal=(ended.get("Status") == "failed",
                       "the task ends as failed, with a reason"),
            notes="proxy log tracebacks: %d" % tracebacks)
