"""Snapshots (commits of a container), roll back, and Glance transfers.

Functions take `request` first and call the docker proxy with the user's
token through docker_proxy's client; a snapshot is an image the proxy made
from a container, marked with the container it came from
(`org.openstack.snapshot-of`, set by the proxy's commit) and recorded as the
project's own. The plugin adds the container's name as a label of its own
(`io.docker-dashboard.container-name`): a roll back replaces the container
by a new one of the same name, and the snapshots follow the name.
"""
from concurrent import futures
import time

from docker_dashboard.api import exceptions
from docker_dashboard.api.docker_proxy import _call
from docker_dashboard.api.docker_proxy import client
from docker_dashboard.api.docker_proxy import start_or_remove
from docker_dashboard.api.wrappers import Image

SNAPSHOT_LABEL = "org.openstack.snapshot-of"
NAME_LABEL = "io.docker-dashboard.container-name"
OPENSTACK_LABELS = "org.openstack."
# Container settings a roll back carries over (Config and HostConfig keys).
KEPT_CONFIG = ("Cmd", "Entrypoint", "Env", "Labels", "ExposedPorts",
               "WorkingDir", "User", "Tty", "OpenStdin", "StopSignal",
               "Hostname")
KEPT_HOST_CONFIG = ("Memory", "MemorySwap", "NanoCpus", "CpuShares",
                    "PidsLimit", "PortBindings", "RestartPolicy",
                    "PublishAllPorts", "Tmpfs", "ReadonlyRootfs")
# Inspects of the listed snapshots (their comments) run side by side.
INSPECT_WORKERS = 8


def snapshot_create(request, container_id, repository, tag, comment="",
                    pause=True):
    """Commit the container; the author is the logged-in user. The snapshot
    is labelled with the container's name, which a roll back keeps."""
    api = client(request)
    name = _call(api.inspect_container, container_id)["Name"].lstrip("/")
    answer = _call(api.commit, container_id,
                   repository=repository or None, tag=tag or None,
                   message=comment or None, author=request.user.username,
                   pause=pause, changes=["LABEL %s=%s" % (NAME_LABEL, name)])
    return answer["Id"]


def _snapshot_rows(api, *labels):
    """Images carrying any of the labels (Docker ANDs the labels of one
    filter, so one call per label), each once, newest first."""
    found = {}
    for label in labels:
        for row in _call(api.images, filters={"label": [label]}):
            found[row["Id"]] = row
    return sorted((Image(row) for row in found.values()),
                  key=lambda s: s.created.timestamp() if s.created else 0,
                  reverse=True)


def _add_comments(api, images):
    """The list rows carry no Comment: inspect the listed snapshots, in
    parallel."""
    def comment(image):
        try:
            return _call(api.inspect_image, image.id).get("Comment") or ""
        except exceptions.DockerDashboardError:
            return ""
    with futures.ThreadPoolExecutor(INSPECT_WORKERS) as pool:
        for image, text in zip(images, pool.map(comment, images)):
            image._apidict["Comment"] = text
    return images


def _add_containers(api, images):
    """Each snapshot's container as it is now, by one list call: the one it
    was taken of, else the one of the same name (a roll back's)."""
    rows = _call(api.containers, all=True)
    by_id = {row["Id"]: row for row in rows}
    by_name = {n.lstrip("/"): row for row in rows for n in row.get("Names")
               or []}
    for image in images:
        row = by_id.get(image.source_container) or by_name.get(
            image.source_name)
        if row:
            image.container = {"id": row["Id"],
                               "name": (row.get("Names") or ["/"])[0]
                               .lstrip("/")}
    return images


def snapshot_list(request, container_id=None, container_name=None):
    """The project's snapshots, newest first, each with its comment and its
    container as it is now (`.container`, None when it is gone).

    Of one container (`container_id`): the snapshots taken of it and those
    taken of the containers its name had before (a roll back makes a new
    container of the same name). The lists are label-filtered by Docker;
    the proxy keeps only the project's images."""
    api = client(request)
    if container_id:
        if container_name is None:
            container_name = _call(api.inspect_container,
                                   container_id)["Name"].lstrip("/")
        images = _snapshot_rows(api, "%s=%s" % (SNAPSHOT_LABEL, container_id),
                                "%s=%s" % (NAME_LABEL, container_name))
        for image in images:
            image.container = {"id": container_id, "name": container_name}
    else:
        images = _add_containers(api, _snapshot_rows(api, SNAPSHOT_LABEL))
    return _add_comments(api, images)


def snapshot_get(request, image_id):
    """One snapshot with its comment and its container as it is now."""
    api = client(request)
    image = Image(_call(api.inspect_image, image_id))
    if not image.source_container:
        raise exceptions.NotFound("No such snapshot: %s" % image_id,
                                  status=404)
    return _add_containers(api, [image])[0]


def snapshot_delete(request, image_id):
    _call(client(request).remove_image, image_id)


def recreate_body(inspect, image):
    """The create body of a container like `inspect`, from `image`: same
    command, environment, ports, volumes, limits, restart policy and labels
    (the proxy sets the project labels again itself)."""
    config = inspect.get("Config") or {}
    host = inspect.get("HostConfig") or {}
    body = {key: config[key] for key in KEPT_CONFIG if config.get(key)}
    # The org.openstack. labels are the proxy's own (project, host, zone,
    # Placement consumer): it writes them again, and a member's body that
    # named the Docker host would be refused.
    body["Labels"] = {k: v for k, v in (config.get("Labels") or {}).items()
                      if not k.startswith(OPENSTACK_LABELS)}
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
    return _call(client(request).create_from_body, name, body)["Id"]


def _reference(api, image_id):
    """The snapshot's repository:tag when it still names this image (the
    new container's Image then reads as a name), else its id."""
    image = Image(_call(api.inspect_image, image_id))
    return image.tags[0] if image.tags else image.id


def rollback(request, container_id, image_id):
    """Replace the container by one made from `image_id` with the same
    configuration. The old one is renamed and kept until the new one runs;
    if the new one cannot be created or started, the old one gets its name
    and state back and the error is raised."""
    api = client(request)
    old = _call(api.inspect_container, container_id)
    name = old["Name"].lstrip("/")
    was_running = old["State"].get("Running", False)
    body = recreate_body(old, _reference(api, image_id))
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


def launch_from_snapshot(request, image_id, name, memory, nano_cpus):
    """A new container from the snapshot alone: the image carries the
    command, environment, working folder and exposed ports its container
    had (a commit keeps them); the limits are the form's. Nothing of the
    container it was taken of is read: it may be gone (rolled back)."""
    api = client(request)
    body = {"Image": _reference(api, image_id),
            "HostConfig": {"Memory": int(memory),
                           "NanoCpus": int(nano_cpus)}}
    new_id = _create_raw(request, name, body)
    start_or_remove(api, new_id)
    return new_id


# -- Glance transfers through the proxy's own endpoints -----------------

def _proxy_json(request, method, pathfmt, *args, body=None):
    # The Glance routes sit beside the Engine API's version prefix.
    return _call(client(request).proxy_json, method, pathfmt, *args,
                 body=body, versioned=False)


def glance_export(request, image, glance_name="", visibility="private"):
    body = {"visibility": visibility}
    if glance_name:
        body["glance_name"] = glance_name
    return _proxy_json(request, "POST", "/dd/images/{0}/glance-export",
                       image, body=body)


def glance_load(request, glance_image_id):
    return _proxy_json(request, "POST", "/dd/glance/{0}/load",
                       glance_image_id, body={})


def task_get(request, task_id):
    return _proxy_json(request, "GET", "/dd/tasks/{0}", task_id)


def task_cancel(request, task_id):
    return _proxy_json(request, "DELETE", "/dd/tasks/{0}", task_id)
