"""The container update body (`docker update`): resource limits only, held
to the create caps on the limits the container will have once updated (its
current HostConfig with the update applied). A 0 leaves a limit as it is
(dockerd reads it so, and the docker CLI sends 0 for every option not
given); a limit cannot be removed (-1) nor raised past its cap."""
from docker_dashboard.proxy.rules import json_body
from docker_dashboard.proxy.rules import resources
from docker_dashboard.proxy.rules.errors import refuse

CHANGEABLE = ["Memory", "MemorySwap", "MemoryReservation", "NanoCpus",
              "CpuQuota", "CpuPeriod", "CpuShares", "CpusetCpus",
              "CpusetMems", "BlkioWeight", "PidsLimit", "RestartPolicy",
              "MemorySwappiness"]
# The rest of Docker's Resources struct, which the docker CLI sends whole
# (unset fields at their zero value): accepted at zero only, as at create.
ZERO_ONLY = ["CgroupParent", "BlkioWeightDevice", "BlkioDeviceReadBps",
             "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
             "BlkioDeviceWriteIOps", "CpuRealtimePeriod", "CpuRealtimeRuntime",
             "Devices", "DeviceCgroupRules", "DeviceRequests", "KernelMemory",
             "KernelMemoryTCP", "OomKillDisable", "Init", "Ulimits",
             "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth"]
FIELDS = CHANGEABLE + ZERO_ONLY
NUMBERS = ["Memory", "MemoryReservation", "NanoCpus", "CpuQuota",
           "CpuPeriod", "CpuShares", "BlkioWeight", "PidsLimit"]
# The current limits the caps are checked on, with the update applied.
LIMIT_FIELDS = ["Memory", "MemorySwap", "MemoryReservation", "NanoCpus",
                "CpuQuota", "CpuPeriod", "PidsLimit"]


def check_update(raw, limits, current=None):
    """The body to forward. `current` is the container's HostConfig as
    dockerd reports it (None: judged on the update alone)."""
    body = json_body.fold_struct(json_body.parse(raw), FIELDS, "")
    for name in ZERO_ONLY:
        if body.pop(name, None) not in (None, False, 0, "", [], {}):
            refuse(name, "this option is not allowed")
    for name in NUMBERS:
        value = body.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(
                value, int) or value < 0):
            refuse(name, "must be a non-negative integer")
    swap = body.get("MemorySwap")
    if swap is not None and (isinstance(swap, bool)
                             or not isinstance(swap, int) or swap < 0):
        refuse("MemorySwap", "swap cannot be unlimited")
    # A docker CLI `update` sends every field, unset ones as 0: drop those so
    # dockerd keeps the current limits.
    kept = {k: v for k, v in body.items() if v not in (0, "", None)}
    after = {k: (current or {}).get(k) for k in LIMIT_FIELDS}
    after.update({k: v for k, v in kept.items() if k in LIMIT_FIELDS})
    if current is None:
        # Nothing known of the container: the limits it must already have
        # stand in at their smallest, so only what is given is judged.
        after["Memory"] = after["Memory"] or 1
        if not (after["NanoCpus"] or after["CpuQuota"]):
            after["NanoCpus"] = 1
    resources.check_limits(after, limits, prefix="")
    return kept
