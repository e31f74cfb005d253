"""Reducing a Docker stats sample to what the Stats tab draws: the
arithmetic of `docker stats`, on samples shaped as dockerd sends them."""
import copy

import pytest

from docker_dashboard.proxy import stats_sample
from docker_dashboard.proxy.stats_sample import reduce_sample

MIB = 1 << 20


def sample(**changes):
    """A cgroup v1 sample of a container on 2 CPUs, one interface."""
    base = {
        "read": "2026-11-28T10:00:01.500000000Z",
        "preread": "2026-11-28T10:00:00.500000000Z",
        "cpu_stats": {"cpu_usage": {"total_usage": 3_000_000_000,
                                    "percpu_usage": [2, 1]},
                      "system_cpu_usage": 20_000_000_000, "online_cpus": 2},
        "precpu_stats": {"cpu_usage": {"total_usage": 2_000_000_000},
                         "system_cpu_usage": 18_000_000_000},
        "memory_stats": {"usage": 100 * MIB, "limit": 512 * MIB,
                         "stats": {"total_inactive_file": 10 * MIB,
                                   "inactive_file": 4 * MIB}},
        "networks": {"eth0": {"rx_bytes": 1000, "tx_bytes": 500}},
        "blkio_stats": {"io_service_bytes_recursive": [
            {"major": 8, "minor": 0, "op": "Read", "value": 4096},
            {"major": 8, "minor": 0, "op": "Write", "value": 8192},
            {"major": 8, "minor": 0, "op": "Total", "value": 12288}]},
    }
    for path, value in changes.items():
        node = base
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[key]
        if value is DELETE:
            del node[keys[-1]]
        else:
            node[keys[-1]] = value
    return base


DELETE = object()

# (what is special about the sample, the sample, the fields expected)
CASES = [
    ("steady state: 1 s of CPU in 2 s of host time on 2 CPUs is 100 %",
     sample(), {"cpu": 100.0, "mem": 90 * MIB, "mem_limit": 512 * MIB,
                "net_rx": 1000, "net_tx": 500,
                "blk_read": 4096, "blk_write": 8192}),
    ("the first sample of a stream has no previous one: CPU unknown",
     sample(precpu_stats={"cpu_usage": {"total_usage": 0},
                          "throttling_data": {}}),
     {"cpu": None, "mem": 90 * MIB}),
    ("--network none: no networks section, no network totals",
     sample(networks=DELETE),
     {"net_rx": None, "net_tx": None, "blk_read": 4096}),
    ("several interfaces are summed",
     sample(networks={"eth0": {"rx_bytes": 1, "tx_bytes": 2},
                      "eth1": {"rx_bytes": 10, "tx_bytes": 20}}),
     {"net_rx": 11, "net_tx": 22}),
    ("cgroup v2: inactive_file is the cache, ops are lower case, "
     "percpu_usage absent",
     sample(memory_stats={"usage": 50 * MIB, "limit": 64 * MIB,
                          "stats": {"inactive_file": 5 * MIB}},
            blkio_stats={"io_service_bytes_recursive": [
                {"op": "read", "value": 7}, {"op": "write", "value": 9}]},
            cpu_stats__cpu_usage={"total_usage": 3_000_000_000}),
     {"mem": 45 * MIB, "mem_limit": 64 * MIB, "blk_read": 7, "blk_write": 9,
      "cpu": 100.0}),
    ("cgroup v2 with no block I/O yet gives null, not a list",
     sample(blkio_stats={"io_service_bytes_recursive": None}),
     {"blk_read": 0, "blk_write": 0}),
    ("a cache larger than the usage is not subtracted",
     sample(memory_stats={"usage": 3 * MIB, "limit": 0,
                          "stats": {"total_inactive_file": 8 * MIB}}),
     {"mem": 3 * MIB, "mem_limit": 0}),
    ("online_cpus missing: the per-CPU list counts the CPUs",
     sample(cpu_stats__online_cpus=DELETE,
            cpu_stats__cpu_usage={"total_usage": 3_000_000_000,
                                  "percpu_usage": [1, 1, 1, 1]}),
     {"cpu": 200.0}),
    ("an idle container is 0 %, not unknown",
     sample(cpu_stats__cpu_usage={"total_usage": 2_000_000_000}),
     {"cpu": 0.0}),
    ("the read time becomes Unix seconds with its fraction",
     sample(), {"time": "2026-11-28T10:00:01.500000000Z",
                "t": 1795860001.5}),
    ("an offset time zone is honoured",
     sample(read="2026-11-28T11:00:01+01:00"), {"t": 1795860001.0}),
    ("Go's zero time (a stopped container's sample) has no time",
     sample(read="0001-01-01T00:00:00Z"), {"t": None}),
    ("no sections at all: zeros and unknowns, no exception",
     {}, {"cpu": None, "mem": 0, "mem_limit": 0, "net_rx": None,
          "blk_read": 0, "time": None, "t": None}),
    ("values that are not numbers count as 0",
     sample(memory_stats={"usage": "lots", "limit": True},
            networks={"eth0": {"rx_bytes": None, "tx_bytes": "x"}}),
     {"mem": 0, "mem_limit": 0, "net_rx": 0, "net_tx": 0}),
]


@pytest.mark.parametrize("why,given,expected", CASES,
                         ids=[case[0] for case in CASES])
def test_reduce_sample(why, given, expected):
    reduced = reduce_sample(copy.deepcopy(given))
    assert {key: reduced[key] for key in expected} == expected


def test_the_frame_has_exactly_what_the_charts_draw():
    assert set(reduce_sample(sample())) == {
        "time", "t", "cpu", "mem", "mem_limit", "net_rx", "net_tx",
        "blk_read", "blk_write"}


@pytest.mark.parametrize("text", [
    "", "yesterday", "2026-11-28 10:00:00Z", "2026-11-28T10:00:00",
    "2026-13-28T10:00:00Z", "2026-11-28T10:00:00.1234567890Z", None, 5])
def test_times_that_are_not_rfc3339_have_no_seconds(text):
    assert stats_sample.epoch_seconds(text) is None
