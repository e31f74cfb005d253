"""Image builds (`POST /build`): the query rebuilt from an allow-list.

Every parameter dockerd 20.10 reads on `/build` is allowed, capped,
rewritten or refused here on purpose; any other is dropped. dockerd reads a
single-valued parameter's first value, so one given twice is refused. What
the build reads (its Dockerfile, its context) is decided in
`rules/dockerfile/` and `rules/build_context.py`.
"""
import ipaddress
import json
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules.errors import refuse

MULTI = ("t", "extrahosts")
BOOLS = ("q", "nocache", "squash", "pull")
# Refused whenever they carry a value.
REFUSED = {
    "remote": "a remote build context is not offered: send the context",
    "outputs": "build outputs are not offered",
    "session": "BuildKit sessions are not offered",
    "buildid": "BuildKit build ids are not offered",
    "cgroupparent": "builds run in the proxy's cgroup",
    "securityopt": "security options are not offered",
    "platform": "choosing a platform is not offered",
}
EMPTY_JSON = ("", "null", "[]", "{}")
CPUSET = re.compile(r"^[0-9]+(?:-[0-9]+)?(?:,[0-9]+(?:-[0-9]+)?)*$")
HOST_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?$")
DEFAULT_PERIOD = 100000
BUILDKIT_REFUSED = ("BuildKit (version=2) is offered to admins only: its "
                    "steps do not run within the project's limits and "
                    "network; build with the classic builder "
                    "(DOCKER_BUILDKIT=0)")


@dataclass
class BuildQuery:
    """What the route forwards (`params`) and what it still resolves."""
    params: list
    dockerfile: str = ""
    tags: list = dataclass_field(default_factory=list)
    cachefrom: list = dataclass_field(default_factory=list)
    buildargs: dict = dataclass_field(default_factory=dict)
    target: str = ""
    buildkit: bool = False


def _true(value):
    """dockerd's BoolValue."""
    return (value or "").strip().lower() not in ("", "0", "no", "false",
                                                 "none")


def _int(single, name):
    value = single.get(name, "")
    if value in ("", None):
        return 0
    if not re.match(r"^-?[0-9]+$", value):
        refuse(name, "must be a number", status=400)
    return int(value)


def _json(single, name, kind):
    raw = single.get(name, "")
    if raw in ("", "null"):
        return kind()
    try:
        value = json.loads(raw)
    except ValueError:
        refuse(name, "must be JSON", status=400)
    if not isinstance(value, kind):
        refuse(name, "must be a JSON %s" % kind.__name__, status=400)
    return value


def _single(pairs):
    single = {}
    for name, value in pairs:
        if name in MULTI:
            continue
        if name in single:
            refuse(name, "given twice: dockerd would read only the first",
                   status=400)
        single[name] = value
    return single


def _extra_hosts(values):
    for value in values:
        host, _, address = value.partition(":")
        try:
            ipaddress.ip_address(address.strip("[]"))
        except ValueError:
            refuse("extrahosts", "%s: write host:address with an IP "
                   "address" % value, status=400)
        if not HOST_NAME.match(host):
            refuse("extrahosts", "%s: not a host name" % value, status=400)
    return values


def _resources(single, limits):
    memory = _int(single, "memory")
    if memory < 0 or memory > limits.max_memory:
        refuse("memory", "at most %d bytes" % limits.max_memory)
    swap = _int(single, "memswap")
    if swap < 0:
        refuse("memswap", "swap cannot be unlimited")
    if swap and not (memory or limits.max_memory) <= swap \
            <= 2 * limits.max_memory:
        refuse("memswap", "must be between memory and %d bytes"
               % (2 * limits.max_memory))
    period = _int(single, "cpuperiod") or DEFAULT_PERIOD
    quota = _int(single, "cpuquota") or int(limits.max_cpus * period)
    if period <= 0 or quota <= 0 or quota / period > limits.max_cpus:
        refuse("cpuquota", "at most %g CPUs" % limits.max_cpus)
    shares = _int(single, "cpushares")
    if shares < 0:
        refuse("cpushares", "cannot be negative")
    shm = _int(single, "shmsize")
    if shm < 0 or shm > limits.max_tmpfs:
        refuse("shmsize", "/dev/shm may be at most %d bytes (DD_MAX_TMPFS)"
               % limits.max_tmpfs)
    out = [("memory", str(memory or limits.max_memory)),
           ("cpuperiod", str(period)), ("cpuquota", str(quota))]
    if swap:
        out.append(("memswap", str(swap)))
    if shares:
        out.append(("cpushares", str(shares)))
    if shm:
        out.append(("shmsize", str(shm)))
    for name in ("cpusetcpus", "cpusetmems"):
        value = single.get(name, "")
        if value:
            if not CPUSET.match(value):
                refuse(name, "must be a list of CPUs like 0-1,3",
                       status=400)
            out.append((name, value))
    return out


def _labels(single, project_id):
    labels = _json(single, "labels", dict)
    kept = {}
    for key, value in labels.items():
        if not isinstance(value, str):
            refuse("labels", "label values are strings", status=400)
        if not key.lower().startswith("org.openstack."):
            kept[key] = value
    if project_id:
        kept[PROJECT_LABEL] = project_id
    return kept


def _buildargs(single):
    args = _json(single, "buildargs", dict)
    for key, value in args.items():
        if value is not None and not isinstance(value, str):
            refuse("buildargs", "values are strings", status=400)
    return args


def check_build_query(query, limits, network, is_admin=False,
                      project_id=None):
    """A BuildQuery from the caller's MultiDict (or list of pairs)."""
    pairs = list(query.items()) if hasattr(query, "items") else list(query)
    single = _single(pairs)
    for name, message in REFUSED.items():
        if single.get(name, "") not in EMPTY_JSON:
            refuse(name, message)
    version = single.get("version", "") or "1"
    if version not in ("1", "2"):
        refuse("version", "invalid version %r" % version, status=400)
    if version == "2" and not is_admin:
        refuse("version", BUILDKIT_REFUSED)
    if _true(single.get("pull")) and not is_admin:
        refuse("pull", "pulling the base image again is not offered: it "
                       "would replace a shared tag")
    if single.get("isolation", "") not in ("", "default"):
        refuse("isolation", "only the default isolation is offered")
    if single.get("ulimits", "") not in EMPTY_JSON:
        refuse("ulimits", "builds run with the daemon's limits")
    mode = single.get("networkmode", "")
    if mode not in ("", "default", "bridge", "none", network) \
            and not (is_admin and version == "2" and mode == "host"):
        refuse("networkmode", "builds run on the project's network")
    params = [(k, v) for k, v in pairs if k == "t"]
    params += [("extrahosts", v) for v in _extra_hosts(
        [v for k, v in pairs if k == "extrahosts"])]
    for name in BOOLS:
        if name in single:
            params.append((name, "1" if _true(single[name]) else "0"))
    # Intermediate containers are always removed, even when a step fails:
    # they carry no project label, so no project could see or remove them.
    params += [("rm", "1"), ("forcerm", "1")]
    if version == "2":
        # BuildKit (admins only) knows no user-defined network.
        params.append(("networkmode", mode or "default"))
    else:
        params.append(("networkmode", "none" if mode == "none" else network))
    params += _resources(single, limits)
    params.append(("version", version))
    if single.get("labels", "") not in EMPTY_JSON:
        # The caller's labels, applied by dockerd as a last step. The
        # project's label is the canonical Dockerfile's (every stage opens
        # with it), so a build without labels of its own costs no step.
        params.append(("labels", json.dumps(_labels(single, project_id),
                                            sort_keys=True)))
    cachefrom = _json(single, "cachefrom", list)
    if not all(isinstance(ref, str) and ref for ref in cachefrom):
        refuse("cachefrom", "must be a list of image names", status=400)
    return BuildQuery(params=params, dockerfile=single.get("dockerfile", ""),
                      tags=[v for k, v in pairs if k == "t"],
                      cachefrom=cachefrom, buildargs=_buildargs(single),
                      target=single.get("target", ""),
                      buildkit=version == "2")
