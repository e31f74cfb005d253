"""Anonymous volumes made the project's.

dockerd makes an unnamed volume for every `Volumes` entry of the body, every
`-v /path` bind without a source, every volume mount without a source and
every VOLUME of the image not otherwise mounted; made by dockerd, it carries
no label, so its project cannot list it and only `docker rm -v` would ever
remove it. The proxy makes each one itself instead, labelled as the
project's and as anonymous, and mounts it by name; `DELETE
/containers/{id}?v=1` through the proxy removes them with the container, as
dockerd does for its own anonymous volumes.
"""
import posixpath
import uuid

from docker_dashboard.proxy.rules import ownership
from docker_dashboard.proxy.rules.errors import refuse

# Set by the proxy only (the caller's org.openstack. labels are dropped).
ANONYMOUS_LABEL = "org.openstack.anonymous-volume"
# What dockerd 23+ marks its own anonymous volumes with: `volume prune`
# there removes them without --all.
DOCKER_ANONYMOUS_LABEL = "com.docker.volume.anonymous"
NAME_PREFIX = "anonymous-"
# Each is a volume the proxy makes before the container: an image declaring
# thousands of VOLUMEs must not make thousands per create.
MAX_PER_CONTAINER = 64


def _clean(path):
    return posixpath.normpath(path) if isinstance(path, str) and path else ""


def _bind_parts(bind):
    return bind.split(":") if isinstance(bind, str) else []


def targets(body, image_volumes, shared_paths=()):
    """The container paths that would get an anonymous volume, in order.

    `body` is a checked create body; `image_volumes` the image's
    `Config.Volumes`; `shared_paths` the paths the containers of
    `VolumesFrom` provide (dockerd mounts those before the image's)."""
    host = body.get("HostConfig") or {}
    mounted = {_clean(p) for p in shared_paths}
    wanted = []
    for bind in host.get("Binds") or []:
        parts = _bind_parts(bind)
        if len(parts) >= 2:
            mounted.add(_clean(parts[1]))
        elif parts:
            wanted.append(parts[0])
    for mount in host.get("Mounts") or []:
        if mount.get("Type") == "volume" and not mount.get("Source"):
            wanted.append(mount.get("Target"))
        else:
            mounted.add(_clean(mount.get("Target")))
    mounted.update(_clean(p) for p in (host.get("Tmpfs") or {}))
    wanted += list(body.get("Volumes") or {})
    wanted += list(image_volumes or {})
    out = []
    for path in wanted:
        path = _clean(path)
        if path and path not in mounted and path not in out:
            out.append(path)
    if len(out) > MAX_PER_CONTAINER:
        refuse("Volumes", "%d anonymous volumes asked (the body's and the "
               "image's): at most %d" % (len(out), MAX_PER_CONTAINER))
    return out


def new_name():
    return NAME_PREFIX + uuid.uuid4().hex


def labels(caller):
    """The labels of an anonymous volume the proxy makes for `caller`."""
    made = dict(caller.owner_labels())
    made[ANONYMOUS_LABEL] = "true"
    made[DOCKER_ANONYMOUS_LABEL] = ""
    return made


def bind(body, made):
    """The body with each anonymous volume mounted by name: `made` maps a
    path from `targets` to the volume made for it. Sourceless mounts get
    their volume as source (keeping their options), sourceless binds are
    replaced by mounts, and `Volumes` loses the paths now mounted."""
    host = body.setdefault("HostConfig", {})
    left = dict(made)
    mounts = []
    for mount in host.get("Mounts") or []:
        path = _clean(mount.get("Target"))
        if mount.get("Type") == "volume" and not mount.get("Source"):
            # A second mount at a path already given stays as it is:
            # dockerd refuses the duplicate mount point itself.
            name = left.pop(path, None) or made.get(path)
            if name:
                mount = dict(mount, Source=name)
        mounts.append(mount)
    for path, name in left.items():
        mounts.append({"Type": "volume", "Source": name, "Target": path})
    if mounts:
        host["Mounts"] = mounts
    if host.get("Binds") is not None:
        host["Binds"] = [b for b in host["Binds"]
                         if len(_bind_parts(b)) >= 2]
    if body.get("Volumes") is not None:
        body["Volumes"] = {p: v for p, v in body["Volumes"].items()
                           if _clean(p) not in made}
    return body


def removable(container_labels, volume_labels):
    """Does this volume go with its container on `rm -v`? Only one the
    proxy made anonymous, for the container's own project (a named volume
    stays, as with dockerd)."""
    owner = ownership.project_of(container_labels)
    return (bool(owner) and ownership.project_of(volume_labels) == owner
            and (volume_labels or {}).get(ANONYMOUS_LABEL) == "true")
