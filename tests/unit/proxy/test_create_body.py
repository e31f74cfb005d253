"""The create body allow-list: what passes, what is refused and which field
the refusal names, including bodies that try Go's case-insensitive decoding."""
import json

import pytest

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.caller import USER_LABEL
from docker_dashboard.proxy.rules import create_body
from docker_dashboard.proxy.rules.errors import Refused

CALLER = Caller(user_id="u1", project_id="p1", roles=frozenset(["member"]))
LIMITS = create_body.Limits(max_memory=1024 ** 3, max_cpus=2.0,
                            max_tmpfs=64 * 1024 ** 2, max_pids=512)
NETWORK = "dd-p1"


def body(**host):
    config = {"Memory": 64 * 1024 ** 2, "NanoCpus": 500000000}
    config.update(host)
    return {"Image": "busybox:latest", "Cmd": ["sleep", "1"],
            "HostConfig": config}


def check(value):
    raw = value if isinstance(value, bytes) else json.dumps(value).encode()
    return create_body.check_create(raw, CALLER, LIMITS, NETWORK)


def refused(value):
    with pytest.raises(Refused) as caught:
        check(value)
    return caught.value


def test_a_plain_body_passes_with_labels_network_and_pids_set():
    plan = check(body())
    assert plan.body["Labels"] == {PROJECT_LABEL: "p1", USER_LABEL: "u1"}
    assert plan.body["HostConfig"]["NetworkMode"] == NETWORK
    assert plan.body["HostConfig"]["PidsLimit"] == 512
    assert plan.image == "busybox:latest"


def test_the_docker_cli_body_passes():
    # What `docker run -d --memory 64m --cpus 0.5 busybox sleep 1` sends
    # (docker CLI 28), abridged to the fields with zero values that matter.
    cli = body(Binds=None, LogConfig={"Type": "", "Config": {}},
               NetworkMode="default", PortBindings={}, CapAdd=None,
               Devices=[], DeviceRequests=None, Privileged=False,
               OomKillDisable=False, PidsLimit=0, Ulimits=[],
               MaskedPaths=None, ReadonlyPaths=None, MemorySwappiness=-1,
               BlkioWeightDevice=[], CgroupnsMode="", IpcMode="")
    cli["NetworkingConfig"] = {"EndpointsConfig": {"default": {
        "Aliases": None, "GwPriority": 0, "IPAddress": ""}}}
    plan = check(cli)
    assert plan.body["NetworkingConfig"] == {
        "EndpointsConfig": {NETWORK: {"Aliases": None, "IPAddress": ""}}}


def test_callers_project_labels_are_overwritten():
    value = body()
    value["Labels"] = {PROJECT_LABEL: "victim", USER_LABEL: "x",
                       "org.openstack.public": "true", "app": "web"}
    labels = check(value).body["Labels"]
    assert labels == {PROJECT_LABEL: "p1", USER_LABEL: "u1", "app": "web"}


@pytest.mark.parametrize("host, field", [
    ({"Privileged": True}, "HostConfig.Privileged"),
    ({"NetworkMode": "host"}, "HostConfig.NetworkMode"),
    ({"NetworkMode": "dd-p2"}, "HostConfig.NetworkMode"),
    ({"PidMode": "host"}, "HostConfig.PidMode"),
    ({"IpcMode": "host"}, "HostConfig.IpcMode"),
    ({"UTSMode": "host"}, "HostConfig.UTSMode"),
    ({"UsernsMode": "host"}, "HostConfig.UsernsMode"),
    ({"CgroupnsMode": "host"}, "HostConfig.CgroupnsMode"),
    ({"Binds": ["/:/host"]}, "HostConfig.Binds"),
    ({"Binds": ["/var/run/docker.sock:/s"]}, "HostConfig.Binds"),
    ({"Mounts": [{"Type": "bind", "Source": "/", "Target": "/h"}]},
     "HostConfig.Mounts[0].Type"),
    ({"Mounts": [{"Type": "volume", "Source": "/etc", "Target": "/h"}]},
     "HostConfig.Mounts[0].Source"),
    ({"Mounts": [{"Type": "volume", "Source": "v", "Target": "/h",
                  "VolumeOptions": {"DriverConfig": {"Name": "local",
                   "Options": {"o": "bind", "device": "/"}}}}]},
     "HostConfig.Mounts[0].VolumeOptions.DriverConfig"),
    ({"Mounts": [{"Type": "tmpfs", "Target": "/t",
                  "TmpfsOptions": {"SizeBytes": 10 * 1024 ** 3}}]},
     "HostConfig.Mounts[0].TmpfsOptions.SizeBytes"),
    ({"Tmpfs": {"/t": "size=2g"}}, "HostConfig.Tmpfs"),
    ({"Devices": [{"PathOnHost": "/dev/sda"}]}, "HostConfig.Devices"),
    ({"DeviceRequests": [{"Count": -1}]}, "HostConfig.DeviceRequests"),
    ({"CapAdd": ["SYS_ADMIN"]}, "HostConfig.CapAdd"),
    ({"SecurityOpt": ["seccomp=unconfined"]}, "HostConfig.SecurityOpt"),
    ({"Sysctls": {"net.ipv4.ip_forward": "1"}}, "HostConfig.Sysctls"),
    ({"Runtime": "runc-unsafe"}, "HostConfig.Runtime"),
    ({"CgroupParent": "/"}, "HostConfig.CgroupParent"),
    ({"OomKillDisable": True}, "HostConfig.OomKillDisable"),
    ({"PidsLimit": 100000}, "HostConfig.PidsLimit"),
    ({"LogConfig": {"Type": "none"}}, "HostConfig.LogConfig"),
    ({"LogConfig": {"Type": "", "Config": {"max-size": "1g"}}},
     "HostConfig.LogConfig"),
    ({"MaskedPaths": []}, "HostConfig.MaskedPaths"),
    ({"ReadonlyPaths": []}, "HostConfig.ReadonlyPaths"),
    ({"Ulimits": [{"Name": "nofile", "Soft": 1, "Hard": 1}]},
     "HostConfig.Ulimits"),
    ({"VolumeDriver": "foreign"}, "HostConfig.VolumeDriver"),
    ({"Links": ["other:o"]}, "HostConfig.Links"),
    ({"PortBindings": {"80/tcp": [{"HostPort": "80"}]}},
     "HostConfig.PortBindings"),
    ({"PortBindings": {"80/tcp": [{"HostPort": "1000-1100"}]}},
     "HostConfig.PortBindings"),
    ({"PortBindings": {"80/tcp": [{"HostIp": "10.0.0.5",
                                   "HostPort": "8080"}]}},
     "HostConfig.PortBindings"),
    ({"Memory": 0}, "HostConfig.Memory"),
    ({"Memory": 2 * 1024 ** 3}, "HostConfig.Memory"),
    ({"NanoCpus": 0}, "HostConfig.NanoCpus"),
    ({"NanoCpus": 3000000000}, "HostConfig.NanoCpus"),
    ({"NanoCpus": 0, "CpuQuota": 300000, "CpuPeriod": 100000},
     "HostConfig.CpuQuota"),
    ({"OomScoreAdj": -1000}, "HostConfig.OomScoreAdj"),
    ({"NoSuchOption": 1}, "HostConfig.NoSuchOption"),
])
def test_refused_host_options_name_their_field(host, field):
    refusal = refused(body(**host))
    assert refusal.status == 403
    assert refusal.field == field
    assert field in refusal.message


def test_no_network_at_all_is_allowed():
    value = body(NetworkMode="none")
    value["NetworkingConfig"] = {"EndpointsConfig": {"none": {}}}
    plan = check(value)
    assert plan.body["HostConfig"]["NetworkMode"] == "none"
    assert "NetworkingConfig" not in plan.body


def test_cpu_quota_is_an_accepted_cpu_limit():
    plan = check(body(NanoCpus=0, CpuQuota=50000, CpuPeriod=100000))
    assert plan.body["HostConfig"]["CpuQuota"] == 50000


@pytest.mark.parametrize("host, containers, volumes", [
    ({"NetworkMode": "container:web"}, [("HostConfig.NetworkMode", "web")],
     []),
    ({"IpcMode": "container:web"}, [("HostConfig.IpcMode", "web")], []),
    ({"PidMode": "container:web"}, [("HostConfig.PidMode", "web")], []),
    ({"VolumesFrom": ["web:ro"]}, [("HostConfig.VolumesFrom", "web")], []),
    ({"Binds": ["data:/data:ro"]}, [], [("HostConfig.Binds", "data")]),
    ({"Mounts": [{"Type": "volume", "Source": "data", "Target": "/d"}]},
     [], [("HostConfig.Mounts[0].Source", "data")]),
])
def test_references_to_other_objects_are_left_for_the_ownership_check(
        host, containers, volumes):
    plan = check(body(**host))
    assert plan.containers == containers
    assert plan.volumes == volumes


def test_a_capped_tmpfs_and_own_ports_pass():
    plan = check(body(Tmpfs={"/t": "rw,size=32m"},
                      PortBindings={"80/tcp": [{"HostIp": "127.0.0.1",
                                                "HostPort": "8080"}]},
                      Mounts=[{"Type": "tmpfs", "Target": "/u",
                               "TmpfsOptions": {"SizeBytes": 1024}}]))
    assert plan.body["HostConfig"]["Tmpfs"] == {"/t": "rw,size=33554432"}


@pytest.mark.parametrize("raw, field", [
    # Go would obey the last, lower-case key: refused as a duplicate.
    (b'{"Image": "b", "HostConfig": {"Memory": 67108864, "NanoCpus": 1,'
     b' "Privileged": false, "privileged": true}}',
     "HostConfig.Privileged"),
    (b'{"Image": "b", "HostConfig": {"Memory": 67108864, "NanoCpus": 1},'
     b' "hostconfig": {"Privileged": true}}', "HostConfig"),
    (b'{"Image": "b", "image": "c", "HostConfig": {}}', "Image"),
    (b'{"Image": "b", "Labels": {"a": "1", "a": "2"}, "HostConfig": '
     b'{"Memory": 67108864, "NanoCpus": 1}}', "Labels"),
])
def test_keys_given_twice_in_any_case_are_refused(raw, field):
    refusal = refused(raw)
    assert (refusal.status, refusal.field) == (403, field)


def test_a_lower_case_field_is_read_as_dockerd_reads_it():
    raw = (b'{"image": "b", "hostconfig": {"memory": 67108864, "nanocpus": 1,'
           b' "privileged": true}}')
    assert refused(raw).field == "HostConfig.Privileged"


def test_forwarded_body_uses_canonical_names_only():
    raw = (b'{"image": "b", "hostconfig": {"memory": 67108864,'
           b' "nanocpus": 1}}')
    plan = check(raw)
    assert set(plan.body) == {"Image", "HostConfig", "Labels"}
    assert "Memory" in plan.body["HostConfig"]


@pytest.mark.parametrize("raw, status", [
    (b"", 400),
    (b"not json", 400),
    (b'{"Image": "b", "HostConfig": {"Memory": 1', 400),  # split body
    (b"[]", 400),
    (b'"string"', 400),
    (b'{"HostConfig": {"Memory": 67108864, "NanoCpus": 1}}', 403),
    (b'{"Image": "b", "HostConfig": []}', 403),
    (b'{"Image": "b", "HostConfig": {"Memory": "64m", "NanoCpus": 1}}', 403),
    (b'{"Image": "b", "HostConfig": {"Memory": true, "NanoCpus": 1}}', 403),
    (b'{"Image": "b", "Unknown": 1, "HostConfig": {}}', 403),
])
def test_absent_malformed_and_mistyped_bodies_are_refused(raw, status):
    assert refused(raw).status == status
