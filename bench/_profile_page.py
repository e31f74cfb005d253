"""Where a Horizon page's server time goes, in-process (a profiling aid for
BENCHMARKS.md, not a benchmark: bench/run.sh skips files starting with _).

Horizon with the devsite settings (DEBUG off, the collected static files'
offline manifest) in this process, a logged-in Django test client, the real
Keystone and proxy; pyinstrument samples ROUNDS requests of each page and the
time is summed by what the frames belong to.

    /opt/docker-dashboard/venv-horizon/bin/pip install --target /tmp/pyinst \\
        pyinstrument
    PYTHONPATH=/tmp/pyinst:. DD_STATE=/var/lib/docker-dashboard \\
        python -m bench._profile_page demo /project/docker_containers/ \\
        /project/api_access/

pyinstrument is kept out of the venv on purpose (a new package there changes
the stamp that makes Horizon's start recollect its static files). Sampling
roughly doubles the times, so read the shares, and the medians printed first.
"""
import collections
import logging
import os
import statistics
import sys
import time
import warnings

ROUNDS = 30

# (what, test on (function, file)); a sample counts for the first of these
# found on its stack, whatever is outside it.
CATEGORIES = (
    ("list call to the proxy (docker-py)",
     lambda f, p: f == "container_list"),
    ("policy checks (oslo.policy)",
     lambda f, p: "openstack_auth/policy.py" in p),
    ("session cookie load/save",
     lambda f, p: "sessions/backends" in p or "signing.py" in p),
    ("navigation (panels' can_access, sidebar)",
     lambda f, p: f in ("horizon_nav", "horizon_main_nav",
                        "horizon_dashboard_nav")),
    ("table actions (allowed, update, names)",
     lambda f, p: "horizon/tables/actions.py" in p),
    ("row actions and cells (get_rows)",
     lambda f, p: f == "get_rows" and "horizon/tables/base.py" in p),
    ("template rendering (the rest)",
     lambda f, p: "django/template" in p),
)


def by_category(root):
    totals = collections.Counter()

    def walk(frame, best):
        for index, (_, test) in enumerate(CATEGORIES[:best]):
            if test(frame.function or "", frame.file_path or ""):
                best = index
                break
        own = frame.time - sum(child.time for child in frame.children)
        name = CATEGORIES[best][0] if best < len(CATEGORIES) else (
            "other (middleware, view, response)")
        totals[name] += own
        for child in frame.children:
            walk(child, best)

    walk(root, len(CATEGORIES))
    return totals


def main(user, paths):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    import django
    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    from tests import stack

    client = Client(SERVER_NAME="127.0.0.1")
    client.get("/auth/login/")
    answer = client.post("/auth/login/", {
        "username": user, "password": stack.USERS[user][0],
        "region": "default"})
    assert answer.status_code == 302, "login failed"
    for path in paths:
        for _ in range(3):
            client.get(path)
        times = []
        for _ in range(15):
            start = time.perf_counter()
            answer = client.get(path)
            times.append(time.perf_counter() - start)
        assert answer.status_code == 200, answer.status_code
        print("%s: %.1f ms median without the profiler"
              % (path, 1000 * statistics.median(times)))
        profiler = Profiler(interval=0.001)
        profiler.start()
        for _ in range(ROUNDS):
            client.get(path)
        root = profiler.stop().root_frame()
        totals = by_category(root)
        for name, seconds in sorted(totals.items(), key=lambda i: -i[1]):
            print("  %-45s %6.1f ms  %3.0f%%" % (
                name, 1000 * seconds / ROUNDS, 100 * seconds / root.time))
        print("  %-45s %6.1f ms (sampled)" % ("total", 1000 * root.time
                                              / ROUNDS))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
