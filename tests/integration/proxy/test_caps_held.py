"""Caps held on the real container: /dev/shm and tmpfs sizes as the kernel
mounted them, health checks no more often than the minimum, `docker update`
held to the create caps; each refusal through the running proxy."""
import re

import pytest

from tests.integration.proxy.conftest import IMAGE
from tests.integration.proxy.conftest import LIMITS
from tests.integration.proxy.conftest import call
from tests.integration.proxy.conftest import unique

MIB = 1024 ** 2
# The shared proxy's caps: its defaults (stack/services/proxy.sh sets none).
MAX_TMPFS = 256 * MIB
MAX_MEMORY = 4 * 1024 ** 3


def run_to_end(made, cmd, **fields):
    """Create (as demo), run to its end, and return the output."""
    host = dict(LIMITS, **fields.pop("host", {}))
    body = dict({"Image": IMAGE, "Cmd": cmd, "Tty": True,
                 "HostConfig": host}, **fields)
    resp = call("demo", "POST", "/containers/create",
                params={"name": unique("p11-caps")}, body=body)
    assert resp.status_code == 201, resp.text
    cid = resp.json()["Id"]
    made.append(cid)
    assert call("demo", "POST", "/containers/%s/start" % cid
                ).status_code == 204
    call("demo", "POST", "/containers/%s/wait" % cid)
    return cid, call("demo", "GET", "/containers/%s/logs" % cid,
                     params={"stdout": 1, "stderr": 1}).text


def mounted_kib(output, path):
    """The size in KiB `df -k` shows for the filesystem at `path`."""
    for line in output.splitlines():
        fields = line.split()
        if fields and fields[-1] == path:
            return int(fields[1])
    raise AssertionError("%s not mounted in:\n%s" % (path, output))


def test_shm_and_tmpfs_without_a_size_get_the_cap(made):
    cid, out = run_to_end(made, ["df", "-k", "/dev/shm", "/t", "/u"], host={
        "Tmpfs": {"/t": "rw"},
        "Mounts": [{"Type": "tmpfs", "Target": "/u"}]})
    # /dev/shm keeps dockerd's 64 MiB; the sizeless tmpfs get the cap, not
    # the kernel's half of the host's RAM.
    assert mounted_kib(out, "/dev/shm") == 64 * 1024
    assert mounted_kib(out, "/t") == MAX_TMPFS // 1024
    assert mounted_kib(out, "/u") == MAX_TMPFS // 1024
    host = call("demo", "GET", "/containers/%s/json" % cid).json()[
        "HostConfig"]
    assert host["Tmpfs"] == {"/t": "rw,size=%d" % MAX_TMPFS}


def test_asked_sizes_within_the_cap_are_given(made):
    _, out = run_to_end(made, ["df", "-k", "/dev/shm", "/t"], host={
        "ShmSize": 16 * MIB, "Tmpfs": {"/t": "size=1g,size=8m"}})
    assert mounted_kib(out, "/dev/shm") == 16 * 1024
    # The last size is the one the kernel would obey: the proxy forwards
    # that one alone.
    assert mounted_kib(out, "/t") == 8 * 1024


@pytest.mark.parametrize("host, field", [
    ({"ShmSize": 1024 ** 4}, "HostConfig.ShmSize"),
    ({"ShmSize": MAX_TMPFS + 1}, "HostConfig.ShmSize"),
    ({"Tmpfs": {"/t": "size=50%"}}, "HostConfig.Tmpfs"),
    ({"Tmpfs": {"/t": "nr_blocks=100000000"}}, "HostConfig.Tmpfs"),
    ({"Tmpfs": {"/t": "size=1m,size=1t"}}, "HostConfig.Tmpfs"),
    ({"Mounts": [{"Type": "tmpfs", "Target": "/t",
                  "TmpfsOptions": {"SizeBytes": 1024 ** 4}}]},
     "HostConfig.Mounts[0].TmpfsOptions.SizeBytes"),
])
def test_memory_filesystems_over_the_cap_are_refused(host, field):
    name = unique("p11-refused")
    resp = call("demo", "POST", "/containers/create", params={"name": name},
                body={"Image": IMAGE, "HostConfig": dict(LIMITS, **host)})
    assert resp.status_code == 403, resp.text
    assert resp.json()["field"] == field
    assert call("demo", "GET", "/containers/%s/json" % name
                ).status_code == 404


@pytest.mark.parametrize("check, field", [
    ({"Test": ["CMD", "true"], "Interval": 1000000}, "Healthcheck.Interval"),
    ({"Test": ["CMD", "true"], "Interval": 10 ** 9, "Timeout": 1000},
     "Healthcheck.Timeout"),
    ({"Test": ["CMD", "true"], "StartPeriod": 1000000},
     "Healthcheck.StartPeriod"),
])
def test_health_checks_below_the_minimum_are_refused(check, field):
    name = unique("p11-health")
    resp = call("demo", "POST", "/containers/create", params={"name": name},
                body={"Image": IMAGE, "Healthcheck": check,
                      "HostConfig": dict(LIMITS)})
    assert resp.status_code == 403, resp.text
    assert resp.json()["field"] == field
    assert call("demo", "GET", "/containers/%s/json" % name
                ).status_code == 404


@pytest.fixture(scope="module")
def fast_health_image(shared, daemon):
    """An image of demo's whose HEALTHCHECK runs every millisecond."""
    repo = unique("p11-fasthealth")
    resp = call("demo", "POST", "/commit", params={
        "container": shared["demo"]["Id"], "repo": repo, "tag": "v1",
        "changes": "HEALTHCHECK --interval=1ms CMD true"})
    assert resp.status_code == 201, resp.text
    yield repo + ":v1"
    daemon.remove_image(resp.json()["Id"], force=True)


def test_an_images_fast_health_check_is_refused_unless_overridden(
        fast_health_image, made):
    resp = call("demo", "POST", "/containers/create",
                body={"Image": fast_health_image, "Cmd": ["sleep", "5"],
                      "HostConfig": dict(LIMITS)})
    assert resp.status_code == 403, resp.text
    assert resp.json()["field"] == "Healthcheck.Interval"
    assert "image" in resp.json()["message"]
    resp = call("demo", "POST", "/containers/create",
                body={"Image": fast_health_image, "Cmd": ["sleep", "5"],
                      "Healthcheck": {"Interval": 2 * 10 ** 9},
                      "HostConfig": dict(LIMITS)})
    assert resp.status_code == 201, resp.text
    made.append(resp.json()["Id"])
    health = call("demo", "GET", "/containers/%s/json" % resp.json()["Id"]
                  ).json()["Config"]["Healthcheck"]
    assert health["Interval"] == 2 * 10 ** 9
    assert health["Test"] == ["CMD-SHELL", "true"]


@pytest.fixture()
def running(made):
    resp = call("demo", "POST", "/containers/create",
                params={"name": unique("p11-update")},
                body={"Image": IMAGE, "Cmd": ["sleep", "600"],
                      "HostConfig": dict(LIMITS, CpuQuota=50000,
                                         CpuPeriod=100000, NanoCpus=0)})
    assert resp.status_code == 201, resp.text
    made.append(resp.json()["Id"])
    return resp.json()["Id"]


@pytest.mark.parametrize("update, field", [
    ({"MemorySwap": 2 * MAX_MEMORY + MIB}, "MemorySwap"),
    ({"MemorySwap": -1}, "MemorySwap"),
    ({"MemoryReservation": MAX_MEMORY + MIB}, "MemoryReservation"),
    # The same quota over a hundredth of the period: 50 CPUs.
    ({"CpuPeriod": 1000}, "CpuQuota"),
    ({"PidsLimit": 10 ** 6}, "PidsLimit"),
])
def test_update_beyond_the_create_caps_is_refused(running, update, field):
    before = call("demo", "GET", "/containers/%s/json" % running).json()[
        "HostConfig"]
    resp = call("demo", "POST", "/containers/%s/update" % running,
                body=update)
    assert resp.status_code == 403, resp.text
    assert resp.json()["field"] == field
    after = call("demo", "GET", "/containers/%s/json" % running).json()[
        "HostConfig"]
    for name in update:
        assert after[name] == before[name]


def test_update_within_the_caps_reaches_the_container(running):
    resp = call("demo", "POST", "/containers/%s/update" % running,
                body={"Memory": 128 * MIB, "MemorySwap": 256 * MIB})
    assert resp.status_code == 200, resp.text
    host = call("demo", "GET", "/containers/%s/json" % running).json()[
        "HostConfig"]
    assert (host["Memory"], host["MemorySwap"]) == (128 * MIB, 256 * MIB)


def test_the_refusal_words_name_the_cap():
    resp = call("demo", "POST", "/containers/create",
                body={"Image": IMAGE, "HostConfig": dict(
                    LIMITS, ShmSize=1024 ** 4)})
    assert re.search(r"at most %d bytes" % MAX_TMPFS, resp.json()["message"])


def test_the_docker_cli_update_body_is_accepted(running):
    """`docker update --memory 96m --memory-swap 192m` sends every resource
    field, the unset ones at zero: those leave the limits as they are."""
    body = {"BlkioWeight": 0, "BlkioWeightDevice": None, "CgroupParent": "",
            "CpuPeriod": 0, "CpuQuota": 0, "CpuShares": 0, "CpusetCpus": "",
            "CpusetMems": "", "Devices": None, "DeviceCgroupRules": None,
            "DeviceRequests": None, "KernelMemory": 0, "KernelMemoryTCP": 0,
            "Memory": 96 * MIB, "MemoryReservation": 0,
            "MemorySwap": 192 * MIB, "NanoCpus": 0, "OomKillDisable": None,
            "PidsLimit": None, "Ulimits": None, "CpuCount": 0,
            "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
            "RestartPolicy": {"Name": "", "MaximumRetryCount": 0}}
    resp = call("demo", "POST", "/containers/%s/update" % running, body=body)
    assert resp.status_code == 200, resp.text
    host = call("demo", "GET", "/containers/%s/json" % running).json()[
        "HostConfig"]
    assert (host["Memory"], host["MemorySwap"], host["CpuQuota"]) == (
        96 * MIB, 192 * MIB, 50000)
