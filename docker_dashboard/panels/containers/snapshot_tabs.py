"""The container details' Snapshots tab: this container's snapshots."""
from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import tabs

from docker_dashboard.api import snapshots


class SnapshotsTab(tabs.Tab):
    name = _("Snapshots")
    slug = "snapshots"
    template_name = "docker_dashboard/snapshots/_detail_snapshots.html"
    preload = False
    policy_rules = (("docker", "docker:image:list"),)

    def get_context_data(self, request):
        container = self.tab_group.kwargs["container"]
        try:
            found = snapshots.snapshot_list(request, container.id)
        except Exception:
            exceptions.handle(request, _("Unable to list the snapshots."))
            found = []
        return {"container": container, "snapshots": found}
