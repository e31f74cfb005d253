"""The container create body, allow-listed.

Every field dockerd would obey is either known here or refused; the body that
reaches dockerd is rebuilt from the checked, canonically named fields. Fields
that grant host access are accepted only at their zero value (what the docker
CLI and docker-py send when the option is not used).

Decisions worth stating:
- Published ports: host ports below 1024 are refused (a project must not take
  a host service's port), and only the addresses 0.0.0.0, ::, 127.0.0.1, ::1
  or none may be bound.
- Memory and CPU limits are required and capped (DD_MAX_MEMORY, DD_MAX_CPUS,
  rules/resources.py); /dev/shm and every tmpfs get a size of at most
  DD_MAX_TMPFS, the cap itself when none is asked (rules/tmpfs.py); a
  process limit is always set (DD_MAX_PIDS when none or "unlimited" is
  asked for); health checks run no more often than DD_MIN_HEALTH_INTERVAL
  (rules/healthcheck.py).
- The project and user labels are set by the proxy; any `org.openstack.`
  label the caller sends is dropped.
- The container joins its project's network unless it shares the network of
  one of its project's own containers.
- The same rules hold for admins: the proxy never hands out the host.
"""
import dataclasses
import re

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules import healthcheck
from docker_dashboard.proxy.rules import json_body
from docker_dashboard.proxy.rules import resources
from docker_dashboard.proxy.rules import tmpfs
from docker_dashboard.proxy.rules.errors import refuse
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
    "PublishAllPorts", "ReadonlyRootfs", "CpuShares",
    "CpusetCpus", "CpusetMems", "MemoryReservation", "MemorySwappiness",
    "BlkioWeight", "Init", "OomScoreAdj", "MemorySwap", "Isolation",
]
HOST_FIELDS_CHECKED = [
    "Memory", "NanoCpus", "CpuQuota", "CpuPeriod", "Binds", "Mounts", "Tmpfs",
    "VolumesFrom", "PortBindings", "NetworkMode", "IpcMode", "PidMode",
    "UTSMode", "UsernsMode", "CgroupnsMode", "Cgroup", "LogConfig",
    "PidsLimit", "MaskedPaths", "ReadonlyPaths", "ShmSize",
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
    # Seconds: the shortest health check interval, timeout and start period.
    min_health_interval: float = 1.0


@dataclasses.dataclass
class CreatePlan:
    """What to forward, and the references the route must check for
    ownership before it does: (field, name) pairs."""
    body: dict
    image: str
    containers: list
    volumes: list


def _is_zero(value):
    return value in (None, False, 0, "", [], {})


_int = resources.integer


def _check_resources(host, limits):
    resources.check_limits(host, limits)
    # The docker CLI sends 0 ("no limit") when --pids-limit is not used:
    # an absent or removed limit becomes the configured one.
    pids = host.get("PidsLimit") or 0
    host["PidsLimit"] = pids if pids > 0 else limits.max_pids
    host["ShmSize"] = tmpfs.shm_size(host.get("ShmSize"), limits)


def _check_modes(host, plan, network):
    for name in ("IpcMode", "PidMode"):
        value = host.get(name) or ""
        target = mode_target(value)
        if target:
            plan.containers.append(("HostConfig." + name, target))
        elif value not in ("", "private", "none", "shareable") or (
                name == "PidMode" and value not in ("",)):
            refuse("HostConfig." + name, "mode %r is not allowed" % value)
    for name, allowed in (("UTSMode", ("",)), ("UsernsMode", ("",)),
                          ("CgroupnsMode", ("", "private")),
                          ("Cgroup", ("",)), ("Isolation", ("", "default"))):
        value = host.get(name) or ""
        if value not in allowed:
            refuse("HostConfig." + name, "mode %r is not allowed" % value)
    mode = host.get("NetworkMode") or ""
    target = mode_target(mode)
    if target:
        plan.containers.append(("HostConfig.NetworkMode", target))
    elif mode in ("", "default", "bridge", network):
        host["NetworkMode"] = network
    elif mode != "none":
        refuse("HostConfig.NetworkMode", "network mode %r is not allowed: "
                "containers join their project's network" % mode)


def _volume_source(source, field, plan):
    if not VOLUME_NAME.match(source):
        refuse(field, "%r is a host path: only named volumes of your "
                "project can be mounted" % source)
    plan.volumes.append((field, source))


def _check_binds(host, plan):
    binds = host.get("Binds") or []
    if not isinstance(binds, list):
        refuse("HostConfig.Binds", "must be a list")
    for bind in binds:
        if not isinstance(bind, str):
            refuse("HostConfig.Binds", "entries must be strings")
        parts = bind.split(":")
        if len(parts) >= 2:
            _volume_source(parts[0], "HostConfig.Binds", plan)


def _check_mounts(host, plan, limits):
    mounts = host.get("Mounts") or []
    if not isinstance(mounts, list):
        refuse("HostConfig.Mounts", "must be a list")
    checked = []
    for index, raw in enumerate(mounts):
        path = "HostConfig.Mounts[%d]" % index
        mount = json_body.fold_struct(raw, MOUNT_FIELDS, path)
        kind = mount.get("Type")
        if not _is_zero(mount.get("BindOptions")):
            refuse(path + ".BindOptions", "bind mounts are not allowed")
        if kind == "volume":
            options = json_body.fold_struct(
                mount.get("VolumeOptions") or {}, VOLUME_OPTION_FIELDS,
                path + ".VolumeOptions")
            if not _is_zero(options.get("DriverConfig")):
                refuse(path + ".VolumeOptions.DriverConfig",
                        "volume drivers and their options are not allowed")
            if mount.get("Source"):
                _volume_source(mount["Source"], path + ".Source", plan)
            if options:
                mount["VolumeOptions"] = options
        elif kind == "tmpfs":
            if mount.get("Source"):
                refuse(path + ".Source", "a tmpfs mount has no source")
            options = json_body.fold_struct(
                mount.get("TmpfsOptions") or {}, TMPFS_OPTION_FIELDS,
                path + ".TmpfsOptions")
            field = path + ".TmpfsOptions.SizeBytes"
            options["SizeBytes"] = tmpfs.capped(
                _int(options.get("SizeBytes") or 0, field), limits, field)
            mount["TmpfsOptions"] = options
        else:
            refuse(path + ".Type", "mounts of type %r are not allowed: "
                    "use a named volume or a tmpfs" % kind)
        checked.append(mount)
    if mounts:
        host["Mounts"] = checked


def _check_tmpfs(host, limits):
    given = json_body.check_map(host.get("Tmpfs"), "HostConfig.Tmpfs")
    if given:
        host["Tmpfs"] = {target: tmpfs.options(options, limits)
                         for target, options in given.items()}


def _host_ports(text):
    if text in (None, ""):
        return []
    first, _, last = str(text).partition("-")
    try:
        return [int(first), int(last or first)]
    except ValueError:
        refuse("HostConfig.PortBindings", "host port %r is not a number"
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
                refuse("HostConfig.PortBindings", "ports can be published "
                        "on all addresses or on loopback only")
            if any(p < LOWEST_HOST_PORT for p in
                   _host_ports(entry.get("HostPort"))):
                refuse("HostConfig.PortBindings", "host ports below %d are "
                        "reserved for the host" % LOWEST_HOST_PORT)
            out.append(entry)
        checked[port] = out
    if bindings:
        host["PortBindings"] = checked


def _check_volumes_from(host, plan):
    for entry in host.get("VolumesFrom") or []:
        if not isinstance(entry, str) or not entry:
            refuse("HostConfig.VolumesFrom", "entries must be container "
                    "names")
        plan.containers.append(("HostConfig.VolumesFrom",
                                entry.split(":", 1)[0]))


def _check_log_config(host):
    config = json_body.fold_struct(host.get("LogConfig") or {},
                                   LOG_CONFIG_FIELDS, "HostConfig.LogConfig")
    if not _is_zero(config.get("Type")) or not _is_zero(config.get("Config")):
        refuse("HostConfig.LogConfig", "the logging driver cannot be "
                "changed")
    host.pop("LogConfig", None)


def _check_host_config(raw, plan, limits, network):
    host = json_body.fold_struct(raw or {}, HOST_FIELDS, "HostConfig")
    for name in HOST_FIELDS_ZERO_ONLY:
        if not _is_zero(host.get(name)):
            refuse("HostConfig." + name, "this option is not allowed")
    for name in ("MaskedPaths", "ReadonlyPaths"):
        # An empty list is not the default here: it unmasks /proc paths.
        if host.get(name) is not None:
            refuse("HostConfig." + name, "this option is not allowed")
    oom = host.get("OomScoreAdj") or 0
    if _int(oom, "HostConfig.OomScoreAdj") < 0:
        refuse("HostConfig.OomScoreAdj", "cannot be negative")
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
            refuse("NetworkingConfig.EndpointsConfig", "network %r is not "
                    "allowed: containers join their project's network" % name)
        settings = json_body.fold_struct(
            settings or {}, ENDPOINT_FIELDS,
            "NetworkingConfig.EndpointsConfig.%s" % name)
        for field in ("Links", "DriverOpts", "NetworkID", "EndpointID"):
            if not _is_zero(settings.get(field)):
                refuse("NetworkingConfig.EndpointsConfig.%s.%s"
                        % (name, field), "this option is not allowed")
        for field in NEWER_ENDPOINT_FIELDS:
            settings.pop(field, None)
        out[network] = settings
    return {"EndpointsConfig": out}


def _labels(raw, caller):
    labels = json_body.check_map(raw, "Labels")
    for key, value in labels.items():
        if not isinstance(value, str):
            refuse("Labels", "label %s must be a string" % key)
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
        refuse("Image", "an image is required")
    for name in ("ExposedPorts", "Volumes", "Labels"):
        if body.get(name) is not None:
            json_body.check_map(body[name], name)
    health = healthcheck.given(body.get("Healthcheck"))
    if health is not None:
        body["Healthcheck"] = health
        # The image's check is merged in and judged again by the route.
        healthcheck.check_intervals(health, None, limits.min_health_interval)
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
