"""The modal forms: create a snapshot, roll back, launch, export."""
import re

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import forms
from horizon import messages

from docker_dashboard.api import snapshots

INDEX = "horizon:project:docker_snapshots:index"
REPOSITORY = re.compile(r"^[a-z0-9]+([._/-][a-z0-9]+)*$")
TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


# The transfers the Snapshots page shows progress bars for (the latest few).
KEPT_TASKS = 10


def remember_task(request, task):
    kept = request.session.get("docker_tasks", [])[-(KEPT_TASKS - 1):]
    request.session["docker_tasks"] = kept + [task["Id"]]


class CreateSnapshotForm(forms.SelfHandlingForm):
    container_id = forms.CharField(widget=forms.HiddenInput())
    repository = forms.CharField(label=_("Name"), max_length=128)
    tag = forms.CharField(label=_("Tag"), max_length=128, initial="latest")
    comment = forms.CharField(label=_("Comment"), required=False,
                              max_length=255)
    pause = forms.BooleanField(
        label=_("Pause the container while committing"), required=False,
        initial=True, help_text=_("A consistent snapshot of a running "
                                  "container; its processes wait a moment."))

    def clean_repository(self):
        value = self.cleaned_data["repository"].strip().lower()
        if not REPOSITORY.match(value):
            raise forms.ValidationError(
                _("Lower-case letters, digits and . _ / - only."))
        return value

    def clean_tag(self):
        value = self.cleaned_data["tag"].strip()
        if not TAG.match(value):
            raise forms.ValidationError(_("Letters, digits and . _ - only."))
        return value

    def handle(self, request, data):
        try:
            snapshots.snapshot_create(
                request, data["container_id"], data["repository"],
                data["tag"], comment=data["comment"], pause=data["pause"])
        except Exception as exc:
            exceptions.handle(request, _("Unable to create the snapshot: %s")
                              % getattr(exc, "message", exc))
            return False
        messages.success(request, _("Snapshot %(name)s:%(tag)s created.")
                         % {"name": data["repository"], "tag": data["tag"]})
        return True


class RollbackForm(forms.SelfHandlingForm):
    image_id = forms.CharField(widget=forms.HiddenInput())
    container_id = forms.CharField(widget=forms.HiddenInput())

    def handle(self, request, data):
        try:
            snapshots.rollback(request, data["container_id"], data["image_id"])
        except Exception as exc:
            exceptions.handle(request, _("Roll back failed; the container was "
                                         "left as it was: %s")
                              % getattr(exc, "message", exc))
            return False
        messages.success(request, _("The container was rolled back."))
        return True


class LaunchForm(forms.SelfHandlingForm):
    image_id = forms.CharField(widget=forms.HiddenInput())
    container_id = forms.CharField(widget=forms.HiddenInput())
    name = forms.CharField(label=_("Container Name"), max_length=128)

    def handle(self, request, data):
        try:
            snapshots.launch_from_snapshot(request, data["container_id"],
                                           data["image_id"], data["name"])
        except Exception as exc:
            exceptions.handle(request, _("Unable to launch: %s")
                              % getattr(exc, "message", exc))
            return False
        messages.success(request, _("Container %s launched.") % data["name"])
        return True


class ExportForm(forms.SelfHandlingForm):
    image_id = forms.CharField(widget=forms.HiddenInput())
    glance_name = forms.CharField(
        label=_("Glance Image Name"), required=False, max_length=255,
        help_text=_("Empty: the snapshot's repository:tag, as the Nova "
                    "Docker driver named images."))
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=(("private", _("Private")),
                                        ("shared", _("Shared")),
                                        ("community", _("Community"))))

    def handle(self, request, data):
        try:
            task = snapshots.glance_export(request, data["image_id"],
                                           data["glance_name"],
                                           data["visibility"])
        except Exception as exc:
            exceptions.handle(request, _("Unable to export: %s")
                              % getattr(exc, "message", exc))
            return False
        remember_task(request, task)
        messages.info(request, _("Export to Glance started."))
        return True


def index_url():
    return reverse(INDEX)
