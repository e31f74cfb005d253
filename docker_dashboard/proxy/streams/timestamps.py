"""Docker's log timestamps: split them off a line, compare them, resume from them.

With ``timestamps=true`` dockerd prefixes every log line with the time it was
logged, RFC 3339 with nanoseconds and a space: ``2024-05-01T12:34:56.123456789Z ``.
Current Docker always writes nine fraction digits in UTC, but older daemons
trimmed trailing zeros, so comparisons go through integer nanoseconds, never
string order.
"""

import calendar
import re

_TIMESTAMP = (rb"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})"
              rb"(?:\.(\d{1,9}))?"
              rb"(Z|[+-]\d{2}:\d{2})")
# The prefix is followed by one space, or by the end of the line for an empty
# message.
_PREFIX = re.compile(rb"(" + _TIMESTAMP + rb")(?: |$)")
_WHOLE = re.compile(_TIMESTAMP)
# The same timestamp as a text pattern without groups (streams/lines.py
# finds it at the start of many decoded lines at once); [0-9], as \d of a
# bytes pattern is.
LINE_PREFIX = (r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
               r"(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})")


def split_timestamp(raw_line):
    """Return ``(timestamp_text, rest_bytes)``; ``(None, raw_line)`` if no prefix."""
    match = _PREFIX.match(raw_line)
    if not match:
        return None, raw_line
    return match.group(1).decode("ascii"), raw_line[match.end():]


def timestamp_ns(timestamp):
    """Nanoseconds since the Unix epoch for a Docker timestamp string.

    Raises ValueError for anything that is not RFC 3339 with an explicit zone.
    """
    if not isinstance(timestamp, str) or not timestamp.isascii():
        raise ValueError(f"not a Docker timestamp: {timestamp!r}")
    match = _WHOLE.fullmatch(timestamp.encode("ascii"))
    if not match:
        raise ValueError(f"not a Docker timestamp: {timestamp!r}")
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction, zone = match.group(7), match.group(8)
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour <= 23 and minute <= 59
            and second <= 60):
        raise ValueError(f"not a valid time: {timestamp!r}")
    seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    if zone != b"Z":
        sign = 1 if zone[:1] == b"+" else -1
        seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    nanos = int(fraction.ljust(9, b"0")) if fraction else 0
    return seconds * 1_000_000_000 + nanos


def docker_since(timestamp):
    """The Engine API ``since`` value for a timestamp, without losing nanoseconds.

    dockerd accepts ``<seconds>.<nanoseconds>``; going through a float (as
    docker-py does) would round away the sub-microsecond part and could skip
    lines logged in the same microsecond.
    """
    seconds, nanos = divmod(timestamp_ns(timestamp), 1_000_000_000)
    return f"{seconds}.{nanos:09d}"
