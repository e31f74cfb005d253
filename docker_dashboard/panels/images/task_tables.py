"""The Tasks table of the Images panel: the project's exports, loads,
pulls, pushes and builds, with Retry for the failed ones.

Retry asks the proxy to start the same work again from the task's params
(`POST /dd/tasks/{id}/retry`); the proxy runs a retried pull or push in the
background with the user's token, like an export, so every kind is followed
the same way here: its row updates itself until it ends. (The Pull and Push
pages stream per-layer bars to a user who watches; a retry only needs its
outcome, and needs no page kept open.) A build's context is not kept: its
row offers Build Again, the Build page.
"""
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from horizon import tables

from docker_dashboard.api import docker_tasks
from docker_dashboard.api import exceptions as dd_exceptions

POLICY = "docker"
ENDED_BADLY = ("failed", "cancelled")


class RetryTask(tables.BatchAction):
    name = "retry"
    icon = "repeat"
    policy_rules = ((POLICY, "docker:task:retry"),)

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Retry", "Retry", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Started again", "Started again", count)

    def allowed(self, request, task=None):
        return task is None or (task.status in ENDED_BADLY and task.retryable)

    def action(self, request, obj_id):
        try:
            docker_tasks.task_retry(request, obj_id)
        except dd_exceptions.DockerDashboardError as exc:
            # The proxy's reason (the image is gone, the registry refused)
            # is what the user needs; Horizon adds "Unable to".
            messages.error(request, exc.message)
            raise


class CancelTask(tables.BatchAction):
    name = "cancel"
    classes = ("btn-danger",)
    policy_rules = ((POLICY, "docker:task:cancel"),)

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Cancel Task", "Cancel Tasks", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Cancelled Task", "Cancelled Tasks", count)

    def allowed(self, request, task=None):
        # Exports and loads run in the proxy; a pull, push or build ends
        # with the request that streams it.
        return task is None or (task.status == "running"
                                and task.kind.startswith("glance-"))

    def action(self, request, obj_id):
        docker_tasks.task_cancel(request, obj_id)


class BuildAgain(tables.LinkAction):
    name = "build_again"
    verbose_name = _("Build Again")
    url = "horizon:project:docker_images:build"
    icon = "cogs"
    policy_rules = ((POLICY, "docker:image:build"),)

    def allowed(self, request, task=None):
        return bool(task and task.kind == "build"
                    and task.status in ENDED_BADLY)

    def get_link_url(self, datum=None):
        # The Build page itself: it takes no task.
        return reverse(self.url)


class UpdateTaskRow(tables.Row):
    """A running task's row is refetched until it ends."""
    ajax = True

    def get_data(self, request, task_id):
        return docker_tasks.task_get(request, task_id)


STATUS_CHOICES = (
    ("running", None),
    ("succeeded", True),
    ("failed", False),
    ("cancelled", False),
)
STATUS_DISPLAY = (
    ("running", _("Running")),
    ("succeeded", _("Succeeded")),
    ("failed", _("Failed")),
    ("cancelled", _("Cancelled")),
)


def _progress(task):
    return "%d%%" % task.percent


def _error(task):
    if task.kind == "build" and task.status in ENDED_BADLY:
        # Said in the row: there is nothing to retry.
        return _("%s (the build context is not kept: build again)") % (
            task.error or _("Ended"))
    return task.error or "-"


class TasksTable(tables.DataTable):
    kind = tables.Column("kind_name", verbose_name=_("Kind"))
    what = tables.Column("what", verbose_name=_("What"))
    status = tables.Column("status", verbose_name=_("Status"), status=True,
                           status_choices=STATUS_CHOICES,
                           display_choices=STATUS_DISPLAY)
    progress = tables.Column(_progress, verbose_name=_("Progress"))
    error = tables.Column(_error, verbose_name=_("Error"))
    started = tables.Column(
        "started", verbose_name=_("Started (UTC)"),
        filters=(lambda d: d and d.strftime("%Y-%m-%d %H:%M:%S"),))

    def get_object_id(self, datum):
        return datum.id

    def get_object_display(self, datum):
        return "%s %s" % (datum.kind_name, datum.what)

    class Meta(object):
        name = "tasks"
        verbose_name = _("Tasks")
        hidden_title = False
        row_class = UpdateTaskRow
        status_columns = ["status"]
        no_data_message = _("No tasks: pulls, pushes, builds and Glance "
                            "transfers are listed here while they run and "
                            "for a while (an hour by default) after.")
        row_actions = (RetryTask, BuildAgain, CancelTask)
