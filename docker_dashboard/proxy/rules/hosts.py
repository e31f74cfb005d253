"""Decisions of the routing endpoint (proxy/router/), pure.

Which of a caller's headers go on to another host's proxy, how the lists of
several hosts make one, which host a create asks for, and which refusal of
a host sends a create on to the next candidate.
"""
import json

from docker_dashboard.proxy.rules import json_body
from docker_dashboard.proxy.rules import names
from docker_dashboard.proxy.rules.create_body import TOP_FIELDS
from docker_dashboard.proxy.rules.errors import Refused

# "Answer from your own dockerd only: do not route or place again." Sent
# by a routing proxy to a host proxy; a user may send it too, which only
# narrows what they see to the host they called.
LOCAL_HEADER = "X-DD-Local"
# The hosts a merged list had to leave out (they did not answer).
UNAVAILABLE_HEADER = "X-DD-Unavailable-Hosts"
# What users and Horizon see of the hosts (issue 13's contract).
ZONE_LABEL = "org.openstack.availability-zone"
HOST_LABEL = "org.openstack.docker-host"
CHOOSE_HOST_REFUSED = "Only an admin may choose the Docker host"

# Headers that belong to one connection, never forwarded (RFC 9110 7.6.1),
# plus those the forwarding connection sets itself.
HOP_BY_HOP = frozenset([
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "proxy-connection", "te", "trailer", "trailers", "transfer-encoding",
    "upgrade", "host", "content-length"])


def is_local(headers):
    """True when the caller asked for this host's own answer only."""
    return headers.get(LOCAL_HEADER, "").strip() not in ("", "0")


def forwarded_headers(headers, upgrade=None):
    """The caller's end-to-end headers (its X-Auth-Token among them), for
    another host's proxy, marked local. A switching call keeps its
    `Connection: Upgrade` and its `Upgrade` (`upgrade`: "tcp" for attach
    and exec start, "websocket" for a ticketed socket, whose
    Sec-WebSocket-* headers pass as they are): the switch is end to end."""
    named = {part.strip().lower()
             for part in headers.get("Connection", "").split(",")}
    out = []
    for name, value in headers.items():
        lower = name.lower()
        if lower in HOP_BY_HOP or lower in named or lower == "x-dd-local":
            continue
        out.append((name, value))
    if upgrade:
        out += [("Connection", "Upgrade"),
                ("Upgrade", "tcp" if upgrade is True else upgrade)]
    out.append((LOCAL_HEADER, "1"))
    return out


def answer_headers(headers):
    """A host's answer headers the caller gets back (the framing of the
    answer is the forwarding connection's own)."""
    named = {part.strip().lower()
             for part in headers.get("Connection", "").split(",")}
    return [(name, value) for name, value in headers.items()
            if name.lower() not in HOP_BY_HOP and name.lower() not in named]


def _created(row):
    created = row.get("Created") if isinstance(row, dict) else None
    return created if isinstance(created, (int, float)) else 0


def merge_lists(lists, limit=None):
    """One container list from each host's (each already newest first, as
    dockerd orders it): newest created first over all of them, a tie kept
    in the order the hosts came; a container two hosts list (two proxies
    in front of one dockerd) once, as the first listed it; `limit`
    (dockerd's: > 0 cuts) applied to the merged list, as dockerd applies it
    to its own."""
    seen = set()
    rows = []
    for row in (row for listed in lists for row in listed):
        key = row.get("Id") if isinstance(row, dict) else None
        if key is not None and key in seen:
            continue
        seen.add(key)
        rows.append(row)
    merged = sorted(rows, key=lambda row: -_created(row))
    if limit is not None and limit > 0:
        return merged[:limit]
    return merged


# Docker's paging filters: the rows created before, or after, a container.
MARKERS = ("before", "since")


def list_marker(parsed_filters):
    """(kind, container reference) of a list's paging filter, or None."""
    for kind in MARKERS:
        values = parsed_filters.get(kind) or []
        if values:
            return kind, values[0]
    return None


def without_marker(parsed_filters):
    """The filters with the paging ones left out (a host that does not hold
    the marker container cannot apply them: it is asked for its whole list
    and the merge is cut at the marker)."""
    return {name: values for name, values in parsed_filters.items()
            if name not in MARKERS}


def _is(row, ref):
    names = row.get("Names") or []
    return (row.get("Id") == ref or "/" + ref.lstrip("/") in names
            or (len(ref) >= 12 and str(row.get("Id", "")).startswith(ref)))


def cut_at_marker(rows, kind, ref, limit=None):
    """The merged rows `before` (older than) or `since` (newer than) the
    marker container, in the merged order, `limit` applied as dockerd
    applies it (the newest first); None when no row is the marker."""
    for index, row in enumerate(rows):
        if _is(row, ref):
            break
    else:
        return None
    kept = rows[index + 1:] if kind == "before" else rows[:index]
    if limit is not None and limit > 0:
        return kept[:limit]
    return kept


def list_limit(query):
    """The `limit` of a container list, or None (dockerd has refused an
    invalid one before the merge is made)."""
    try:
        return int(query.get("limit", ""))
    except ValueError:
        return None


def is_down(seen_at, now, after):
    """A host whose proxy has not stamped its row for `after` seconds is
    down (as Nova tells a compute service that stopped reporting): it is
    named, not waited for."""
    return seen_at is None or now - seen_at > after


def unavailable_value(host_names):
    return ", ".join(sorted(host_names))


def labels_of(config):
    """The labels a host proxy writes on every container it creates."""
    return {HOST_LABEL: config.host_name,
            ZONE_LABEL: config.availability_zone}


def chosen_place(raw_body, may_choose_host, fields=TOP_FIELDS):
    """(availability zone, host name) a create body (a container's, or
    with `fields` a volume's) asks for through its labels, either None.
    Anyone may ask for a zone; a host is an admin's choice. The body's
    other fields are checked by the host that creates."""
    body = json_body.fold_struct(json_body.parse(raw_body, "body"),
                                 fields, "")
    labels = json_body.check_map(body.get("Labels"), "Labels")
    zone = labels.get(ZONE_LABEL) or None
    host = labels.get(HOST_LABEL) or None
    for value, label in ((zone, ZONE_LABEL), (host, HOST_LABEL)):
        if value is not None and not isinstance(value, str):
            raise Refused(403, "Labels: label %s must be a string" % label,
                          field="Labels")
    if host is not None and not may_choose_host:
        raise Refused(403, CHOOSE_HOST_REFUSED, field="Labels")
    return zone, host


def try_next_host(status, message, name):
    """After a host refused a create: True when the next candidate may
    take it (the host had no room: its claim was refused with 409), False
    when the refusal is the caller's to see (a name in use is the one
    other 409 a create meets)."""
    if status != 409:
        return False
    return message != names.container_name_taken(name).message


def volume_host(own_name, own_zone, peers_up, zone=None):
    """The name of the host a new volume goes to (when no admin pinned
    one): in the zone asked for, this host when it is there, else the
    first up peer of that zone (`peers_up`: (name, zone) pairs); with no
    zone, this host. A zone with no host that answers is refused."""
    if not zone or zone == own_zone:
        return own_name
    for name, peer_zone in peers_up:
        if peer_zone == zone:
            return name
    raise Refused(400, "No Docker host is in availability zone %s" % zone,
                  field="Labels")


def not_answering_warning(host_name):
    """The warning a merged volume list carries for a host left out."""
    return "Docker host %s is not answering" % host_name


def merge_volume_lists(answers, unavailable=()):
    """One `GET /volumes` answer from each host's ({"Volumes": [...],
    "Warnings": [...]}, either may be null, as Docker writes them): the
    volumes in host order, each host's warnings, and one warning per host
    left out (sorted by name)."""
    volumes, warnings = [], []
    for answer in answers:
        volumes.extend((answer or {}).get("Volumes") or [])
        warnings.extend((answer or {}).get("Warnings") or [])
    warnings.extend(not_answering_warning(name)
                    for name in sorted(unavailable))
    return {"Volumes": volumes, "Warnings": warnings}


def merge_prunes(answers, deleted_key):
    """One prune answer from each host's ({deleted_key: [...] or null,
    "SpaceReclaimed": bytes}): every host's deleted objects in host order
    and the bytes reclaimed summed; null when nothing was deleted, as
    dockerd writes it."""
    deleted, reclaimed = [], 0
    for answer in answers:
        deleted.extend((answer or {}).get(deleted_key) or [])
        space = (answer or {}).get("SpaceReclaimed")
        if isinstance(space, int) and not isinstance(space, bool):
            reclaimed += space
    return {deleted_key: deleted or None, "SpaceReclaimed": reclaimed}


def split_events(pending, chunk):
    """(whole events, the rest) of an events stream read so far: dockerd
    writes one JSON object a line, and lines of several hosts are merged
    whole, never mid-event. `pending` is the rest of the chunks before."""
    data = pending + chunk
    end = data.rfind(b"\n")
    if end < 0:
        return [], data
    return [line + b"\n" for line in data[:end].split(b"\n")
            if line.strip()], data[end + 1:]


def ends_before(until, now):
    """True when an events request's `until` (dockerd's forms: seconds,
    or seconds.nanoseconds) has passed at `now`: every host then answers
    with its past events and ends, so the merge may wait for all of them
    and order them by time, as one dockerd orders its own. A date or an
    unreadable value (dockerd judges it) answers False."""
    try:
        return float(until) <= now
    except (TypeError, ValueError):
        return False


def _event_time(line):
    try:
        event = json.loads(line)
        if "timeNano" in event:
            return int(event["timeNano"])
        return int(event["time"]) * 10 ** 9
    except (ValueError, KeyError, TypeError):
        return 0


def order_events(lines):
    """Events of several hosts (JSON lines), oldest first; events of the
    same time keep the order they came in."""
    return sorted(lines, key=_event_time)
