"""The container update body (`docker update`): resource limits only, capped
like at create; a limit cannot be removed once set."""
from docker_dashboard.proxy.rules import json_body
from docker_dashboard.proxy.rules.errors import Refused

FIELDS = ["Memory", "MemorySwap", "MemoryReservation", "NanoCpus",
          "CpuQuota", "CpuPeriod", "CpuShares", "CpusetCpus", "CpusetMems",
          "BlkioWeight", "PidsLimit", "RestartPolicy"]


def _refuse(field, message):
    raise Refused(403, "%s: %s" % (field, message), field=field)


def _number(body, name):
    value = body.get(name)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _refuse(name, "must be a non-negative integer")
    return value


def check_update(raw, limits):
    body = json_body.fold_struct(json_body.parse(raw), FIELDS, "")
    memory = _number(body, "Memory")
    if memory > limits.max_memory:
        _refuse("Memory", "the memory limit may be at most %d bytes"
                % limits.max_memory)
    if "Memory" in body and memory == 0:
        _refuse("Memory", "the memory limit cannot be removed")
    nano = _number(body, "NanoCpus")
    if nano / 1e9 > limits.max_cpus:
        _refuse("NanoCpus", "the CPU limit may be at most %g CPUs"
                % limits.max_cpus)
    quota = _number(body, "CpuQuota")
    period = _number(body, "CpuPeriod") or 100000
    if quota and quota / period > limits.max_cpus:
        _refuse("CpuQuota", "the CPU limit may be at most %g CPUs"
                % limits.max_cpus)
    pids = body.get("PidsLimit")
    if pids is not None and (isinstance(pids, bool) or not isinstance(
            pids, int) or pids < 0 or pids > limits.max_pids):
        _refuse("PidsLimit", "the process limit may be from 1 to %d"
                % limits.max_pids)
    swap = body.get("MemorySwap")
    if swap is not None and swap < 0:
        _refuse("MemorySwap", "swap cannot be unlimited")
    # A docker CLI `update` sends every field, unset ones as 0: drop those so
    # dockerd keeps the current limits.
    return {k: v for k, v in body.items() if v not in (0, "", None)}
