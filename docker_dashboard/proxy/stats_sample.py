"""One Docker stats sample reduced to what the Stats tab draws.

dockerd's sample is ~2.5 KB of cgroup detail; the browser needs eight
numbers. The arithmetic is the one `docker stats` does, so the tab and the
CLI agree:

- CPU percent: the container's CPU time since the previous sample over the
  host's, times the CPUs online. The first sample of a stream has no previous
  one (`precpu_stats` without `system_cpu_usage`): its percent is unknown
  (None), not the container's lifetime average.
- Memory: usage minus the inactive page cache (cgroup v1 names it
  `total_inactive_file`, v2 `inactive_file`), and the limit.
- Network and block I/O: running totals over every interface / device. The
  browser turns consecutive totals into rates. A container without a network
  (`--network none`) has no `networks` section: its totals are None, so the
  tab can say "no network" rather than draw a flat zero.

Pure: no I/O, no aiohttp; tested table-driven in tests/unit/proxy.
"""
import datetime
import re

# RFC 3339 as dockerd writes it: up to nanoseconds, "Z" or an offset.
_TIMESTAMP = re.compile(
    r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$")


def _number(value):
    """A count from dockerd, or 0 for anything that is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    return value


def _section(parent, key):
    value = parent.get(key) if isinstance(parent, dict) else None
    return value if isinstance(value, dict) else {}


def epoch_seconds(text):
    """dockerd's `read` time as Unix seconds (float), or None.

    Done here rather than in the browser: JavaScript's Date does not promise
    to parse nine fractional digits.
    """
    match = _TIMESTAMP.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    whole, fraction, zone = match.groups()
    zone = "+00:00" if zone == "Z" else zone
    try:
        moment = datetime.datetime.fromisoformat(whole + zone)
    except ValueError:
        return None
    if moment.year <= 1:  # Go's zero time: "no sample yet"
        return None
    return moment.timestamp() + (int(fraction.ljust(9, "0")) / 1e9
                                 if fraction else 0.0)


def cpu_percent(sample):
    """CPU use since the previous sample, in percent of one CPU; None when
    there is no previous sample to compare with."""
    cpu = _section(sample, "cpu_stats")
    precpu = _section(sample, "precpu_stats")
    system_now = _number(cpu.get("system_cpu_usage"))
    system_before = _number(precpu.get("system_cpu_usage"))
    if not system_before or not system_now:
        return None
    system_delta = system_now - system_before
    cpu_delta = (_number(_section(cpu, "cpu_usage").get("total_usage"))
                 - _number(_section(precpu, "cpu_usage").get("total_usage")))
    online = _number(cpu.get("online_cpus")) or len(
        _section(cpu, "cpu_usage").get("percpu_usage") or []) or 1
    if system_delta <= 0 or cpu_delta <= 0:
        return 0.0
    return round(cpu_delta / system_delta * online * 100.0, 2)


def memory_used(memory):
    """Usage without the page cache the kernel may reclaim."""
    usage = _number(memory.get("usage"))
    details = _section(memory, "stats")
    for cache_key in ("total_inactive_file", "inactive_file"):
        cache = details.get(cache_key)
        if cache_key in details and _number(cache) < usage:
            return usage - _number(cache)
    return usage


def network_totals(sample):
    """(received, sent) bytes over every interface; (None, None) without
    a network."""
    networks = sample.get("networks")
    if not isinstance(networks, dict):
        return None, None
    received = sent = 0
    for interface in networks.values():
        if isinstance(interface, dict):
            received += _number(interface.get("rx_bytes"))
            sent += _number(interface.get("tx_bytes"))
    return received, sent


def block_totals(sample):
    """(read, written) bytes over every device (cgroup v1 says "Read",
    v2 "read"; v2 may give null instead of an empty list)."""
    entries = _section(sample, "blkio_stats").get(
        "io_service_bytes_recursive") or []
    read = written = 0
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        op = str(entry.get("op") or "").lower()
        if op == "read":
            read += _number(entry.get("value"))
        elif op == "write":
            written += _number(entry.get("value"))
    return read, written


def reduce_sample(sample):
    """The frame the browser gets for one dockerd stats sample."""
    memory = _section(sample, "memory_stats")
    net_rx, net_tx = network_totals(sample)
    blk_read, blk_write = block_totals(sample)
    return {
        "time": sample.get("read") if isinstance(sample.get("read"), str)
        else None,
        "t": epoch_seconds(sample.get("read")),
        "cpu": cpu_percent(sample),
        "mem": memory_used(memory),
        "mem_limit": _number(memory.get("limit")),
        "net_rx": net_rx, "net_tx": net_tx,
        "blk_read": blk_read, "blk_write": blk_write,
    }
