"""What the admin's live event stream shows (Admin -> Docker -> Events).

Each host reads its dockerd's events, turns each into a row (time, host,
project, type, action, object) and sends the rows a filter lets through;
the routing endpoint asks only the hosts the filter names. Pure: no I/O.

The project is the object's `org.openstack.project-id` label as dockerd
reports it with the event (containers, and images that carry it); a network
event carries no labels, but a project's own network is named after it
(`dd-<project id>`, made only by the proxy: project_network.py); a volume
event carries neither, so it has no project and a filter on a project
leaves it out.
"""
import dataclasses
import json
import math

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.project_network import PREFIX as NETWORK_PREFIX

# The object types the panel offers; dockerd's others (daemon, plugin,
# service, node, secret, config) are not a project's.
TYPES = ("container", "image", "volume", "network")
# Longest project id or host name a filter may name (Keystone ids are 32
# hex digits, host names short): a longer value is a mistake or a probe.
MAX_VALUE_CHARS = 255


class BadFilter(ValueError):
    """The filter cannot be applied; the message says why (shown as is)."""


@dataclasses.dataclass(frozen=True)
class EventFilter:
    project: str = ""  # "" is every project
    host: str = ""  # "" is every host
    types: tuple = TYPES  # never empty


def parse_filter(query):
    """The filter a socket's query asks for: `project`, `host`, and `type`
    (repeated or comma-separated); absent or empty means all."""
    values = {}
    for name in ("project", "host"):
        value = (query.get(name) or "").strip()
        if len(value) > MAX_VALUE_CHARS:
            raise BadFilter("%s is too long" % name)
        values[name] = value
    wanted = []
    for item in _all_values(query, "type"):
        for kind in item.split(","):
            kind = kind.strip()
            if not kind:
                continue
            if kind not in TYPES:
                raise BadFilter("type must be one of %s" % ", ".join(TYPES))
            if kind not in wanted:
                wanted.append(kind)
    return EventFilter(project=values["project"], host=values["host"],
                       types=tuple(kind for kind in TYPES if kind in wanted)
                       or TYPES)


def _all_values(query, name):
    getall = getattr(query, "getall", None)
    if getall is not None:
        return getall(name, [])
    value = query.get(name)
    return [value] if value else []


def parse_since(query):
    """The socket's `since` (Unix seconds, a fraction allowed) as dockerd's
    `since`, or None (from now on). The routing endpoint sends it when it
    follows a host again after a break, so no event of the gap is lost."""
    raw = (query.get("since") or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadFilter("since must be a Unix time in seconds")
    if not math.isfinite(value) or value < 0:
        raise BadFilter("since must be a Unix time in seconds")
    return "%.6f" % value


def asks_host(wanted, host_name):
    """Is `host_name`'s stream needed for this filter?"""
    return not wanted.host or wanted.host == host_name


def dockerd_filters(wanted):
    """The `filters` dockerd applies itself (the types): the rest is
    decided per row by `lets_through`."""
    return json.dumps({"type": list(wanted.types)}, sort_keys=True)


def row_of(event, host_name):
    """The panel's row for one dockerd event (a decoded JSON line), or None
    for a line that is not an event of a type the panel shows."""
    if not isinstance(event, dict) or event.get("Type") not in TYPES:
        return None
    actor = event.get("Actor") if isinstance(event.get("Actor"), dict) else {}
    attributes = actor.get("Attributes")
    if not isinstance(attributes, dict):
        attributes = {}
    object_id = str(actor.get("ID") or event.get("id") or "")
    # An exec's action carries its command line ("exec_start: sh -c ..."):
    # the verb is what the table shows, not the command's arguments.
    action = str(event.get("Action") or event.get("status") or "")
    return {
        "time": _seconds(event),
        "host": host_name,
        "project": _project(event["Type"], attributes),
        "type": event["Type"],
        "action": action.split(":", 1)[0].strip(),
        "id": object_id,
        "name": str(attributes.get("name") or object_id),
    }


def _project(kind, attributes):
    project = str(attributes.get(PROJECT_LABEL) or "")
    name = str(attributes.get("name") or "")
    if not project and kind == "network" and name.startswith(NETWORK_PREFIX):
        project = name[len(NETWORK_PREFIX):]
    return project


def _seconds(event):
    nanos = event.get("timeNano")
    if isinstance(nanos, int) and not isinstance(nanos, bool):
        return nanos / 1e9
    stamp = event.get("time")
    if isinstance(stamp, (int, float)) and not isinstance(stamp, bool):
        return float(stamp)
    return 0.0


def since_after(row):
    """dockerd's `since` that follows the events again after `row`'s,
    without sending that one twice: a microsecond later (a row's time is
    seconds as a float, precise to a fraction of a microsecond)."""
    return "%.6f" % (row["time"] + 1e-6)


def lets_through(wanted, row):
    """Does the filter let this row (from `row_of`) through?"""
    return (row is not None
            and row["type"] in wanted.types
            and (not wanted.project or row["project"] == wanted.project)
            and asks_host(wanted, row["host"]))


def rows_of_lines(lines, host_name, wanted):
    """The rows of dockerd's event lines (bytes, one JSON object each) that
    the filter lets through; a line that does not parse is skipped."""
    rows = []
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        row = row_of(event, host_name)
        if lets_through(wanted, row):
            rows.append(row)
    return rows
