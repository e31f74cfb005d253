from django.template.defaultfilters import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from horizon import tables

# Docker's container states; None marks the ones that are still changing,
# so Horizon keeps refreshing those rows (issue: containers panel).
STATUS_CHOICES = (
    ("running", True),
    ("exited", True),
    ("created", True),
    ("paused", True),
    ("dead", False),
    ("restarting", None),
    ("removing", None),
)

STATE_DISPLAY_CHOICES = (
    ("running", pgettext_lazy("Container state", "Running")),
    ("exited", pgettext_lazy("Container state", "Exited")),
    ("created", pgettext_lazy("Container state", "Created")),
    ("paused", pgettext_lazy("Container state", "Paused")),
    ("dead", pgettext_lazy("Container state", "Dead")),
    ("restarting", pgettext_lazy("Container state", "Restarting")),
    ("removing", pgettext_lazy("Container state", "Removing")),
)


def ports_display(container):
    return ", ".join(container.ports) or "-"


def created_ago(container):
    return timesince(container.created) if container.created else "-"


class ContainersTable(tables.DataTable):
    name = tables.Column("name", verbose_name=_("Name"))
    image = tables.Column("image", verbose_name=_("Image"))
    state = tables.Column("state", verbose_name=_("State"), status=True,
                          status_choices=STATUS_CHOICES,
                          display_choices=STATE_DISPLAY_CHOICES)
    status = tables.Column("status", verbose_name=_("Status"))
    ports = tables.Column(ports_display, verbose_name=_("Ports"))
    created = tables.Column(created_ago, verbose_name=_("Created"))

    def get_object_id(self, datum):
        return datum.id

    def get_object_display(self, datum):
        return datum.name

    class Meta(object):
        name = "containers"
        verbose_name = _("Containers")
        status_columns = ["state"]
