"""How long the proxy waits for dockerd, call by call (pure).

A hung dockerd (stopped, swapping, wedged on a lock) accepts connections and
never answers: without a bound every caller waits for ever and holds whatever
it holds. One number (DD_DOCKER_TIMEOUT, `seconds` below) bounds a call, in
one of four ways chosen by what the call legitimately does:

- ANSWER: small calls (lists, inspects, create, start, kill, ...): the whole
  answer, body included, within `seconds`.
- STREAM: calls whose answer may stay open and silent for as long as the
  caller likes (`logs?follow`, `events`, `wait`, `attach`, exec start):
  only their first byte (dockerd's headers) is bounded, never their length
  nor their silences.
- WORK: calls whose first byte legitimately comes late, after dockerd did
  the work (save, export, load, build, commit, pull, push, removals,
  prunes): no fixed bound, but while the proxy waits dockerd must answer
  its ping within `seconds`, so a hung daemon is told from a busy one.
  Those that then stream steadily from disk (save, export, archive, a log
  read to its end) also get an idle bound: a silence of `seconds` mid-body
  means dockerd stopped.
- A stop or restart with `t=N` waits N seconds for the container before
  killing it: its whole answer gets N + `seconds`.
"""
import dataclasses
import re
from typing import Optional
from urllib.parse import parse_qsl

# Go's strconv.ParseBool, which dockerd reads its flags with.
_TRUE = ("1", "t", "T", "true", "TRUE", "True")
_FALSE = ("0", "f", "F", "false", "FALSE", "False")
_VERSION = re.compile(r"^/v[0-9]+\.[0-9]+(?=/)")


@dataclasses.dataclass(frozen=True)
class Deadline:
    # Seconds until dockerd's first byte (the answer's headers), or, for a
    # call that waits `while_alive`, until its ping must have answered.
    seconds: float
    # The answer's body too must have arrived within `seconds`.
    whole: bool = False
    # No fixed bound on the first byte as long as dockerd answers its ping.
    while_alive: bool = False
    # Longest silence once the body flows (None: silences are legitimate).
    idle: Optional[float] = None


def answer(seconds):
    return Deadline(seconds, whole=True)


def stream(seconds):
    return Deadline(seconds)


def work(seconds, idle=False):
    return Deadline(seconds, while_alive=True,
                    idle=seconds if idle else None)


_ID = r"[^/]+"
_IMAGE = r".+"

# (method, path pattern, kind), first match wins; the kind is a function of
# (seconds, query) giving the Deadline. Anything not listed is a short call.
_RULES = [
    ("GET", r"/events", lambda s, q: stream(s)),
    ("POST", r"/containers/%s/(wait|attach)" % _ID, lambda s, q: stream(s)),
    ("POST", r"/exec/%s/start" % _ID, lambda s, q: stream(s)),
    ("GET", r"/containers/%s/logs" % _ID,
     lambda s, q: stream(s) if _flag(q, "follow") else
     Deadline(s, idle=s)),
    ("GET", r"/containers/%s/stats" % _ID,
     lambda s, q: answer(s) if (_flag(q, "one-shot")
                                or q.get("stream") in _FALSE)
     else stream(s)),
    ("POST", r"/containers/%s/(stop|restart)" % _ID,
     lambda s, q: _stop(s, q.get("t"))),
    ("GET", r"/containers/%s/(export|archive)" % _ID,
     lambda s, q: work(s, idle=True)),
    ("GET", r"/containers/%s/changes" % _ID, lambda s, q: work(s)),
    ("PUT", r"/containers/%s/archive" % _ID, lambda s, q: work(s)),
    ("DELETE", r"/containers/%s" % _ID, lambda s, q: work(s)),
    ("GET", r"/containers/(json|%s/json)" % _ID,
     lambda s, q: work(s) if _flag(q, "size") else answer(s)),
    ("GET", r"/images/get", lambda s, q: work(s, idle=True)),
    ("GET", r"/images/%s/get" % _IMAGE, lambda s, q: work(s, idle=True)),
    ("POST", r"/images/(create|load)", lambda s, q: work(s)),
    ("POST", r"/images/%s/push" % _IMAGE, lambda s, q: work(s)),
    ("DELETE", r"/images/%s" % _IMAGE, lambda s, q: work(s)),
    ("POST", r"/(build|commit)", lambda s, q: work(s)),
    ("POST", r"/[a-z]+/prune", lambda s, q: work(s)),
    ("DELETE", r"/volumes/%s" % _ID, lambda s, q: work(s)),
    ("GET", r"/system/df", lambda s, q: work(s)),
]
# The rules by method, in their order: a call is matched against its own
# method's few patterns only (this runs on every call to dockerd).
_BY_METHOD = {}
for _method, _pattern, _kind in _RULES:
    _BY_METHOD.setdefault(_method, []).append(
        (re.compile(_pattern + r"$"), _kind))


def _flag(query, name):
    return query.get(name, "") in _TRUE


def _stop(seconds, t):
    """dockerd waits `t` seconds for the container, then kills it. Without
    `t` (or with -1, wait for ever) it waits the container's own StopTimeout,
    which the path does not tell: then only dockerd's liveness bounds it."""
    try:
        wait = int(t)
    except (TypeError, ValueError):
        return work(seconds)
    if wait < 0:
        return work(seconds)
    return answer(seconds + wait)


def for_engine_call(method, path, query, seconds):
    """The Deadline of one Engine API call. `path` is the Engine API path
    (with or without its /vX.Y prefix, and possibly with its query string);
    `query` the parameters (a mapping, or pairs) sent beside it."""
    path, _, inline = path.partition("?")
    if path.startswith("/v"):
        path = _VERSION.sub("", path)
    params = dict(parse_qsl(inline, keep_blank_values=True)) if inline else {}
    if query:
        items = query.items() if hasattr(query, "items") else query
        params.update((str(k), str(v)) for k, v in items)
    for pattern, kind in _BY_METHOD.get(method.upper(), ()):
        if pattern.match(path):
            return kind(seconds, params)
    return answer(seconds)
