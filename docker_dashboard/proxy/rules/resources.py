"""Resource limits, one check for create and update: `docker update` can
change what create capped, so it is held to the same caps on the limits the
container would have after the update (its current ones, changed)."""
from docker_dashboard.proxy.rules.errors import refuse

# Docker's CPU period when none is set: 100 ms.
DEFAULT_CPU_PERIOD = 100000


def integer(value, field):
    if isinstance(value, bool) or not isinstance(value, int):
        refuse(field, "must be an integer")
    return value


def check_limits(host, limits, prefix="HostConfig."):
    """Memory, swap, reservation, CPU and process limits of `host` (a
    HostConfig-shaped dict) within `limits`; a memory and a CPU limit are
    required. Refuses the first field out of bounds, named with `prefix`."""
    memory = integer(host.get("Memory") or 0, prefix + "Memory")
    if memory <= 0:
        refuse(prefix + "Memory", "a memory limit is required")
    if memory > limits.max_memory:
        refuse(prefix + "Memory", "the memory limit may be at most %d "
               "bytes" % limits.max_memory)
    swap = integer(host.get("MemorySwap") or 0, prefix + "MemorySwap")
    if swap and not memory <= swap <= 2 * limits.max_memory:
        refuse(prefix + "MemorySwap", "must be 0 or between Memory and "
               "%d bytes (swap cannot be unlimited)"
               % (2 * limits.max_memory))
    reservation = integer(host.get("MemoryReservation") or 0,
                          prefix + "MemoryReservation")
    if not 0 <= reservation <= limits.max_memory:
        refuse(prefix + "MemoryReservation", "may be at most %d bytes"
               % limits.max_memory)
    nano = integer(host.get("NanoCpus") or 0, prefix + "NanoCpus")
    quota = integer(host.get("CpuQuota") or 0, prefix + "CpuQuota")
    period = integer(host.get("CpuPeriod") or 0, prefix + "CpuPeriod")
    if nano < 0 or quota < 0 or period < 0:
        refuse(prefix + "NanoCpus", "CPU limits cannot be negative")
    cpus = []
    if nano:
        cpus.append((prefix + "NanoCpus", nano / 1e9))
    if quota:
        # A quota is per period: a shorter period with the same quota is
        # more CPU, so the two are judged together.
        cpus.append((prefix + "CpuQuota",
                     quota / (period or DEFAULT_CPU_PERIOD)))
    if not cpus:
        refuse(prefix + "NanoCpus", "a CPU limit is required (NanoCpus, or "
               "CpuQuota with CpuPeriod)")
    for field, value in cpus:
        if value > limits.max_cpus:
            refuse(field, "the CPU limit may be at most %g CPUs"
                   % limits.max_cpus)
    pids = integer(host.get("PidsLimit") or 0, prefix + "PidsLimit")
    if pids > limits.max_pids:
        refuse(prefix + "PidsLimit", "the process limit may be at most %d"
               % limits.max_pids)
