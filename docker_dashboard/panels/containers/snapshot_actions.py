"""The containers table's "Create Snapshot" row action (the form lives in
the Snapshots panel)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import tables


class CreateSnapshot(tables.LinkAction):
    name = "snapshot"
    verbose_name = _("Create Snapshot")
    classes = ("ajax-modal",)
    icon = "camera"
    policy_rules = (("docker", "docker:container:commit"),)

    def get_link_url(self, datum):
        return reverse("horizon:project:docker_snapshots:create",
                       args=[datum.id])

    def allowed(self, request, container=None):
        return container is None or getattr(container, "state", "") in (
            "running", "paused", "exited", "created")
