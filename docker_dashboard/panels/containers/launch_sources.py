"""Where a launched container's image comes from, and launches that wait
for their image.

An image already in Docker is launched at once. A docker image from Glance
is first loaded through the proxy (`/dd/glance/{id}/load`, a task whose
progress the page polls) and a registry reference is first pulled (its
progress streamed): the workflow keeps the launch in the session as a
"pending launch", the pending page shows the progress, and when the image
is there the page asks for the container to be created.
"""
import dataclasses
import logging
import uuid

from django.utils.translation import gettext_lazy as _
from openstack_dashboard.api import base

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions
from docker_dashboard.api import glance_images
from docker_dashboard.api import snapshots
from docker_dashboard.panels.containers import launch_spec

LOG = logging.getLogger(__name__)

DOCKER = "image"
GLANCE = "glance"
REGISTRY = "registry"
SOURCE_CHOICES = ((DOCKER, _("Docker image")),
                  (GLANCE, _("Docker image in Glance")),
                  (REGISTRY, _("Image in a registry")))
# The Details field each source is chosen with.
FIELD_OF_SOURCE = {DOCKER: "image", GLANCE: "glance_image",
                   REGISTRY: "registry_ref"}
MISSING = {DOCKER: _("Choose an image."),
           GLANCE: _("Choose a Glance image."),
           REGISTRY: _("Write a reference such as 127.0.0.1:5005/app:1.0")}

SESSION_KEY = "docker_pending_launches"
# A few pending launches at most; an abandoned one is dropped by newer ones.
KEPT_PENDING = 5


def glance_choices(request):
    """(id, label) of the project's active docker-format Glance images; none
    when the cloud has no image service or Glance cannot be read (the other
    sources still work, so this is not worth failing the form for)."""
    if not base.is_service_enabled(request, "image"):
        return []
    try:
        images = glance_images.docker_image_list(request)
    except Exception as exc:
        LOG.warning("Listing docker images in Glance failed: %s",
                    exc.__class__.__name__)
        return []
    return [(i.id, i.name or i.id) for i in images
            if getattr(i, "status", "active") == "active"]


def _pending(request):
    return request.session.get(SESSION_KEY, {})


def start(request, source, chosen, spec, start_after):
    """Begins fetching the image (a Glance load starts now, so that its
    refusals reach the form) and keeps the launch; returns its key."""
    entry = {"source": source, "spec": dataclasses.asdict(spec),
             "start": bool(start_after)}
    if source == GLANCE:
        entry["task"] = snapshots.glance_load(request, chosen)["Id"]
    else:
        entry["reference"] = chosen
    key = uuid.uuid4().hex
    kept = list(_pending(request).items())[-(KEPT_PENDING - 1):]
    request.session[SESSION_KEY] = dict(kept + [(key, entry)])
    return key


def get(request, key):
    return _pending(request).get(key)


def forget(request, key):
    pending = dict(_pending(request))
    pending.pop(key, None)
    request.session[SESSION_KEY] = pending


def ready_image(request, entry):
    """The image the container is made from, once it is in Docker; raises
    ProxyRefused with the reason when it is not."""
    if entry["source"] != GLANCE:
        return entry["reference"]
    task = snapshots.task_get(request, entry["task"])
    if task.get("Status") != "succeeded":
        raise exceptions.ProxyRefused(
            task.get("Error") or str(_("The image is not loaded yet (%s).")
                                     % task.get("Status")))
    result = task.get("Result") or {}
    found = (result.get("tags") or []) + (result.get("image_ids") or [])
    if not found:
        raise exceptions.ProxyRefused(
            str(_("The Glance image held no image.")))
    return found[0]


def finish(request, entry):
    """Creates (and starts) the container from the fetched image."""
    fields = dict(entry["spec"], image=ready_image(request, entry))
    spec = launch_spec.LaunchSpec(**fields)
    return docker_proxy.container_create(request, spec, start=entry["start"])
