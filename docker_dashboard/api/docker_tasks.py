"""The project's tasks on the docker proxy: Glance exports and loads,
pulls, pushes and builds, with their progress and outcome (`/dd/tasks`).

The proxy keeps them in its database, so they survive its restarts: a task
it was running when it stopped is shown failed with the reason, and Retry
starts the same work again (for export, load, pull and push).
"""
import datetime

from django.utils.translation import gettext_lazy as _

from openstack_dashboard.api.base import APIDictWrapper

from docker_dashboard.api.docker_proxy import _call
from docker_dashboard.api.docker_proxy import client

KINDS = {
    "glance-export": _("Export to Glance"),
    "glance-load": _("Load from Glance"),
    "pull": _("Pull"),
    "push": _("Push"),
    "build": _("Build"),
    "image-delivery": _("Copy to Docker host"),
}


class Task(APIDictWrapper):
    """One task as the proxy answers it (`Id`, `Kind`, `Status`, ...)."""

    _attrs = ("Id", "Kind", "Status", "Error", "Progress", "Params",
              "Result", "Retryable")

    @property
    def id(self):
        return self._apidict["Id"]

    @property
    def kind(self):
        return self._apidict.get("Kind", "")

    @property
    def kind_name(self):
        return KINDS.get(self.kind, self.kind)

    @property
    def status(self):
        return self._apidict.get("Status", "")

    @property
    def error(self):
        return self._apidict.get("Error") or ""

    @property
    def retryable(self):
        return bool(self._apidict.get("Retryable"))

    @property
    def percent(self):
        return int(round(100 * (self._apidict.get("Progress") or 0)))

    @property
    def started(self):
        value = self._apidict.get("Started")
        return (datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
                if value else None)

    @property
    def what(self):
        """The object of the work, as its user named it."""
        params = self._apidict.get("Params") or {}
        result = self._apidict.get("Result") or {}
        if self.kind == "glance-export":
            target = params.get("glance_name") or result.get("glance_name")
            return "%s → %s" % (params.get("image", ""), target or "Glance")
        if self.kind == "glance-load":
            return result.get("glance_name") or params.get(
                "glance_image_id", "")
        if self.kind == "pull":
            return _reference(params.get("fromImage", ""), params.get("tag"))
        if self.kind == "push":
            return _reference(params.get("name", ""), params.get("tag"))
        if self.kind == "build":
            return ", ".join(params.get("tags") or []) or "-"
        if self.kind == "image-delivery":
            return "%s → %s" % (params.get("image", ""),
                                params.get("host", ""))
        return "-"


def _reference(name, tag):
    return "%s:%s" % (name, tag) if tag else name


def _proxy_json(request, method, pathfmt, *args, body=None):
    # The task routes sit beside the Engine API's version prefix.
    return _call(client(request).proxy_json, method, pathfmt, *args,
                 body=body, versioned=False)


def task_list(request):
    """The project's tasks, newest first."""
    return [Task(row) for row in _proxy_json(request, "GET", "/dd/tasks")]


def task_get(request, task_id):
    return Task(_proxy_json(request, "GET", "/dd/tasks/{0}", task_id))


def task_retry(request, task_id):
    """Starts a failed task's work again; the new task."""
    return Task(_proxy_json(request, "POST", "/dd/tasks/{0}/retry", task_id,
                            body={}))


def task_cancel(request, task_id):
    return Task(_proxy_json(request, "DELETE", "/dd/tasks/{0}", task_id))
