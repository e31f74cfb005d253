"""Caps held on what a container gets: /dev/shm and tmpfs sizes, health
check intervals, and `docker update` judged on the limits it leaves."""
import json

import hypothesis
import pytest
from hypothesis import strategies as st

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.rules import create_body
from docker_dashboard.proxy.rules import healthcheck
from docker_dashboard.proxy.rules import tmpfs
from docker_dashboard.proxy.rules import update_body
from docker_dashboard.proxy.rules.errors import Refused

MIB = 1024 ** 2
LIMITS = create_body.Limits(max_memory=1024 ** 3, max_cpus=2.0,
                            max_tmpfs=64 * MIB, max_pids=512,
                            min_health_interval=1.0)
CALLER = Caller("u1", "p1", frozenset(["member"]))
SECOND = 10 ** 9


def create(**fields):
    host = {"Memory": 64 * MIB, "NanoCpus": 500000000}
    host.update(fields.pop("host", {}))
    body = {"Image": "busybox", "HostConfig": host}
    body.update(fields)
    return create_body.check_create(json.dumps(body).encode(), CALLER,
                                    LIMITS, "dd-p1").body


@pytest.mark.parametrize("asked, given", [
    (None, 64 * MIB), (0, 64 * MIB), (16 * MIB, 16 * MIB),
    (64 * MIB, 64 * MIB),
])
def test_shm_gets_a_size_within_the_cap(asked, given):
    host = {} if asked is None else {"ShmSize": asked}
    assert create(host=host)["HostConfig"]["ShmSize"] == given


def test_shm_default_is_the_cap_when_the_cap_is_smaller():
    small = create_body.Limits(max_tmpfs=8 * MIB)
    assert tmpfs.shm_size(0, small) == 8 * MIB


@pytest.mark.parametrize("asked", [64 * MIB + 1, 1024 ** 4, -1, "1g", True])
def test_shm_over_the_cap_is_refused(asked):
    with pytest.raises(Refused) as caught:
        create(host={"ShmSize": asked})
    assert caught.value.field == "HostConfig.ShmSize"


@pytest.mark.parametrize("options, written", [
    ("", "size=67108864"),                           # no size: the cap
    ("rw,noexec", "rw,noexec,size=67108864"),
    ("size=16m", "size=16777216"),
    ("rw,size=1g,size=16m", "rw,size=16777216"),     # the last, as the kernel
    ("mode=1777,uid=1000,size=65536k", "mode=1777,uid=1000,size=67108864"),
    ("size=16MiB", "size=16777216"),
])
def test_tmpfs_options_are_rebuilt_with_one_size(options, written):
    assert create(host={"Tmpfs": {"/t": options}})["HostConfig"]["Tmpfs"] \
        == {"/t": written}


@pytest.mark.parametrize("options", [
    "size=65m",            # over the cap
    "size=50%",            # half of the host's RAM
    "size=0",              # unlimited
    "nr_blocks=999999",    # a size in pages
    "huge=always",
    "mpol=bind:0",
    "size=1.5g",
    "mode=0777;x",
])
def test_tmpfs_options_refused(options):
    with pytest.raises(Refused) as caught:
        create(host={"Tmpfs": {"/t": options}})
    assert caught.value.field == "HostConfig.Tmpfs"


@pytest.mark.parametrize("options, size", [
    ({}, 64 * MIB), ({"SizeBytes": 0}, 64 * MIB), ({"SizeBytes": 1024}, 1024),
])
def test_tmpfs_mounts_get_a_size(options, size):
    mount = {"Type": "tmpfs", "Target": "/t", "TmpfsOptions": options}
    made = create(host={"Mounts": [mount]})["HostConfig"]["Mounts"][0]
    assert made["TmpfsOptions"]["SizeBytes"] == size


@pytest.mark.parametrize("body, image, refused_field", [
    (None, None, None),
    ({"Test": ["CMD", "true"], "Interval": SECOND}, None, None),
    ({"Test": ["CMD", "true"]}, None, None),             # dockerd's 30 s
    ({"Test": ["CMD", "true"], "Interval": 1000000}, None,
     "Healthcheck.Interval"),
    ({"Test": ["CMD", "true"], "Timeout": 1}, None, "Healthcheck.Timeout"),
    ({"Test": ["CMD", "true"], "StartPeriod": 10}, None,
     "Healthcheck.StartPeriod"),
    # The image's check, merged field by field as dockerd does.
    (None, {"Test": ["CMD", "true"], "Interval": 1000000},
     "Healthcheck.Interval"),
    ({"Interval": 5 * SECOND}, {"Test": ["CMD", "true"],
                                "Interval": 1000000}, None),
    ({"Timeout": 5 * SECOND}, {"Test": ["CMD", "true"],
                               "Interval": 1000000}, "Healthcheck.Interval"),
    ({"Test": ["NONE"]}, {"Test": ["CMD", "true"], "Interval": 1}, None),
    ({"Test": ["CMD", "true"], "Interval": 1}, {"Test": ["NONE"]},
     "Healthcheck.Interval"),
])
def test_health_check_intervals(body, image, refused_field):
    if refused_field:
        with pytest.raises(Refused) as caught:
            healthcheck.check_intervals(body, image, 1.0)
        assert caught.value.field == refused_field
    else:
        healthcheck.check_intervals(body, image, 1.0)


@pytest.mark.parametrize("check, field", [
    ({"Test": ["CMD", "true"], "Interval": 1000}, "Healthcheck.Interval"),
    ({"Test": "true"}, "Healthcheck.Test"),
    ({"Test": ["CMD", "true"], "Retries": -1}, "Healthcheck.Retries"),
    ({"Test": ["CMD", "true"], "StartInterval": 1},
     "Healthcheck.StartInterval"),
])
def test_health_checks_in_the_create_body(check, field):
    with pytest.raises(Refused) as caught:
        create(Healthcheck=check)
    assert caught.value.field == field


CURRENT = {"Memory": 64 * MIB, "MemorySwap": 128 * MIB, "NanoCpus": 0,
           "CpuQuota": 100000, "CpuPeriod": 100000, "PidsLimit": 512}


@pytest.mark.parametrize("update, field", [
    ({"MemorySwap": 2 * 1024 ** 3 + 1}, "MemorySwap"),   # beyond create's
    ({"MemorySwap": -1}, "MemorySwap"),
    ({"MemorySwap": 32 * MIB}, "MemorySwap"),            # below Memory
    ({"Memory": 512 * MIB}, "MemorySwap"),               # above its swap
    ({"MemoryReservation": 2 * 1024 ** 3}, "MemoryReservation"),
    ({"CpuPeriod": 1000}, "CpuQuota"),                   # 100 CPUs
    ({"CpuQuota": 300000}, "CpuQuota"),
    ({"NanoCpus": 3 * SECOND}, "NanoCpus"),
    ({"PidsLimit": 513}, "PidsLimit"),
    ({"PidsLimit": -1}, "PidsLimit"),
    ({"KernelMemory": 1}, "KernelMemory"),
    ({"CgroupParent": "/"}, "CgroupParent"),
    ({"Devices": [{"PathOnHost": "/dev/sda"}]}, "Devices"),
    ({"OomKillDisable": True}, "OomKillDisable"),
    ({"Privileged": True}, "Privileged"),
])
def test_update_is_held_to_the_create_caps(update, field):
    with pytest.raises(Refused) as caught:
        update_body.check_update(json.dumps(update).encode(), LIMITS, CURRENT)
    assert caught.value.field == field


@pytest.mark.parametrize("update", [
    {"MemorySwap": 2 * 1024 ** 3},
    {"Memory": 128 * MIB, "MemorySwap": 256 * MIB},
    {"CpuPeriod": 50000, "CpuQuota": 100000},
    {"CpuShares": 512, "Memory": 0 + 32 * MIB},
])
def test_update_within_the_caps_passes(update):
    body = update_body.check_update(json.dumps(update).encode(), LIMITS,
                                    CURRENT)
    assert body == update


def test_the_docker_cli_update_body_passes_with_its_zeros_dropped():
    # What `docker update --memory 128m` sends (docker CLI 20.10), abridged.
    cli = {"BlkioWeight": 0, "BlkioWeightDevice": None, "CgroupParent": "",
           "CpuPeriod": 0, "CpuQuota": 0, "CpuShares": 0, "CpusetCpus": "",
           "Devices": None, "DeviceCgroupRules": None, "DeviceRequests": None,
           "KernelMemory": 0, "Memory": 128 * MIB, "MemoryReservation": 0,
           "MemorySwap": 0, "NanoCpus": 0, "OomKillDisable": None,
           "PidsLimit": None, "Ulimits": None, "RestartPolicy": {
               "Name": "", "MaximumRetryCount": 0}}
    body = update_body.check_update(json.dumps(cli).encode(), LIMITS,
                                    dict(CURRENT, MemorySwap=0))
    assert body == {"Memory": 128 * MIB, "RestartPolicy": {
        "Name": "", "MaximumRetryCount": 0}}


OPTION_PARTS = st.sampled_from(
    ["rw", "ro", "noexec", "nosuid", "mode=1777", "uid=0", "size=1m",
     "size=64m", "size=65m", "size=1g", "size=50%", "size=0", "nr_blocks=9",
     "nr_inodes=9", "huge=always", "size=", "=", "", " ", "size=1m ",
     "SIZE=1g", "size=16MiB", "mode=07;77"])


@hypothesis.given(st.lists(OPTION_PARTS, max_size=8).map(",".join))
@hypothesis.settings(deadline=None)
def test_a_tmpfs_options_string_is_accepted_only_rebuilt_within_the_cap(
        text):
    """Whatever the string, what reaches dockerd has exactly one size, in
    bytes, within the cap, and only options from the allow-list."""
    try:
        written = tmpfs.options(text, LIMITS)
    except Refused as refusal:
        assert refusal.field == "HostConfig.Tmpfs"
        return
    parts = written.split(",")
    sizes = [p for p in parts if p.startswith("size=")]
    assert len(sizes) == 1 and parts[-1] == sizes[0]
    assert 0 < int(sizes[0][len("size="):]) <= LIMITS.max_tmpfs
    for part in parts[:-1]:
        name = part.split("=", 1)[0]
        assert name in tmpfs.FLAGS or name in tmpfs.VALUED


@pytest.mark.parametrize("setting", [{"header_timeout": 0},
                                     {"header_timeout": -1},
                                     {"min_health_interval": -1}])
def test_a_setting_that_would_switch_a_bound_off_is_refused(setting):
    from docker_dashboard.proxy.config import ProxyConfig
    with pytest.raises(ValueError):
        ProxyConfig(**setting)
