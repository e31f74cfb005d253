"""The Snapshots panel: its tables, the modal forms, and task progress."""
from django import http
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from horizon import exceptions
from horizon import forms
from horizon import tables

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import glance_images
from docker_dashboard.api import snapshots
from docker_dashboard.panels import image_fields
from docker_dashboard.panels.snapshots import forms as snapshot_forms
from docker_dashboard.panels.snapshots import tables as snapshot_tables

INDEX = reverse_lazy(snapshot_forms.INDEX)
TEMPLATES = "docker_dashboard/snapshots/"


class IndexView(tables.MultiTableView):
    table_classes = (snapshot_tables.SnapshotsTable,
                     snapshot_tables.GlanceImagesTable)
    template_name = TEMPLATES + "index.html"
    page_title = _("Snapshots")

    def get_snapshots_data(self):
        try:
            return snapshots.snapshot_list(self.request)
        except Exception as exc:
            exceptions.handle(self.request, _("Unable to list snapshots: %s")
                              % getattr(exc, "message", exc))
            return []

    def get_glance_images_data(self):
        try:
            return glance_images.docker_image_list(self.request)
        except Exception:
            exceptions.handle(self.request,
                              _("Unable to list the Glance images."))
            return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task_ids"] = self.request.session.get("docker_tasks", [])
        return context


class _SnapshotModal(forms.ModalFormView):
    """A form about one snapshot. Its template is form.html as a page and
    _form.html in the modal the row menu opens (Horizon's ajax request)."""
    success_url = INDEX
    template_name = TEMPLATES + "form.html"
    help_text = ""

    def snapshot(self):
        if not hasattr(self, "_snapshot"):
            try:
                self._snapshot = snapshots.snapshot_get(
                    self.request, self.kwargs["image_id"])
            except dd_exceptions.NotFound:
                raise http.Http404(self.kwargs["image_id"])
            except Exception as exc:
                exceptions.handle(self.request,
                                  _("Unable to find the snapshot: %s")
                                  % getattr(exc, "message", exc),
                                  redirect=INDEX)
        return self._snapshot

    def get_initial(self):
        snap = self.snapshot()
        return {"image_id": snap.id,
                "container_id": (snap.container or {}).get("id", "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["snapshot"] = self.snapshot()
        context["submit_url"] = self.request.path
        context["help_text"] = self.help_text
        return context


class RollbackView(_SnapshotModal):
    form_class = snapshot_forms.RollbackForm
    # Where the user watches the row roll back and settle.
    success_url = reverse_lazy("horizon:project:docker_containers:index")
    modal_header = page_title = _("Roll Back Container")
    submit_label = _("Roll Back")
    help_text = _("The container is recreated from this snapshot with the "
                  "same name, command, environment, ports, volumes, limits, "
                  "restart policy and labels. The current one is stopped "
                  "gracefully and kept, renamed, until the new one runs; if "
                  "the new one cannot start, the current one is given back "
                  "its name and state. The Containers page follows it.")

    def get_initial(self):
        if not self.snapshot().container:
            # Offered only while the container (or its successor by roll
            # back) exists; a stale link says so instead of failing later.
            raise http.Http404(_("The snapshot's container is gone: launch "
                                 "a new one from the snapshot instead."))
        return super().get_initial()


class LaunchView(_SnapshotModal):
    form_class = snapshot_forms.LaunchForm
    modal_header = page_title = _("Launch Container from Snapshot")
    submit_label = _("Launch")
    help_text = _("A new container from the snapshot alone: it runs the "
                  "command, environment and working folder the snapshot "
                  "keeps, with the limits below. No port is published and "
                  "no volume is shared.")

    def get_initial(self):
        initial = super().get_initial()
        container = self.snapshot().container
        if container:
            # The limits of the container it came from, when it still runs.
            try:
                detail = docker_proxy.container_get(self.request,
                                                    container["id"])
            except Exception:
                detail = None
            if detail is not None and detail.memory_mb and detail.vcpus:
                initial.update(memory_mb=detail.memory_mb,
                               vcpus=detail.vcpus)
        return initial


class ExportView(_SnapshotModal):
    form_class = snapshot_forms.ExportForm
    modal_header = page_title = _("Export to Glance")
    submit_label = _("Export")

    def get_initial(self):
        # Saved by its tag, the archive carries the tag, and a load from
        # Glance gives the image its name back.
        initial = super().get_initial()
        snap = self.snapshot()
        initial["image_id"] = snap.tags[0] if snap.tags else snap.id
        return initial


class CreateSnapshotView(forms.ModalFormView):
    form_class = snapshot_forms.CreateSnapshotForm
    modal_header = page_title = _("Create Snapshot")
    submit_label = _("Create Snapshot")
    template_name = TEMPLATES + "form.html"
    success_url = INDEX

    def get_initial(self):
        container_id = self.kwargs["container_id"]
        # Named after the container when its name is a valid repository.
        try:
            name = docker_proxy.container_get(self.request,
                                              container_id).name.lower()
            image_fields.clean_repository(name)
        except Exception:
            name = "snapshot-%s" % container_id[:12]
        return {"container_id": container_id, "repository": name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_url"] = self.request.path
        return context


class TaskView(generic.View):
    """A transfer's progress as JSON for task_progress.js (GET), or cancel
    it (POST); the proxy answers 404 for another project's task."""

    def get(self, request, task_id):
        try:
            return http.JsonResponse(snapshots.task_get(request, task_id))
        except Exception as exc:
            return http.JsonResponse(
                {"Status": "unknown", "Error": getattr(exc, "message",
                                                       str(exc))},
                status=getattr(exc, "status", None) or 502)

    def post(self, request, task_id):
        try:
            snapshots.task_cancel(request, task_id)
        except Exception as exc:
            exceptions.handle(request, _("Unable to cancel: %s")
                              % getattr(exc, "message", exc))
        return http.HttpResponseRedirect(INDEX)
