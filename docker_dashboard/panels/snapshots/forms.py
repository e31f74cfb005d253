"""The modal forms: create a snapshot, roll back, launch, export. A refusal
is shown inside the modal (panels/form_errors.py)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import messages

from docker_dashboard.api import snapshots
from docker_dashboard.panels import form_errors
from docker_dashboard.panels import image_fields
from docker_dashboard.panels.containers import rolling_back

INDEX = "horizon:project:docker_snapshots:index"
MIB = 1024 * 1024

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
        return image_fields.clean_repository(self.cleaned_data["repository"])

    def clean_tag(self):
        return image_fields.clean_tag(self.cleaned_data["tag"])

    def handle(self, request, data):
        try:
            snapshots.snapshot_create(
                request, data["container_id"], data["repository"],
                data["tag"], comment=data["comment"], pause=data["pause"])
        except Exception as exc:
            return form_errors.refused(
                self, request, _("Unable to create the snapshot: %(reason)s"),
                exc)
        messages.success(request, _("Snapshot %(name)s:%(tag)s created.")
                         % {"name": data["repository"], "tag": data["tag"]})
        return True


class RollbackForm(forms.SelfHandlingForm):
    image_id = forms.CharField(widget=forms.HiddenInput())
    container_id = forms.CharField(widget=forms.HiddenInput())

    def handle(self, request, data):
        # Answers at once: the roll back runs on, its row on the Containers
        # page says "Rolling back" and then shows the outcome.
        try:
            name = rolling_back.begin(request, data["container_id"],
                                      data["image_id"])
        except Exception as exc:
            return form_errors.refused(
                self, request, _("Roll back failed; the container was left "
                                 "as it was: %(reason)s"), exc)
        messages.info(request, _("Rolling back %s: its row shows it until "
                                 "the new container runs.") % name)
        return True


class LaunchForm(forms.SelfHandlingForm):
    """A new container from the snapshot alone, with limits of its own."""
    image_id = forms.CharField(widget=forms.HiddenInput())
    name = forms.RegexField(
        label=_("Container Name"), max_length=128,
        regex=r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$",
        error_messages={"invalid": _("Letters, digits and . _ - only, "
                                     "starting with a letter or digit.")})
    vcpus = forms.FloatField(label=_("CPUs"), min_value=0.01, initial=0.5)
    memory_mb = forms.IntegerField(label=_("Memory (MiB)"), min_value=6,
                                   initial=256)

    def handle(self, request, data):
        try:
            snapshots.launch_from_snapshot(
                request, data["image_id"], data["name"],
                memory=data["memory_mb"] * MIB,
                nano_cpus=int(data["vcpus"] * 1e9))
        except Exception as exc:
            return form_errors.refused(
                self, request, _("Unable to launch: %(reason)s"), exc)
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
            return form_errors.refused(
                self, request, _("Unable to export: %(reason)s"), exc)
        remember_task(request, task)
        messages.info(request, _("Export to Glance started."))
        return True


def index_url():
    return reverse(INDEX)
