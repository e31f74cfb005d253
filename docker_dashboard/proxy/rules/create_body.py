"""The container create body, allow-listed.

Every field dockerd would obey is either known here or refused; the body that
reaches dockerd is rebuilt from the checked, canonically named fields. Fields
that grant host access are accepted only at their zero value (what the docker
CLI and docker-py send when the option is not used).

Decisions worth stating:
- Published ports: host ports below 1024 are refused (a project must not take
  a host service's port), and only the addresses 0.0.0.0, ::, 127.0.0.1, ::1
  or none may be bound.
- Memory and CPU limits are required and capped (DD_MAX_MEMORY, DD_MAX_CPUS);
  tmpfs mounts need a size, capped by DD_MAX_TMPFS; a process limit is always
  set (DD_MAX_PIDS when none or "unlimited" is asked for).
- The project and user labels are set by the proxy; any `org.openstack.`
  label the caller sends is dropped.
- The container joins its project's network unless it shares the network of
  one of its project's own containers.
- The same rules hold for admins: the proxy never hands out the host.
"""
import dataclasses
import re

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules import json_body
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.rules.ownership import mode_target

OPENSTACK_LABEL_PREFIX = "org.openstack."
VOLUME_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
BOUND_ADDRESSES = frozenset(["", "0.0.0.0", "::", "127.0.0.1", "::1"])
LOWEST_HOST_PORT = 1024

TOP_FIELDS = [
    "Hostname", "Domainname", "User", "AttachStdin", "AttachStdout",
    "AttachStderr", "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env",
    "Cmd", "Healthcheck", "ArgsEscaped", "Image", "Volumes", "WorkingDir",
    "Entrypoint", "NetworkDisabled", "MacAddress", "OnBuild", "Labels",
    "StopSignal", "StopTimeout", "Shell", "HostConfig", "NetworkingConfig",
]

# HostConfig fields accepted with any well-formed value, checked below where
# a value matters.
HOST_FIELDS_FREE = [
    "ContainerIDFile", "RestartPolicy", "AutoRemove", "ConsoleSize", "Dns",
    "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "CapDrop",
    "PublishAllPorts", "ReadonlyRootfs", "ShmSize", "CpuShares",
    "CpusetCpus", "CpusetMems", "MemoryReservation", "MemorySwappiness",
    "BlkioWeight", "Init", "OomScoreAdj", "MemorySwap", "Isolation",
]
HOST_FIELDS_CHECKED = [
    "Memory", "NanoCpus", "CpuQuota", "CpuPeriod", "Binds", "Mounts", "Tmpfs",
    "VolumesFrom", "PortBindings", "NetworkMode", "IpcMode", "PidMode",
    "UTSMode", "UsernsMode", "CgroupnsMode", "Cgroup", "LogConfig",
    "PidsLimit", "MaskedPaths", "ReadonlyPaths",
]
# Granting host access: accepted only at their zero value.
HOST_FIELDS_ZERO_ONLY = [
    "Privileged", "Devices", "DeviceRequests", "DeviceCgroupRules", "CapAdd",
    "SecurityOpt", "Sysctls", "Runtime", "CgroupParent", "OomKillDisable",
    "VolumeDriver", "Links", "Ulimits", "StorageOpt", "KernelMemory",
    "KernelMemoryTCP", "CpuRealtimePeriod", "CpuRealtimeRuntime",
    "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps",
    "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "CpuCount", "CpuPercent",
    "IOMaximumIOps", "IOMaximumBandwidth", "Annotations",
]
HOST_FIELDS = HOST_FIELDS_FREE + HOST_FIELDS_CHECKED + HOST_FIELDS_ZERO_ONLY

MOUNT_FIELDS = ["Type", "Source", "Target", "ReadOnly", "Consistency",
                "BindOptions", "VolumeOptions", "TmpfsOptions"]
VOLUME_OPTION_FIELDS = ["NoCopy", "Labels", "DriverConfig", "Subpath"]
TMPFS_OPTION_FIELDS = ["SizeBytes", "Mode"]
ENDPOINT_FIELDS = ["IPAMConfig", "Links", "Aliases", "MacAddress",
                   "DriverOpts", "NetworkID", "EndpointID", "Gateway",
                   "IPAddress", "IPPrefixLen", "IPv6Gateway",
                   "GlobalIPv6Address", "GlobalIPv6PrefixLen", "DNSNames",
                   "GwPriority"]
# Sent by newer docker CLIs, unknown to Engine API 1.41: dropped, not refused.
NEWER_ENDPOINT_FIELDS = ("GwPriority",)
PORT_BINDING_FIELDS = ["HostIp", "HostPort"]
LOG_CONFIG_FIELDS = ["Type", "Config"]


@dataclasses.dataclass(frozen=True)
class Limits:
    max_memory: int = 4 * 1024 ** 3
    max_cpus: float = 2.0
    max_tmpfs: int = 256 * 1024 ** 2
    max_pids: int = 1024


@dataclasses.dataclass
class CreatePlan:
    """What to forward, and the references the route must check for
    ownership before it does: (field, name) pairs."""
    body: dict
    image: str
    containers: list
    volumes: list


def _refuse(field, message):
    raise Refused(403, "%s: %s" % (field, message), field=field)


def _is_zero(value):
    return value in (None, False, 0, "", [], {})


def _int(value, field):
    if isinstance(value, bool) or not isinstance(value, int):
        _refuse(field, "must be an integer")
    return value


def parse_size(text, field):
    """Docker's tmpfs size option (`64m`, `1g`, bytes) in bytes."""
    match = re.fullmatch(r"(\d+)([kmg]?)", text.strip().lower())
    if not match:
        _refuse(field, "size %r is not understood" % text)
    factor = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    return int(match.group(1)) * factor[match.group(2)]


def _check_resources(host, limits):
    memory = _int(host.get("Memory") or 0, "HostConfig.Memory")
    if memory <= 0:
        _refuse("HostConfig.Memory", "a memory limit is required")
    if memory > limits.max_memory:
        _refuse("HostConfig.Memory", "the memory limit may be at most %d "
                "bytes" % limits.max_memory)
    swap = _int(host.get("MemorySwap") or 0, "HostConfig.MemorySwap")
    if swap and not memory <= swap <= 2 * limits.max_memory:
        _refuse("HostConfig.MemorySwap", "must be 0 or between Memory and "
                "%d bytes" % (2 * limits.max_memory))
    nano = _int(host.get("NanoCpus") or 0, "HostConfig.NanoCpus")
    quota = _int(host.get("CpuQuota") or 0, "HostConfig.CpuQuota")
    period = _int(host.get("CpuPeriod") or 0, "HostConfig.CpuPeriod")
    if nano < 0 or quota < 0 or period < 0:
        _refuse("HostConfig.NanoCpus", "CPU limits cannot be negative")
    if quota and not period:
        # Docker's default period is 100 ms.
        period = 100000
    cpus = []
    if nano:
        cpus.append(("HostConfig.NanoCpus", nano / 1e9))
    if quota:
        cpus.append(("HostConfig.CpuQuota", quota / period))
    if not cpus:
        _refuse("HostConfig.NanoCpus", "a CPU limit is required (NanoCpus, "
                "or CpuQuota with CpuPeriod)")
    for field, value in cpus:
        if value > limits.max_cpus:
            _refuse(field, "the CPU limit may be at most %g CPUs"
                    % limits.max_cpus)
    # The docker CLI sends 0 ("no limit") when --pids-limit is not used:
    # an absent or removed limit becomes the configured one.
    pids = _int(host.get("PidsLimit") or 0, "HostConfig.PidsLimit")
    if pids > limits.max_pids:
        _refuse("HostConfig.PidsLimit", "the process limit may be at most %d"
                % limits.max_pids)
    host["PidsLimit"] = pids if pids > 0 else limits.max_pids


def _check_modes(host, plan, network):
    for name in ("IpcMode", "PidMode"):
        value = host.get(name) or ""
        target = mode_target(value)
        if target:
            plan.containers.append(("HostConfig." + name, target))
        elif value not in ("", "private", "none", "shareable") or (
                name == "PidMode" and value not in ("",)):
            _refuse("HostConfig." + name, "mode %r is not allowed" % value)
    for name, allowed in (("UTSMode", ("",)), ("UsernsMode", ("",)),
                          ("CgroupnsMode", ("", "private")),
                          ("Cgroup", ("",)), ("Isolation", ("", "default"))):
        value = host.get(name) or ""
        if value not in allowed:
            _refuse("HostConfig." + name, "mode %r is not allowed" % value)
    mode = host.get("NetworkMode") or ""
    target = mode_target(mode)
    if target:
        plan.containers.append(("HostConfig.NetworkMode", target))
    elif mode in ("", "default", "bridge", network):
        host["NetworkMode"] = network
    elif mode != "none":
        _refuse("HostConfig.NetworkMode", "network mode %r is not allowed: "
                "containers join their project's network" % mode)


def _volume_source(source, field, plan):
    if not VOLUME_NAME.match(source):
        _refuse(field, "%r is a host path: only named volumes of your "
                "project can be mounted" % source)
    plan.volumes.append((field, source))


def _check_binds(host, plan):
    binds = host.get("Binds") or []
    if not isinstance(binds, list):
        _refuse("HostConfig.Binds", "must be a list")
    for bind in binds:
        if not isinstance(bind, str):
            _refuse("HostConfig.Binds", "entries must be strings")
        parts = bind.split(":")
        if len(parts) >= 2:
            _volume_source(parts[0], "HostConfig.Binds", plan)


def _check_mounts(host, plan, limits):
    mounts = host.get("Mounts") or []
    if not isinstance(mounts, list):
        _refuse("HostConfig.Mounts", "must be a list")
    checked = []
    for index, raw in enumerate(mounts):
        path = "HostConfig.Mounts[%d]" % index
        mount = json_body.fold_struct(raw, MOUNT_FIELDS, path)
        kind = mount.get("Type")
        if not _is_zero(mount.get("BindOptions")):
            _refuse(path + ".BindOptions", "bind mounts are not allowed")
        if kind == "volume":
            options = json_body.fold_struct(
                mount.get("VolumeOptions") or {}, VOLUME_OPTION_FIELDS,
                path + ".VolumeOptions")
            if not _is_zero(options.get("DriverConfig")):
                _refuse(path + ".VolumeOptions.DriverConfig",
                        "volume drivers and their options are not allowed")
            if mount.get("Source"):
                _volume_source(mount["Source"], path + ".Source", plan)
            if options:
                mount["VolumeOptions"] = options
        elif kind == "tmpfs":
            if mount.get("Source"):
                _refuse(path + ".Source", "a tmpfs mount has no source")
            options = json_body.fold_struct(
                mount.get("TmpfsOptions") or {}, TMPFS_OPTION_FIELDS,
                path + ".TmpfsOptions")
            size = _int(options.get("SizeBytes") or 0,
                        path + ".TmpfsOptions.SizeBytes")
            if not 0 < size <= limits.max_tmpfs:
                _refuse(path + ".TmpfsOptions.SizeBytes", "a tmpfs needs a "
                        "size of at most %d bytes" % limits.max_tmpfs)
            mount["TmpfsOptions"] = options
        else:
            _refuse(path + ".Type", "mounts of type %r are not allowed: "
                    "use a named volume or a tmpfs" % kind)
        checked.append(mount)
    if mounts:
        host["Mounts"] = checked


def _check_tmpfs(host, limits):
    tmpfs = json_body.check_map(host.get("Tmpfs"), "HostConfig.Tmpfs")
    for target, options in tmpfs.items():
        sizes = [o.split("=", 1)[1] for o in str(options).split(",")
                 if o.strip().startswith("size=")]
        if not sizes or not 0 < parse_size(sizes[-1], "HostConfig.Tmpfs") \
                <= limits.max_tmpfs:
            _refuse("HostConfig.Tmpfs", "tmpfs %s needs size=… of at most %d "
                    "bytes" % (target, limits.max_tmpfs))


def _host_ports(text):
    if text in (None, ""):
        return []
    first, _, last = str(text).partition("-")
    try:
        return [int(first), int(last or first)]
    except ValueError:
        _refuse("HostConfig.PortBindings", "host port %r is not a number"
                % text)


def _check_ports(host):
    bindings = json_body.check_map(host.get("PortBindings"),
                                   "HostConfig.PortBindings")
    checked = {}
    for port, entries in bindings.items():
        out = []
        for entry in entries or []:
            entry = json_body.fold_struct(entry, PORT_BINDING_FIELDS,
                                          "HostConfig.PortBindings")
            if (entry.get("HostIp") or "") not in BOUND_ADDRESSES:
                _refuse("HostConfig.PortBindings", "ports can be published "
                        "on all addresses or on loopback only")
            if any(p < LOWEST_HOST_PORT for p in
                   _host_ports(entry.get("HostPort"))):
                _refuse("HostConfig.PortBindings", "host ports below %d are "
                        "reserved for the host" % LOWEST_HOST_PORT)
            out.append(entry)
        checked[port] = out
    if bindings:
        host["PortBindings"] = checked


def _check_volumes_from(host, plan):
    for entry in host.get("VolumesFrom") or []:
        if not isinstance(entry, str) or not entry:
            _refuse("HostConfig.VolumesFrom", "entries must be container "
                    "names")
        plan.containers.append(("HostConfig.VolumesFrom",
                                entry.split(":", 1)[0]))


def _check_log_config(host):
    config = json_body.fold_struct(host.get("LogConfig") or {},
                                   LOG_CONFIG_FIELDS, "HostConfig.LogConfig")
    if not _is_zero(config.get("Type")) or not _is_zero(config.get("Config")):
        _refuse("HostConfig.LogConfig", "the logging driver cannot be "
                "changed")
    host.pop("LogConfig", None)


def _check_host_config(raw, plan, limits, network):
    host = json_body.fold_struct(raw or {}, HOST_FIELDS, "HostConfig")
    for name in HOST_FIELDS_ZERO_ONLY:
        if not _is_zero(host.get(name)):
            _refuse("HostConfig." + name, "this option is not allowed")
    for name in ("MaskedPaths", "ReadonlyPaths"):
        # An empty list is not the default here: it unmasks /proc paths.
        if host.get(name) is not None:
            _refuse("HostConfig." + name, "this option is not allowed")
    oom = host.get("OomScoreAdj") or 0
    if _int(oom, "HostConfig.OomScoreAdj") < 0:
        _refuse("HostConfig.OomScoreAdj", "cannot be negative")
    _check_resources(host, limits)
    _check_modes(host, plan, network)
    _check_binds(host, plan)
    _check_mounts(host, plan, limits)
    _check_tmpfs(host, limits)
    _check_ports(host)
    _check_volumes_from(host, plan)
    _check_log_config(host)
    return host


def _check_networking(raw, host, network):
    # Without a network of its own (none, or another container's), no
    # endpoint is joined: whatever the caller asked is dropped.
    if raw is None or host.get("NetworkMode") == "none" or mode_target(
            host.get("NetworkMode")):
        return None
    config = json_body.fold_struct(raw, ["EndpointsConfig"],
                                   "NetworkingConfig")
    endpoints = json_body.check_map(config.get("EndpointsConfig"),
                                    "NetworkingConfig.EndpointsConfig")
    out = {}
    for name, settings in endpoints.items():
        if name not in ("default", "bridge", network):
            _refuse("NetworkingConfig.EndpointsConfig", "network %r is not "
                    "allowed: containers join their project's network" % name)
        settings = json_body.fold_struct(
            settings or {}, ENDPOINT_FIELDS,
            "NetworkingConfig.EndpointsConfig.%s" % name)
        for field in ("Links", "DriverOpts", "NetworkID", "EndpointID"):
            if not _is_zero(settings.get(field)):
                _refuse("NetworkingConfig.EndpointsConfig.%s.%s"
                        % (name, field), "this option is not allowed")
        for field in NEWER_ENDPOINT_FIELDS:
            settings.pop(field, None)
        out[network] = settings
    return {"EndpointsConfig": out}


def _labels(raw, caller):
    labels = json_body.check_map(raw, "Labels")
    for key, value in labels.items():
        if not isinstance(value, str):
            _refuse("Labels", "label %s must be a string" % key)
    kept = {k: v for k, v in labels.items()
            if not k.startswith(OPENSTACK_LABEL_PREFIX)}
    kept.update(caller.owner_labels())
    return kept


def check_create(raw, caller, limits, network):
    """The CreatePlan for a create body (bytes), or Refused."""
    decoded = json_body.parse(raw, "body")
    body = json_body.fold_struct(decoded, TOP_FIELDS, "")
    image = body.get("Image")
    if not isinstance(image, str) or not image:
        _refuse("Image", "an image is required")
    for name in ("ExposedPorts", "Volumes", "Labels"):
        if body.get(name) is not None:
            json_body.check_map(body[name], name)
    plan = CreatePlan(body=body, image=image, containers=[], volumes=[])
    body["HostConfig"] = _check_host_config(body.get("HostConfig"), plan,
                                            limits, network)
    networking = _check_networking(body.get("NetworkingConfig"),
                                   body["HostConfig"], network)
    if networking is None:
        body.pop("NetworkingConfig", None)
    else:
        body["NetworkingConfig"] = networking
    if body.get("NetworkDisabled"):
        body["HostConfig"]["NetworkMode"] = "none"
    body["Labels"] = _labels(body.get("Labels"), caller)
    assert body["Labels"][PROJECT_LABEL] == caller.project_id
    return plan
