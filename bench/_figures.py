"""The comparisons the benchmarks measured, kept for the chart.

Each benchmark calls `record()` with its own figure and the peer's, measured
in the same run; `bench/figures.json` keeps the latest of each (it is
committed with BENCHMARKS.md), and `bench/_chart.py` draws them.
"""
import datetime
import json
import os

FIGURES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "figures.json")


def cost_ratio(ours, peer, better):
    """How many times the peer's cost ours is: 1.0 is the peer's figure,
    below 1.0 is better than the peer, whichever way the unit runs."""
    return ours / peer if better == "lower" else peer / ours


def record(key, label, ours, peer, unit, peer_name, better="lower",
           goal=None):
    """Keeps one comparison. `goal` is a cost ratio not to exceed (for
    example 1.3 for "at most 1.3x the peer's time", or 1/0.9 for "at least
    0.9x the peer's throughput")."""
    try:
        with open(FIGURES, encoding="utf-8") as handle:
            figures = json.load(handle)
    except (OSError, ValueError):
        figures = {}
    figures[key] = {
        "label": label, "ours": ours, "peer": peer, "unit": unit,
        "peer_name": peer_name, "better": better, "goal": goal,
        "cost_ratio": round(cost_ratio(ours, peer, better), 3),
        "measured": datetime.date.today().isoformat(),
        "load": os.getloadavg()[0],
    }
    with open(FIGURES + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=1, sort_keys=True)
        handle.write("\n")
    os.replace(FIGURES + ".tmp", FIGURES)
