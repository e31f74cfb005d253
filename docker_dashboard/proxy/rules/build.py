"""Image builds (`POST /build`) and loads (`POST /images/load`), decided.

A build may only start FROM (or COPY --from) images the project may launch,
runs its RUN steps on the project's network within the container caps, and
cannot fetch a remote context or re-pull a shared base. A load may only bring
tags the project may set.
"""
import json
import re

from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules.create_body import OPENSTACK_LABEL_PREFIX
from docker_dashboard.proxy.rules.errors import Refused

# Query parameters forwarded as sent; the others are set or refused below.
PASSED = ("dockerfile", "t", "extrahosts", "q", "nocache", "cachefrom", "rm",
          "forcerm", "cpushares", "cpusetcpus", "buildargs", "shmsize",
          "target", "platform", "version", "squash")
REFUSED = {
    "remote": "a remote build context is not offered: send the context",
    "outputs": "build outputs are not offered",
}
DEFAULT_PERIOD = 100000


def _refuse(field, message, status=403):
    raise Refused(status, "%s: %s" % (field, message), field=field)


def _int(query, name):
    value = query.get(name, "")
    if value in ("", None):
        return 0
    try:
        return int(value)
    except ValueError:
        _refuse(name, "must be a number", status=400)


def check_build_query(query, limits, network, is_admin=False,
                      project_id=None):
    """The query to forward, as a list of pairs, from the caller's MultiDict
    (or list of pairs).

    The project's label is always added: dockerd's build cache is shared by
    every project, and without it two projects building the same Dockerfile
    would end on the very same image, owned by whichever built first. The
    label makes the last step, and so the result, each project's own."""
    pairs = list(query.items()) if hasattr(query, "items") else list(query)
    single = dict(pairs)
    for name, message in REFUSED.items():
        if single.get(name):
            _refuse(name, message)
    if single.get("pull") not in (None, "", "0", "false", "False") \
            and not is_admin:
        _refuse("pull", "pulling the base image again is not offered: it "
                        "would replace a shared tag")
    mode = single.get("networkmode", "")
    if mode not in ("", "default", "bridge", "none", network):
        _refuse("networkmode", "builds run on the project's network")
    memory = _int(single, "memory")
    if memory < 0 or memory > limits.max_memory:
        _refuse("memory", "at most %d bytes" % limits.max_memory)
    swap = _int(single, "memswap")
    if swap < 0:
        _refuse("memswap", "swap cannot be unlimited")
    period = _int(single, "cpuperiod") or DEFAULT_PERIOD
    quota = _int(single, "cpuquota") or int(limits.max_cpus * period)
    if quota <= 0 or quota / period > limits.max_cpus:
        _refuse("cpuquota", "at most %g CPUs" % limits.max_cpus)
    out = [(k, v) for k, v in pairs if k in PASSED]
    out += [("networkmode", "none" if mode == "none" else network),
            ("memory", str(memory or limits.max_memory)),
            ("cpuperiod", str(period)), ("cpuquota", str(quota))]
    if swap:
        out.append(("memswap", str(swap)))
    labels = single.get("labels")
    kept = {}
    if labels:
        try:
            decoded = json.loads(labels)
        except ValueError:
            _refuse("labels", "must be a JSON object", status=400)
        if not isinstance(decoded, dict):
            _refuse("labels", "must be a JSON object", status=400)
        kept = {k: v for k, v in decoded.items()
                if not k.startswith(OPENSTACK_LABEL_PREFIX)}
    if project_id:
        kept[PROJECT_LABEL] = project_id
    if labels or kept:
        out.append(("labels", json.dumps(kept, sort_keys=True)))
    return out


FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$",
                  re.IGNORECASE)
COPY_FROM = re.compile(r"^\s*(?:COPY|ADD)\s+.*--from=(\S+)", re.IGNORECASE)


def _logical_lines(text):
    """The Dockerfile's instructions, continuation lines joined."""
    line = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not line and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            line += stripped[:-1] + " "
            continue
        line += stripped
        if line:
            yield line
        line = ""
    if line:
        yield line


def base_images(dockerfile_text):
    """The images a Dockerfile reads from (FROM and COPY/ADD --from=), minus
    its own stage names and `scratch`. A reference built from an ARG cannot
    be checked before the build and is refused."""
    stages, images = set(), []
    for line in _logical_lines(dockerfile_text):
        found = FROM.match(line)
        ref = None
        if found:
            ref = found.group(1)
            if found.group(2):
                stages.add(found.group(2).lower())
        else:
            copied = COPY_FROM.match(line)
            if copied:
                ref = copied.group(1)
                if ref.isdigit():
                    continue
        if ref is None:
            continue
        if "$" in ref:
            _refuse("Dockerfile", "an image named by a build argument (%s) "
                    "cannot be checked: name it directly" % ref)
        if ref.lower() in stages or ref.lower() == "scratch":
            continue
        images.append(ref)
    return images


def loaded_tags(manifest_json=None, index_json=None):
    """The tags a `docker save` archive will set when loaded: from the
    legacy manifest.json and from an OCI index.json's annotations."""
    tags = []
    if manifest_json is not None:
        for entry in json.loads(manifest_json) or []:
            tags += entry.get("RepoTags") or []
    if index_json is not None:
        for entry in json.loads(index_json).get("manifests") or []:
            name = (entry.get("annotations") or {}).get(
                "io.containerd.image.name")
            if name:
                tags.append(name)
    return tags
