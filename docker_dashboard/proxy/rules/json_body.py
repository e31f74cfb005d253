"""Reading a JSON body the way dockerd (Go) will read it.

Go's decoder matches struct field names case-insensitively and lets the last
duplicate win; Python's `json` is case-sensitive. A check that read
`Privileged` while dockerd obeyed a later `privileged` would be bypassed, so bodies are
parsed keeping every key as sent, and struct-level objects with two keys equal
ignoring case are refused. What is forwarded is re-serialised by the proxy
with canonical names, so dockerd sees exactly what was checked.
"""
import json

from docker_dashboard.proxy.rules.errors import Refused


class Pairs(dict):
    """A decoded JSON object that remembers its keys in order, duplicates
    included (the dict itself keeps the last one, as Go does)."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.pairs = list(pairs)


def parse(raw, what="body"):
    """The decoded JSON object of `raw` (bytes), or 400."""
    if not raw:
        raise Refused(400, "The request %s is missing: a JSON object is "
                           "required" % what)
    try:
        decoded = json.loads(raw, object_pairs_hook=Pairs)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "The request %s is not valid JSON" % what)
    if not isinstance(decoded, dict):
        raise Refused(400, "The request %s must be a JSON object" % what)
    return decoded


def join(path, name):
    return "%s.%s" % (path, name) if path else name


def fold_struct(obj, known, path):
    """A struct-level object as {canonical name: value}.

    `known` lists the canonical field names. Unknown fields and fields sent
    twice (in any case) are refused, naming the field."""
    if not isinstance(obj, dict):
        raise Refused(403, "%s must be a JSON object" % (path or "The body"),
                      field=path or None)
    by_lower = {name.lower(): name for name in known}
    out = {}
    for key, value in getattr(obj, "pairs", obj.items()):
        canonical = by_lower.get(key.lower())
        if canonical is None:
            field = join(path, key)
            raise Refused(403, "%s is not a field the proxy accepts" % field,
                          field=field)
        if canonical in out:
            field = join(path, canonical)
            raise Refused(403, "%s is given twice (field names are matched "
                               "ignoring case)" % field, field=field)
        out[canonical] = value
    return out


def check_map(obj, path):
    """A data map (labels, env-like objects): keys are exact, but a key sent
    twice is ambiguous and refused."""
    if obj is None:
        return {}
    if not isinstance(obj, dict):
        raise Refused(403, "%s must be a JSON object" % path, field=path)
    keys = [k for k, _ in getattr(obj, "pairs", obj.items())]
    if len(keys) != len(set(keys)):
        raise Refused(403, "%s has a key given twice" % path, field=path)
    return dict(obj)
