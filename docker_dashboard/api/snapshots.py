"""Snapshots (commits of a container), roll back, and Glance transfers.

Functions take `request` first and call the docker proxy with the user's
token through docker_proxy's client; a snapshot is an image the proxy made
from a container, marked with the container it came from
(`org.openstack.snapshot-of`, set by the proxy's commit) and recorded as the
project's own.
"""
import time

from docker_dashboard.api import exceptions
from docker_dashboard.api.docker_proxy import _call
from docker_dashboard.api.docker_proxy import client

SNAPSHOT_LABEL = "org.openstack.snapshot-of"
PROJECT_LABELS = ("org.openstack.project-id", "org.openstack.user-id")
# Container settings a roll back carries over (Config and HostConfig keys).
KEPT_CONFIG = ("Cmd", "Entrypoint", "Env", "Labels", "ExposedPorts",
               "WorkingDir", "User", "Tty", "OpenStdin", "StopSignal",
               "Hostname")
KEPT_HOST_CONFIG = ("Memory", "MemorySwap", "NanoCpus", "CpuShares",
                    "PidsLimit", "PortBindings", "RestartPolicy",
                    "PublishAllPorts", "Tmpfs", "ReadonlyRootfs")


class Snapshot:
    """One row of `GET /images/json` that is a snapshot."""

    def __init__(self, row):
        self.id = row["Id"]
        labels = row.get("Labels") or {}
        self.source_container = labels.get(SNAPSHOT_LABEL, "")
        tags = [t for t in row.get("RepoTags") or [] if t != "<none>:<none>"]
        self.name = tags[0] if tags else self.id[7:19]
        self.tags = tags
        self.size = row.get("Size") or 0
        self.created = row.get("Created") or 0
        self.comment = row.get("Comment", "")

    @property
    def created_at(self):
        return time.strftime("%Y-%m-%d %H:%M:%S",
                             time.gmtime(self.created))


def snapshot_create(request, container_id, repository, tag, comment="",
                    pause=True):
    """Commit the container; the author is the logged-in user."""
    answer = _call(client(request).commit, container_id,
                   repository=repository or None, tag=tag or None,
                   message=comment or None, author=request.user.username,
                   pause=pause)
    return answer["Id"]


def snapshot_list(request, container_id=None):
    """The project's snapshots (of one container when given), newest first.
    The list is one call filtered by Docker on the snapshot label; the proxy
    keeps only the project's images. The comment needs an inspect, which is
    done only for one container's (short) list."""
    label = SNAPSHOT_LABEL + ("=" + container_id if container_id else "")
    rows = _call(client(request).images, filters={"label": [label]})
    snapshots = sorted((Snapshot(r) for r in rows),
                       key=lambda s: s.created, reverse=True)
    if container_id:
        for snap in snapshots:
            detail = _call(client(request).inspect_image, snap.id)
            snap.comment = detail.get("Comment", "")
    return snapshots


def snapshot_delete(request, image_id):
    _call(client(request).remove_image, image_id)


def recreate_body(inspect, image):
    """The create body of a container like `inspect`, from `image`: same
    command, environment, ports, volumes, limits, restart policy and labels
    (the proxy sets the project labels again itself)."""
    config = inspect.get("Config") or {}
    host = inspect.get("HostConfig") or {}
    body = {key: config[key] for key in KEPT_CONFIG if config.get(key)}
    body["Labels"] = {k: v for k, v in (config.get("Labels") or {}).items()
                      if k not in PROJECT_LABELS}
    body["Image"] = image
    host_config = {key: host[key] for key in KEPT_HOST_CONFIG
                   if host.get(key) not in (None, "", {}, [])}
    mounts = [{"Type": "volume", "Source": m["Name"],
               "Target": m["Destination"], "ReadOnly": not m.get("RW", True)}
              for m in inspect.get("Mounts") or []
              if m.get("Type") == "volume" and m.get("Name")]
    if mounts:
        host_config["Mounts"] = mounts
    body["HostConfig"] = host_config
    return body


def _create_raw(request, name, body):
    api = client(request)
    url = api._url("/containers/create")
    return _call(lambda: api._result(
        api._post_json(url, data=body, params={"name": name}), True))["Id"]


def rollback(request, container_id, image_id):
    """Replace the container by one made from `image_id` with the same
    configuration. The old one is renamed and kept until the new one runs;
    if the new one cannot be created or started, the old one gets its name
    and state back and the error is raised."""
    api = client(request)
    old = _call(api.inspect_container, container_id)
    name = old["Name"].lstrip("/")
    was_running = old["State"].get("Running", False)
    body = recreate_body(old, image_id)
    parked = "%s-before-rollback-%d" % (name, int(time.time()))
    _call(api.rename, old["Id"], parked)
    new_id = None
    try:
        if was_running:
            _call(api.stop, old["Id"])  # frees its published ports
        new_id = _create_raw(request, name, body)
        _call(api.start, new_id)
        state = _call(api.inspect_container, new_id)["State"]
        if not state.get("Running") and state.get("ExitCode", 0) != 0:
            raise exceptions.ProxyRefused(
                "The rolled back container exited at once (code %s): %s"
                % (state.get("ExitCode"), state.get("Error") or ""))
    except exceptions.DockerDashboardError:
        _restore(api, old["Id"], new_id, name, was_running)
        raise
    _call(api.remove_container, old["Id"], force=True)
    return new_id


def _restore(api, old_id, new_id, name, was_running):
    if new_id:
        try:
            _call(api.remove_container, new_id, force=True)
        except exceptions.DockerDashboardError:
            pass
    _call(api.rename, old_id, name)
    if was_running:
        _call(api.start, old_id)


def launch_from_snapshot(request, container_id, image_id, name):
    """A new container with the configuration of `container_id` (if it
    still exists) from the snapshot, beside it; published host ports are
    dropped so that it does not fight the original for them."""
    api = client(request)
    old = _call(api.inspect_container, container_id)
    body = recreate_body(old, image_id)
    body["HostConfig"].pop("PortBindings", None)
    new_id = _create_raw(request, name, body)
    _call(api.start, new_id)
    return new_id


# -- Glance transfers through the proxy's own endpoints -----------------

def _proxy_json(request, method, path, body=None):
    # docker-py's client is a requests session with the token header set.
    api = client(request)
    kwargs = {"json": body} if body is not None else {}
    response = _call(getattr(api, method.lower()), api.base_url + path,
                     **kwargs)
    return _call(api._result, response, True)


def glance_export(request, image, glance_name="", visibility="private"):
    body = {"visibility": visibility}
    if glance_name:
        body["glance_name"] = glance_name
    return _proxy_json(request, "POST", "/dd/images/%s/glance-export"
                       % _quote(image), body)


def glance_load(request, glance_image_id):
    return _proxy_json(request, "POST", "/dd/glance/%s/load"
                       % _quote(glance_image_id), {})


def task_get(request, task_id):
    return _proxy_json(request, "GET", "/dd/tasks/%s" % _quote(task_id))


def task_cancel(request, task_id):
    return _proxy_json(request, "DELETE", "/dd/tasks/%s" % _quote(task_id))


def _quote(value):
    from urllib.parse import quote
    return quote(value, safe="")
