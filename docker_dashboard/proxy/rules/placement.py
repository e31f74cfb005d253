"""What Placement is told and asked, decided without calling it.

A Docker host is one resource provider: VCPU, MEMORY_MB and DISK_GB
inventories (as Nova's compute service reports a hypervisor's, with the
operator's allocation ratios and reserved amounts), the trait
CUSTOM_DOCKER_HOST, and one aggregate per availability zone. A container is
a consumer: its allocation is its CPU and memory limits, which the proxy's
own checks require of every create.
"""
import math
import uuid

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.caller import USER_LABEL

# Which consumer a container is in Placement: written by the proxy at
# create (over any caller value, as the project label is).
CONSUMER_LABEL = "org.openstack.placement-consumer"
# The consumer type of a container's allocation (Nova's servers are
# INSTANCE).
CONSUMER_TYPE = "CONTAINER"
# The trait every Docker host's provider carries: allocation candidates are
# asked with it, so a Nova compute node in the same Placement is never one.
HOST_TRAIT = "CUSTOM_DOCKER_HOST"
# The trait of a drained host's provider: allocation candidates are asked
# with it forbidden, so no new container is placed there while the ones it
# runs stay. It is Nova's own trait for a disabled compute service (a
# standard trait, in every Placement already, read the same way by
# operators' tools), not a custom one: a Docker host's provider is never a
# Nova compute node's, so Nova never sets or clears it on ours.
DRAINED_TRAIT = "COMPUTE_STATUS_DISABLED"
# Fixed namespaces (uuid5): a container without the consumer label (made
# before the proxy had Placement) is the consumer uuid5(CONSUMERS, its id);
# a zone's aggregate is uuid5(ZONES, its name), so any proxy, and anyone
# who knows a zone's name, finds the same aggregate without a lookup.
CONSUMERS = uuid.UUID("6f0d2c3e-8a41-5b7e-9d6c-3f1a2b4c5d6e")
ZONES = uuid.UUID("b1e5d7a2-4c3f-5e8d-a9b0-c7d6e5f4a3b2")

MIB = 1024 ** 2
GIB = 1024 ** 3
# Docker's CPU period when none is set (rules/resources.py).
DEFAULT_CPU_PERIOD = 100000


def resources_of_host_config(host):
    """{"VCPU": n, "MEMORY_MB": m} for a HostConfig (a create body's or an
    inspect's), rounded up: a container limited to 1.5 CPUs holds 2 vCPUs,
    one limited to 100,000,000 bytes of memory holds 96 MiB. A class without
    a limit is left out (a container made straight on dockerd may have
    none: it claims nothing Placement can count)."""
    host = host or {}
    resources = {}
    nano = host.get("NanoCpus") or 0
    quota = host.get("CpuQuota") or 0
    if nano > 0:
        resources["VCPU"] = math.ceil(nano / 1e9)
    elif quota > 0:
        period = host.get("CpuPeriod") or DEFAULT_CPU_PERIOD
        resources["VCPU"] = math.ceil(quota / period)
    memory = host.get("Memory") or 0
    if memory > 0:
        resources["MEMORY_MB"] = math.ceil(memory / MIB)
    return resources


def resources_of(create_body):
    """The allocation a create body asks for: its vCPUs and MiB of memory.
    Bodies reach it after create_body.check_create, which requires both
    limits."""
    return resources_of_host_config(create_body.get("HostConfig"))


def inventory_of(facts, config):
    """The inventories to report for a host whose `facts` are
    {"cpus": dockerd's NCPU, "memory_bytes": its MemTotal, "disk_bytes":
    the size of the filesystem of its DockerRootDir}, with the operator's
    ratios and reserved amounts from `config`. A class the host has none
    of (a disk it could not measure) is left out; a reserve larger than
    the total reserves all of it (Placement refuses reserved > total)."""
    totals = {
        "VCPU": (int(facts.get("cpus") or 0),
                 config.reserved_host_cpus, config.cpu_allocation_ratio),
        "MEMORY_MB": (int((facts.get("memory_bytes") or 0) // MIB),
                      config.reserved_host_memory_mb,
                      config.ram_allocation_ratio),
        "DISK_GB": (int((facts.get("disk_bytes") or 0) // GIB),
                    config.reserved_host_disk_gb,
                    config.disk_allocation_ratio),
    }
    inventories = {}
    for name, (total, reserved, ratio) in totals.items():
        if total < 1:
            continue
        inventories[name] = {
            "total": total,
            "reserved": max(0, min(int(reserved), total)),
            "allocation_ratio": float(ratio),
            "min_unit": 1,
            # One container may take the whole host, as one Nova server may.
            "max_unit": total,
            "step_size": 1,
        }
    return inventories


def inventory_changed(current, wanted):
    """True when Placement's `current` inventories (its GET answer's
    "inventories") differ from `wanted` in anything the proxy reports."""
    if set(current) != set(wanted):
        return True
    for name, fields in wanted.items():
        for key, value in fields.items():
            if current[name].get(key) != value:
                return True
    return False


def _free(summary, resource):
    amounts = (summary.get("resources") or {}).get(resource) or {}
    return (amounts.get("capacity") or 0) - (amounts.get("used") or 0)


def order_candidates(summaries, strategy="spread"):
    """The provider uuids of GET /allocation_candidates' "provider_summaries"
    in the order a launch tries them: "spread" puts the host with the most
    free memory first (then the most free vCPUs), "pack" the one with the
    least, so containers fill one host before the next. Ties are broken by
    uuid, so the order never depends on a dict's order."""
    if strategy not in ("spread", "pack"):
        raise ValueError("unknown placement strategy %r" % strategy)
    sign = -1 if strategy == "spread" else 1
    return sorted(summaries, key=lambda uuid_: (
        sign * _free(summaries[uuid_], "MEMORY_MB"),
        sign * _free(summaries[uuid_], "VCPU"),
        uuid_))


def candidates_query(resources, availability_zone=None):
    """The query of GET /allocation_candidates for `resources` on a Docker
    host (in `availability_zone`'s aggregate when one is named)."""
    query = {
        "resources": ",".join("%s:%d" % (name, amount)
                              for name, amount in sorted(resources.items())),
        # Forbidden traits (`!`) need microversion 1.22 (client.py asks
        # for more).
        "required": "%s,!%s" % (HOST_TRAIT, DRAINED_TRAIT),
    }
    if availability_zone:
        query["member_of"] = aggregate_of(availability_zone)
    return query


def _plural(amount, one, many):
    return "%d %s" % (amount, one if amount == 1 else many)


def no_room_message(resources, availability_zone=None):
    """What the user reads when no host can take the container."""
    asked = []
    if "VCPU" in resources:
        asked.append(_plural(resources["VCPU"], "vCPU", "vCPUs"))
    if "MEMORY_MB" in resources:
        asked.append("%d MiB of memory" % resources["MEMORY_MB"])
    message = "No Docker host has room for %s" % " and ".join(asked)
    if availability_zone:
        message += " (in zone %s)" % availability_zone
    return message


def accepting_hosts_query(availability_zone=None):
    """The query of GET /resource_providers for the Docker hosts that
    accept launches (not drained), in `availability_zone` when named."""
    query = {"required": "%s,!%s" % (HOST_TRAIT, DRAINED_TRAIT)}
    if availability_zone:
        query["member_of"] = aggregate_of(availability_zone)
    return query


def none_accepts_message(availability_zone=None):
    """What the user reads when every Docker host (of the zone) is
    drained: room is not what is missing."""
    message = "No Docker host accepts launches now: every host"
    if availability_zone:
        message += " in zone %s" % availability_zone
    return message + " is drained"


def drained_message(host_name):
    """A launch pinned to (or bound by a volume or shared container to) a
    drained host."""
    return ("Docker host %s is drained: it accepts no new containers"
            % host_name)


def is_drained(traits):
    """True when a provider's traits mark its host drained."""
    return DRAINED_TRAIT in (traits or ())


def with_drain(traits, drained):
    """A provider's traits with the drain trait put or taken away, the
    others kept (the host trait, an operator's own); None when nothing
    changes."""
    current = set(traits or ())
    wanted = current | {DRAINED_TRAIT} if drained \
        else current - {DRAINED_TRAIT}
    return None if wanted == current else sorted(wanted)


def capacity_of(inventory):
    """What a class's inventory can hold: (total - reserved) x ratio, as
    Placement counts it."""
    total = inventory.get("total") or 0
    reserved = inventory.get("reserved") or 0
    ratio = inventory.get("allocation_ratio") or 1.0
    return int((total - reserved) * ratio)


def resource_view(inventories, usages):
    """{class: {"total", "reserved", "allocation_ratio", "capacity",
    "used"}} of a provider, from its GET inventories' "inventories" and
    GET usages' "usages": what a hosts page draws as usage bars."""
    view = {}
    for name, inventory in sorted((inventories or {}).items()):
        view[name] = {
            "total": inventory.get("total") or 0,
            "reserved": inventory.get("reserved") or 0,
            "allocation_ratio": inventory.get("allocation_ratio") or 1.0,
            "capacity": capacity_of(inventory),
            "used": (usages or {}).get(name) or 0,
        }
    return view


def aggregate_of(availability_zone):
    """The aggregate uuid of an availability zone (stable, from its name)."""
    return str(uuid.uuid5(ZONES, availability_zone))


def _labels(container):
    # An inspect answer keeps them in Config, a list entry at the top.
    config = container.get("Config")
    if isinstance(config, dict) and "Labels" in config:
        return config.get("Labels") or {}
    return container.get("Labels") or {}


def consumer_of(container):
    """The consumer uuid of a container (an inspect answer or a list
    entry): its label, else uuid5 of its id."""
    label = _labels(container).get(CONSUMER_LABEL, "")
    try:
        return str(uuid.UUID(label))
    except ValueError:
        return str(uuid.uuid5(CONSUMERS, container["Id"]))


def owner_of(container):
    """(project id, user id) from the container's labels ("" if absent)."""
    labels = _labels(container)
    return labels.get(PROJECT_LABEL, ""), labels.get(USER_LABEL, "")


def drift(container_consumers, allocated, in_flight=()):
    """What an audit heals: (consumers of containers that have no
    allocation, allocated consumers whose container is gone). `in_flight`
    are consumers claimed for creates not finished yet: their container
    may not exist yet, their allocation is not drift."""
    containers = set(container_consumers)
    allocated = set(allocated)
    return (sorted(containers - allocated),
            sorted(allocated - containers - set(in_flight)))


def is_concurrent_update(answer):
    """True when a Placement 409 answer is a generation conflict (someone
    changed the provider or consumer meanwhile: read again and retry), not
    a refusal such as "no capacity"."""
    if not isinstance(answer, dict):
        return False
    return any(error.get("code") == "placement.concurrent_update"
               for error in answer.get("errors") or []
               if isinstance(error, dict))


def error_detail(answer):
    """The first error detail of a Placement error answer, for logs."""
    if isinstance(answer, dict):
        for error in answer.get("errors") or []:
            if isinstance(error, dict) and error.get("detail"):
                # Its first paragraph is the webob title: the rest says why.
                return " ".join(error["detail"].split())[:500]
    return str(answer)[:300]
