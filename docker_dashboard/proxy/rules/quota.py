"""Quotas, decided without calling anyone: a project's limits (Keystone
unified limits of the `docker` service), its usage (Placement's usages of
its containers) and a request give "allowed" or the refusal's sentence.

The resource names are Nova's for the same things: `class:VCPU` and
`class:MEMORY_MB` are a Placement resource class each, `containers` counts
the project's consumers of the container type (as Nova's `servers`).
"""
from docker_dashboard.proxy.rules.errors import Refused

CONTAINERS = "containers"
VCPU = "class:VCPU"
MEMORY_MB = "class:MEMORY_MB"
RESOURCES = (CONTAINERS, VCPU, MEMORY_MB)
# Keystone's "no limit".
UNLIMITED = -1
# The largest limit an override may set (Keystone keeps limits as 32-bit
# integers; an answer Keystone would refuse is refused here with a field).
MAX_LIMIT = 2 ** 31 - 1


def deltas_of_launch(resources):
    """What one new container adds: itself, and its allocation's vCPUs and
    MiB ({"VCPU": n, "MEMORY_MB": m} as rules/placement.resources_of)."""
    return {CONTAINERS: 1,
            VCPU: int(resources.get("VCPU") or 0),
            MEMORY_MB: int(resources.get("MEMORY_MB") or 0)}


def deltas_of_resize(before, after):
    """What a `docker update` adds to the project: only the classes it
    raises (a lowered or unchanged limit is never refused)."""
    deltas = {}
    for name, cls in ((VCPU, "VCPU"), (MEMORY_MB, "MEMORY_MB")):
        more = int((after or {}).get(cls) or 0) - int(
            (before or {}).get(cls) or 0)
        if more > 0:
            deltas[name] = more
    return deltas


def usage_of(answer, consumer_type):
    """The project's usage from Placement's `GET /usages?project_id=…`
    answer (microversion 1.38 or later: grouped by consumer type). A
    project with no container is zero everywhere."""
    usages = (answer or {}).get("usages") or {}
    ours = usages.get(consumer_type) or {}
    return {CONTAINERS: int(ours.get("consumer_count") or 0),
            VCPU: int(ours.get("VCPU") or 0),
            MEMORY_MB: int(ours.get("MEMORY_MB") or 0)}


def limits_of(registered, overrides):
    """{resource: limit} from Keystone's registered limits (the defaults)
    and the project's own limits ((name, limit) pairs, as oslo.limit
    answers both): the project's limit wins; a resource with neither is 0,
    as oslo.limit counts it (nothing may be used without a limit)."""
    defaults = dict(registered)
    own = dict(overrides)
    return {name: int(own.get(name, defaults.get(name, 0)))
            for name in RESOURCES}


def over(deltas, usage, limits):
    """[(resource, requested, in use, limit)] of each resource that the
    request takes over its limit, in RESOURCES order; empty: allowed."""
    found = []
    for name in RESOURCES:
        requested = int(deltas.get(name) or 0)
        if requested <= 0:
            continue
        limit = int(limits.get(name, 0))
        if limit == UNLIMITED or limit < 0:
            continue
        in_use = int(usage.get(name) or 0)
        if in_use + requested > limit:
            found.append((name, requested, in_use, limit))
    return found


def refusal(deltas, usage, limits):
    """None when the request fits, else the sentence the user reads:
    "Quota exceeded for class:VCPU: requested 4, in use 18 of 20" (each
    resource over its limit, joined by "; ")."""
    found = over(deltas, usage, limits)
    if not found:
        return None
    return "; ".join(
        "Quota exceeded for %s: requested %d, in use %d of %d"
        % item for item in found)


def check(deltas, usage, limits):
    """Refused(403, the sentence) when the request does not fit."""
    sentence = refusal(deltas, usage, limits)
    if sentence is not None:
        raise Refused(403, sentence)


def without(usage, deltas):
    """The usage before the request, from a usage read after its claim was
    made (the second look that catches launches made at the same time)."""
    return {name: int(usage.get(name) or 0) - int(deltas.get(name) or 0)
            for name in RESOURCES}


def report(limits, usage, overrides):
    """The rows `GET /dd/quotas` answers: per resource its limit, whether
    it is the default (no override), and what is in use."""
    own = dict(overrides)
    return [{"resource": name, "limit": limits.get(name, 0),
             "default": name not in own, "in_use": usage.get(name, 0)}
            for name in RESOURCES]


def parse_overrides(body):
    """The body of `PUT /dd/quotas/{project_id}`: {resource: limit or
    null}. A number sets the project's own limit (-1: unlimited), null
    removes it (the default applies again). Refused(400) names the field."""
    if not isinstance(body, dict) or not body:
        raise Refused(400, "The body must be a JSON object of resource "
                           "names (%s) to limits" % ", ".join(RESOURCES))
    wanted = {}
    for name, value in body.items():
        if name not in RESOURCES:
            raise Refused(400, "Unknown quota resource %r (known: %s)"
                          % (name, ", ".join(RESOURCES)), field=name)
        if value is None:
            wanted[name] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise Refused(400, "The limit of %s must be a whole number or "
                               "null" % name, field=name)
        if value < UNLIMITED or value > MAX_LIMIT:
            raise Refused(400, "The limit of %s must be between -1 "
                               "(unlimited) and %d" % (name, MAX_LIMIT),
                          field=name)
        wanted[name] = value
    return wanted


def changes(wanted, existing):
    """What to do in Keystone for `wanted` ({resource: limit or None})
    given the project's `existing` limits ({resource: (limit id, value)}):
    (to create {resource: value}, to update {limit id: value}, to delete
    [limit ids])."""
    create, update, delete = {}, {}, []
    for name, value in wanted.items():
        held = existing.get(name)
        if value is None:
            if held is not None:
                delete.append(held[0])
        elif held is None:
            create[name] = value
        elif held[1] != value:
            update[held[0]] = value
    return create, update, delete
