from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import messages

from docker_dashboard.api import docker_quotas
from docker_dashboard.api import exceptions as dd_exceptions

HELP = _("Empty: the cloud's default applies. -1: unlimited.")


class UpdateQuotasForm(forms.SelfHandlingForm):
    """A project's own limits; a field left empty removes the project's
    own limit, so the default (shown as its placeholder) applies again."""
    project_id = forms.CharField(widget=forms.HiddenInput())
    containers = forms.IntegerField(label=_("Containers"), required=False,
                                    min_value=-1, help_text=HELP)
    vcpus = forms.IntegerField(label=_("vCPUs"), required=False,
                               min_value=-1, help_text=HELP)
    memory_mb = forms.IntegerField(label=_("Memory (MiB)"), required=False,
                                   min_value=-1, help_text=HELP)

    def __init__(self, request, *args, **kwargs):
        defaults = kwargs.pop("defaults", {})
        super().__init__(request, *args, **kwargs)
        for field, value in defaults.items():
            self.fields[field].widget.attrs["placeholder"] = (
                _("Default: %s") % value)

    def handle(self, request, data):
        limits = {resource: data.get(field)
                  for resource, field in docker_quotas.FIELDS}
        try:
            docker_quotas.quota_update(request, data["project_id"], limits)
        except dd_exceptions.DockerDashboardError as exc:
            # The proxy's words (refused, Keystone away) on the form.
            messages.error(request, _("Unable to update the quotas: %s")
                           % getattr(exc, "message", exc))
            return False
        messages.success(request, _("Quotas updated."))
        return True
