"""The Snapshots panel: its tables, the modal forms, and task progress."""
from django import http
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from horizon import exceptions
from horizon import forms
from horizon import tables

from docker_dashboard.api import glance_images
from docker_dashboard.api import snapshots
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
    success_url = INDEX
    template_name = TEMPLATES + "form.html"

    def snapshot(self):
        if not hasattr(self, "_snapshot"):
            found = [s for s in snapshots.snapshot_list(self.request)
                     if s.id == self.kwargs["image_id"]]
            if not found:
                raise http.Http404(self.kwargs["image_id"])
            self._snapshot = found[0]
        return self._snapshot

    def get_initial(self):
        snap = self.snapshot()
        return {"image_id": snap.id, "container_id": snap.source_container}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["snapshot"] = self.snapshot()
        context["submit_url"] = self.request.path
        return context


class RollbackView(_SnapshotModal):
    form_class = snapshot_forms.RollbackForm
    modal_header = page_title = _("Roll Back Container")
    submit_label = _("Roll Back")


class LaunchView(_SnapshotModal):
    form_class = snapshot_forms.LaunchForm
    modal_header = page_title = _("Launch Container from Snapshot")
    submit_label = _("Launch")


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
        return {"container_id": self.kwargs["container_id"],
                "repository": "snapshot-%s" % self.kwargs["container_id"][:12]}

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
