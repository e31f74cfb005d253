"""The Snapshots panel's two tables: snapshots, and Glance's docker images."""
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.utils.translation import pgettext_lazy

from horizon import tables

from docker_dashboard.api import glance_images
from docker_dashboard.api import snapshots


def rule(name):
    return (("docker", "docker:%s" % name),)


class ExportToGlance(tables.LinkAction):
    name = "glance_export"
    verbose_name = _("Export to Glance")
    url = "horizon:project:docker_snapshots:export"
    classes = ("ajax-modal",)
    icon = "cloud-upload"
    policy_rules = rule("image:glance_export")


class RollBack(tables.LinkAction):
    name = "rollback"
    verbose_name = _("Roll Back Container")
    url = "horizon:project:docker_snapshots:rollback"
    classes = ("ajax-modal", "btn-danger")
    policy_rules = rule("container:create")

    def allowed(self, request, snapshot=None):
        # Its container, or the one that replaced it by roll back, exists.
        return bool(snapshot and snapshot.container)


class LaunchFromSnapshot(tables.LinkAction):
    """Offered for every snapshot: the launch needs the image alone."""
    name = "launch"
    verbose_name = _("Launch Container")
    url = "horizon:project:docker_snapshots:launch"
    classes = ("ajax-modal",)
    policy_rules = rule("container:create")


class DeleteSnapshot(tables.DeleteAction):
    policy_rules = rule("image:delete")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Snapshot", "Delete Snapshots", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deleted Snapshot", "Deleted Snapshots", count)

    def delete(self, request, obj_id):
        snapshots.snapshot_delete(request, obj_id)


def size(snapshot):
    return filesizeformat(snapshot.size)


def source(snapshot):
    """The container by name: as it is now, else as it was when the
    snapshot was taken (marked gone), else its short id."""
    if snapshot.container:
        return snapshot.container["name"]
    if snapshot.source_name:
        return _("%s (gone)") % snapshot.source_name
    return snapshot.source_container[:12] or "-"


class SnapshotsTable(tables.DataTable):
    name = tables.Column("name", verbose_name=_("Snapshot"))
    source = tables.Column(source, verbose_name=_("Container"))
    created = tables.Column("created_at", verbose_name=_("Created (UTC)"))
    size = tables.Column(size, verbose_name=_("Size"))
    comment = tables.Column("comment", verbose_name=_("Comment"))

    def get_object_id(self, datum):
        return datum.id

    def get_object_display(self, datum):
        return datum.name

    class Meta(object):
        name = "snapshots"
        verbose_name = _("Snapshots")
        hidden_title = False
        no_data_message = _("No snapshots yet: use \"Create Snapshot\" on a "
                            "container.")
        table_actions = (DeleteSnapshot,)
        row_actions = (LaunchFromSnapshot, RollBack, ExportToGlance,
                       DeleteSnapshot)


class LoadFromGlance(tables.BatchAction):
    name = "glance_load"
    policy_rules = rule("image:glance_import")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Load into Docker", "Load into Docker", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Started loading", "Started loading", count)

    def allowed(self, request, image=None):
        # Only an image Glance holds whole can be loaded.
        return image is None or getattr(image, "status", "") == "active"

    def action(self, request, obj_id):
        from docker_dashboard.panels.snapshots.forms import remember_task
        remember_task(request, snapshots.glance_load(request, obj_id))


def glance_size(image):
    return filesizeformat(getattr(image, "size", 0) or 0)


class UpdateGlanceRow(tables.Row):
    """A row in a transitional state (an export uploading into it) is
    refetched by Horizon's ajax row update until it settles."""
    ajax = True

    def get_data(self, request, image_id):
        return glance_images.docker_image_get(request, image_id)


# Glance's image states; None marks the transitional ones, polled.
GLANCE_STATUS_CHOICES = (
    ("active", True),
    ("queued", None),
    ("saving", None),
    ("uploading", None),
    ("importing", None),
    ("killed", False),
    ("deleted", False),
    ("pending_delete", False),
    ("deactivated", False),
)

# ...and as the user reads them.
GLANCE_STATUS_DISPLAY = (
    ("active", pgettext_lazy("Glance image status", "Active")),
    ("queued", pgettext_lazy("Glance image status", "Queued")),
    ("saving", pgettext_lazy("Glance image status", "Saving")),
    ("uploading", pgettext_lazy("Glance image status", "Uploading")),
    ("importing", pgettext_lazy("Glance image status", "Importing")),
    ("killed", pgettext_lazy("Glance image status", "Killed")),
    ("deleted", pgettext_lazy("Glance image status", "Deleted")),
    ("pending_delete", pgettext_lazy("Glance image status",
                                     "Pending Delete")),
    ("deactivated", pgettext_lazy("Glance image status", "Deactivated")),
)
GLANCE_VISIBILITY_DISPLAY = (
    ("public", pgettext_lazy("Glance image visibility", "Public")),
    ("private", pgettext_lazy("Glance image visibility", "Private")),
    ("shared", pgettext_lazy("Glance image visibility", "Shared")),
    ("community", pgettext_lazy("Glance image visibility", "Community")),
)


class GlanceImagesTable(tables.DataTable):
    name = tables.Column("name", verbose_name=_("Glance Image"))
    status = tables.Column("status", verbose_name=_("Status"), status=True,
                           status_choices=GLANCE_STATUS_CHOICES,
                           display_choices=GLANCE_STATUS_DISPLAY)
    size = tables.Column(glance_size, verbose_name=_("Size"))
    visibility = tables.Column("visibility", verbose_name=_("Visibility"),
                               display_choices=GLANCE_VISIBILITY_DISPLAY)
    created = tables.Column("created_at", verbose_name=_("Created"))

    def get_object_id(self, datum):
        return datum.id

    class Meta(object):
        name = "glance_images"
        verbose_name = _("Docker Images in Glance")
        hidden_title = False
        row_class = UpdateGlanceRow
        status_columns = ["status"]
        no_data_message = _("No docker images in Glance: export a snapshot.")
        row_actions = (LoadFromGlance,)


def task_url(task_id):
    return reverse("horizon:project:docker_snapshots:task", args=[task_id])
