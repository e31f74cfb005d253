"""Runs the fault scenarios, one after another, each against processes of
the suite's own; prints and records (soak/results.json) each outcome.

    python -m soak.faults                 every fault
    SOAK_FAULTS=hung_dockerd,disk_full python -m soak.faults
"""
import os
import sys
import time
import traceback

from soak import _results
from soak.faults import scenarios


def main():
    wanted = [w for w in os.environ.get("SOAK_FAULTS", "").split(",") if w]
    failed = 0
    for position, (name, (title, run)) in enumerate(scenarios.ALL.items()):
        if wanted and name not in wanted:
            continue
        print("== fault: %s" % title, flush=True)
        start = time.monotonic()
        try:
            found = run()
        except Exception:
            found = {"user_sees": "", "lost": "unknown", "left_behind": [],
                     "recovered": "unknown", "met": False,
                     "why": "the scenario itself failed: %s"
                            % traceback.format_exc(limit=3)[-600:],
                     "notes": ""}
        # A scenario may report several faults at once (one kill, four
        # kinds of work).
        outcomes = found if "met" not in found else {name: found}
        for index, (key, one) in enumerate(outcomes.items()):
            one["title"] = title if key == name else "%s: %s" % (title, key)
            one["order"] = 100 * position + index  # the report's order
            one["seconds"] = round(time.monotonic() - start, 1)
            _results.record_fault(key, one)
            failed += not one["met"]
            print("   %-30s %s" % (key, "goal met" if one["met"]
                                   else "NOT met: " + one["why"]))
            for field in ("user_sees", "lost", "left_behind", "recovered",
                          "notes"):
                if one.get(field):
                    print("      %-11s %s" % (field + ":", one[field]))
    print("%d fault outcome(s) short of their goal" % failed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
