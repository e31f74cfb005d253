"""What the soak and the faults measured, kept for RELIABILITY.md:
soak/results.json holds the latest soak and the latest outcome of each
fault (committed with RELIABILITY.md, as bench/figures.json is)."""
import datetime
import json
import os

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "results.json")


def load():
    try:
        with open(RESULTS, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {"soak": None, "faults": {}}


def machine():
    return {"when": datetime.datetime.now(datetime.timezone.utc).strftime(
                "%Y-%m-%d %H:%M UTC"),
            "load": [round(v, 2) for v in os.getloadavg()],
            "cpus": os.cpu_count()}


def save(results):
    with open(RESULTS + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1, sort_keys=True)
        handle.write("\n")
    os.replace(RESULTS + ".tmp", RESULTS)


def record_soak(figures):
    results = load()
    results["soak"] = dict(figures, machine=machine())
    save(results)


def record_fault(name, outcome):
    results = load()
    results.setdefault("faults", {})[name] = dict(outcome, machine=machine())
    save(results)
