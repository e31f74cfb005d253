"""Health checks: each check is an exec dockerd starts itself, outside the
container's CPU and process limits, so a check every millisecond is a load
on the host that no limit of the project bounds. The interval, timeout and
start period a container runs with (its create body's, else its image's,
field by field as dockerd merges them) are at least DD_MIN_HEALTH_INTERVAL
seconds; 0 keeps dockerd's default (30 s, or no start period).
"""
from docker_dashboard.proxy.rules import json_body
from docker_dashboard.proxy.rules.errors import refuse

FIELDS = ["Test", "Interval", "Timeout", "StartPeriod", "Retries"]
DURATIONS = ["Interval", "Timeout", "StartPeriod"]
NANOSECONDS = 10 ** 9


def given(raw):
    """The create body's `Healthcheck`, folded (None when absent)."""
    if raw is None:
        return None
    check = json_body.fold_struct(raw, FIELDS, "Healthcheck")
    test = check.get("Test")
    if test is not None and not (isinstance(test, list) and all(
            isinstance(part, str) for part in test)):
        refuse("Healthcheck.Test", "must be a list of strings")
    for name in DURATIONS + ["Retries"]:
        value = check.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(
                value, int) or value < 0):
            refuse("Healthcheck." + name, "must be a non-negative integer")
    return check


def effective(body_check, image_check):
    """The check the container will run: dockerd's merge of the body's
    into the image's (a field left 0 or empty takes the image's)."""
    if not body_check:
        return dict(image_check or {})
    merged = dict(body_check)
    for name in ["Test"] + DURATIONS + ["Retries"]:
        if not merged.get(name) and (image_check or {}).get(name):
            merged[name] = image_check[name]
    return merged


def check_intervals(body_check, image_check, minimum_seconds):
    """Refuse a check that would run more often, or for shorter, than the
    minimum. The refusal names the body's field, which is where a check an
    image declares is overridden (`docker run --health-interval`)."""
    merged = effective(body_check, image_check)
    test = merged.get("Test") or []
    if not test or test[0] == "NONE":
        return
    floor = int(minimum_seconds * NANOSECONDS)
    for name in DURATIONS:
        value = merged.get(name) or 0
        if 0 < value < floor:
            whose = ("" if (body_check or {}).get(name)
                     else " (the image's; override it)")
            refuse("Healthcheck." + name, "health checks run as execs "
                   "outside the container's limits: at least %gs%s"
                   % (minimum_seconds, whose))
