"""The Snapshots panel's two tables: snapshots, and Glance's docker images."""
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from horizon import tables

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
        return bool(snapshot and snapshot.source_container)


class LaunchFromSnapshot(tables.LinkAction):
    name = "launch"
    verbose_name = _("Launch Container")
    url = "horizon:project:docker_snapshots:launch"
    classes = ("ajax-modal",)
    policy_rules = rule("container:create")

    def allowed(self, request, snapshot=None):
        return bool(snapshot and snapshot.source_container)


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

    def action(self, request, obj_id):
        from docker_dashboard.panels.snapshots.forms import remember_task
        remember_task(request, snapshots.glance_load(request, obj_id))


def glance_size(image):
    return filesizeformat(getattr(image, "size", 0) or 0)


class GlanceImagesTable(tables.DataTable):
    name = tables.Column("name", verbose_name=_("Glance Image"))
    status = tables.Column("status", verbose_name=_("Status"))
    size = tables.Column(glance_size, verbose_name=_("Size"))
    visibility = tables.Column("visibility", verbose_name=_("Visibility"))
    created = tables.Column("created_at", verbose_name=_("Created"))

    def get_object_id(self, datum):
        return datum.id

    class Meta(object):
        name = "glance_images"
        verbose_name = _("Docker Images in Glance")
        no_data_message = _("No docker images in Glance: export a snapshot.")
        row_actions = (LoadFromGlance,)


def task_url(task_id):
    return reverse("horizon:project:docker_snapshots:task", args=[task_id])
