"""Writes RELIABILITY.md from soak/results.json: the command that produced
it, the machine's load, and per soak figure and per fault its goal, what
was measured and whether it met the goal (and why not).

    python -m soak._report "SOAK_SECONDS=60 make soak"
"""
import os
import sys

from soak import _processes
from soak import _results

OUT = os.path.join(_processes.REPO, "RELIABILITY.md")
FULL_SECONDS = 300


def _yes(met):
    return "**met**" if met else "**not met**"


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def soak_rows(soak):
    g = soak["goals"]
    growth = soak["rss_growth"]
    rss = soak["rss_mb"]
    return [
        ("Errors (any unexpected answer: pages, launches, deletes, log "
         "sockets)", "%d" % g["errors"],
         "%d (pages %d, launches and deletes %d, log sockets %d)%s" % (
             soak["errors"], soak["errors_by_kind"]["pages"],
             soak["errors_by_kind"]["launch_delete"],
             soak["errors_by_kind"]["followers"],
                      "; e.g. " + "; ".join(soak["error_examples"][:3])
                      if soak["error_examples"] else ""),
         soak["met"]["errors"]),
        ("Log lines lost / duplicated (%d followers on %d writers)"
         % (soak["followers"], soak["writers"]), "0 / 0",
         "%d / %d of %d received (%d followers damaged)" % (
             soak["lines_lost"], soak["lines_duplicated"],
             soak["lines_received"], soak["followers_damaged"]),
         soak["met"]["lines"]),
        ("Proxy RSS growth after the %d s warm-up" % soak["warmup_seconds"],
         "<= %d %%" % (100 * g["rss_growth"]),
         "%+.1f %% (%.0f MB at start, max %.0f, end %.0f)" % (
             100 * growth["proxy"], rss["proxy"]["start"],
             rss["proxy"]["max"], rss["proxy"]["end"]),
         growth["proxy"] <= g["rss_growth"]),
        ("Horizon RSS growth after the warm-up (master and workers)",
         "<= %d %%" % (100 * g["rss_growth"]),
         "%+.1f %% (%.0f MB at start, max %.0f, end %.0f)" % (
             100 * growth["horizon"], rss["horizon"]["start"],
             rss["horizon"]["max"], rss["horizon"]["end"]),
         growth["horizon"] <= g["rss_growth"]),
        ("Containers page p99 under load / its quiet median",
         "<= %gx" % g["page_p99_ratio"],
         "%.2fx (p99 %.0f ms, median %.0f ms; quiet median %.0f ms)" % (
             soak["page_p99_ratio"], soak["page_p99_ms"],
             soak["page_median_ms"], soak["quiet_median_ms"]),
         soak["met"]["latency"]),
        ("Page loads per second (asked %g)" % soak["page_rate_goal"],
         "%g" % soak["page_rate_goal"],
         "%.1f (%d loads; %d not sent because 32 were already waiting)"
         % (soak["page_rate"], soak["pages"], soak["pages_not_sent"]),
         soak["page_rate"] >= 0.95 * soak["page_rate_goal"]),
        ("Launches / deletes through Horizon's forms (one each a second)",
         "%d / %d" % (soak["seconds"], soak["seconds"]),
         "%d / %d (launch median %s ms; %d not sent because 8 were "
         "already waiting)" % (
             soak["launches"], soak["deletes"], soak["launch_median_ms"],
             soak.get("actions_not_sent", 0)),
         soak["launches"] >= 0.95 * soak["seconds"]),
        ("Tracebacks in the proxy's log", "0",
         "%s" % soak.get("proxy_tracebacks", "not read"),
         soak.get("proxy_tracebacks") == 0),
        ("Left behind after the run", "nothing",
         ", ".join(soak["left_behind"]) + " (removed by the harness "
         "afterwards)" if soak["left_behind"] else "nothing",
         not soak["left_behind"]),
    ]


# How each fault is caused (soak/faults/), for the reader of the table.
CAUSES = (
    ("kill -9 of the proxy", "a proxy of the suite's own under "
     "stack/lib/supervise.py, killed once a log follower has lines, an "
     "export of a 200 MB image to Glance or its load back has passed 5 %, or "
     "a build's `RUN sleep 8` is running"),
    ("dockerd restarted / hung", "a dockerd of the suite's own "
     "(tests/private_dockerd.py) behind its own proxy and Horizon: SIGTERM "
     "and start again during a log stream and during page loads; kill -STOP "
     "while the proxy's list and eight Containers pages at once are asked, "
     "then kill -CONT"),
    ("Keystone down for 30 s", "the suite's proxy reaches Keystone through a "
     "relay of its own, cut for 30 s (new connections refused, open ones "
     "reset); a user whose token the proxy had seen and one who logs in "
     "during the outage reload the Containers page"),
    ("Glance down mid-transfer", "the same relay in front of Glance "
     "(DD_GLANCE_URL), cut once an export has passed 5 %, back 5 s after "
     "the task ended"),
    ("database unavailable", "a proxy on a MariaDB of the suite's own "
     "(tests/mariadb.py, DD_DATABASE_URL); MariaDB stopped, the image list, "
     "a commit and the Containers and Images pages asked, MariaDB started"),
    ("disk full", "a 16 MB tmpfs mounted as the proxy's DD_PROXY_STATE "
     "(its SQLite state), filled with dd; a commit and the image list asked; "
     "the filler removed"),
)


def render(results, command):
    soak = results.get("soak")
    faults = results.get("faults") or {}
    quick = soak is not None and soak["seconds"] < FULL_SECONDS
    out = ["# Reliability: soak and faults", ""]
    if quick:
        out += ["> **A quick run** (%d s soak instead of %d s), made to check "
                "the harness end to end; the full run is `make soak`."
                % (soak["seconds"], FULL_SECONDS), ""]
    out += [
        "Produced by `%s` (soak/run.sh: `python -m soak.soak`, then "
        "`python -m soak.faults`, then `python -m soak._report`). Everything "
        "runs on loopback against processes of the suite's own (a proxy, a "
        "Horizon under gunicorn with the stack's settings, and where a fault "
        "needs them a dockerd, a MariaDB, relays in front of Keystone and "
        "Glance), beside the shared stack's dockerd, Keystone and Glance; "
        "each step is bounded in time and stops by itself." % command, ""]
    if soak:
        m = soak["machine"]
        out += [
            "## Soak: %d s" % soak["seconds"], "",
            "%s, %d CPUs, load average (1, 5, 15 min) %s before the soak "
            "and %s at its end. %d live log followers "
            "(WebSockets through the proxy, each with a ticket from Horizon's "
            "ticket view, as the Logs tab gets one) on %d containers "
            "printing a "
            "numbered line every 100 ms; %g Containers page loads a second "
            "as a logged-in user; one launch (the Launch workflow's POST) "
            "and one delete (the row's Delete or Force Delete, whichever its "
            "menu offers) a second through Horizon. Memory sampled every "
            "2 s; the chart shows it with the page's median and p99 per 5 s."
            % (m["when"], m["cpus"], " ".join(
                "%.2f" % v for v in soak.get("load_before", [])) or "?",
               " ".join("%.2f" % v for v in m["load"]),
               soak["followers"], soak["writers"], soak["page_rate_goal"]),
            ""]
        before = (soak.get("load_before") or [0])[0]
        if before > m["cpus"]:
            out += ["The machine was shared with other work before the soak "
                    "began (a 1-minute load average above its %d CPUs): the "
                    "page latencies and rates below are this machine's at "
                    "that load, not the dashboard's alone." % m["cpus"], ""]
        elif m["load"][0] > m["cpus"]:
            out += ["The load at the end is the soak's own: the followers, "
                    "the page loads and the launches, and the proxy, Horizon "
                    "(2 workers of 4 threads, as the stack runs it) and "
                    "dockerd serving them, all on %d CPUs. Where fewer pages "
                    "a second were served than asked, Horizon was saturated: "
                    "the page latency under load is mostly the wait of the "
                    "pages queued behind it." % m["cpus"], ""]
        out += [
            "![memory and page latency over the soak](docs/soak.svg)", "",
            "| measure | goal | measured | |", "|---|---|---|---|"]
        for what, goal, measured, met in soak_rows(soak):
            out.append("| %s | %s | %s | %s |" % (
                _cell(what), _cell(goal), _cell(measured), _yes(met)))
        out.append("")
    out += ["## Faults", "",
            "Goal for each: the user is told what happened in words, nothing "
            "is lost, nothing is left behind, and everything answers again "
            "once the cause is gone, without an operator (a killed proxy is "
            "started again by the stack's supervisor, stack/lib/supervise.py,"
            " as systemd's Restart= does in production).", "",
            "| fault | what the user sees | lost | left behind | recovers "
            "by itself | goal |", "|---|---|---|---|---|---|"]
    for key in _ordered(faults):
        f = faults[key]
        out.append("| %s | %s | %s | %s | %s | %s%s |" % (
            _cell(f.get("title", key)), _cell(f["user_sees"]),
            _cell(f["lost"]), _cell(", ".join(f["left_behind"]) or "nothing"),
            _cell(f["recovered"]), _yes(f["met"]),
            ": " + _cell(f["why"]) if f["why"] else ""))
    out += ["", "How each fault is caused:", ""]
    out += ["- %s: %s." % cause for cause in CAUSES]
    notes = [(faults[k].get("title", k), faults[k]["notes"])
             for k in _ordered(faults) if faults[k].get("notes")]
    if notes:
        out += ["", "Notes:", ""]
        out += ["- %s: %s (load %s, %s)" % (
            title, _cell(note), " ".join(
                "%.2f" % v for v in faults[k]["machine"]["load"]),
            faults[k]["machine"]["when"])
            for (title, note), k in zip(notes, [
                k for k in _ordered(faults) if faults[k].get("notes")])]
    return "\n".join(out) + "\n"


def _ordered(faults):
    """In the order the scenarios ran."""
    return sorted(faults, key=lambda k: (faults[k].get("order", 10 ** 6), k))


def main(command):
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(render(_results.load(), command))
    print("written: %s" % OUT)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "make soak")
