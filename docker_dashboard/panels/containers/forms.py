"""Small modal forms for the row actions that take a parameter."""
from django import forms as django_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import forms
from horizon import messages

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.panels.containers import error_sentences
from docker_dashboard.panels.containers import stopping
from docker_dashboard.panels.containers.workflows import NAME_PATTERN

INDEX_URL = "horizon:project:docker_containers:index"

# Signals a user may want to send, most common first.
SIGNALS = ("SIGTERM", "SIGKILL", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1",
           "SIGUSR2")


class ContainerForm(forms.SelfHandlingForm):
    """Knows its container and puts a refusal from the proxy on the form."""
    container_id = forms.CharField(widget=forms.HiddenInput())
    failure = _("Unable to change the container.")

    def apply(self, request, container_id, data):
        raise NotImplementedError

    def handle(self, request, data):
        try:
            self.apply(request, data["container_id"], data)
        except dd_exceptions.ProxyRefused as refusal:
            # Docker's or the proxy's own words, shown on the form.
            self.api_error(error_sentences.explain(refusal.message))
            return False
        except Exception:
            exceptions.handle(request, self.failure,
                              redirect=reverse(INDEX_URL))
            return False
        messages.success(request, self.success)
        return True


class StopForm(ContainerForm):
    timeout = forms.IntegerField(
        label=_("Timeout (seconds)"), min_value=0, max_value=600, initial=10,
        help_text=_("How long the container gets to stop after its stop "
                    "signal before Docker kills it."))
    success = _("The container is stopping: its row shows it until it is "
                "down.")
    failure = _("Unable to stop the container.")

    def apply(self, request, container_id, data):
        stopping.begin(request, container_id, timeout=data["timeout"])


class KillForm(ContainerForm):
    signal = forms.ThemableChoiceField(
        label=_("Signal"), choices=[(s, s) for s in SIGNALS])
    success = _("The signal was sent.")
    failure = _("Unable to send the signal.")

    def apply(self, request, container_id, data):
        docker_proxy.container_kill(request, container_id,
                                    signal=data["signal"])


class RenameForm(ContainerForm):
    name = forms.RegexField(
        label=_("New Name"), max_length=128, regex=NAME_PATTERN,
        error_messages={"invalid": _("Use letters, digits, '_', '.' and '-', "
                                     "starting with a letter or digit.")})
    success = _("The container was renamed.")
    failure = _("Unable to rename the container.")

    def apply(self, request, container_id, data):
        docker_proxy.container_rename(request, container_id, data["name"])


class UpdateLimitsForm(ContainerForm):
    vcpus = forms.FloatField(label=_("CPUs"), min_value=0.01, max_value=64)
    memory_mb = forms.IntegerField(label=_("Memory (MiB)"), min_value=6,
                                   help_text=_("1024 MiB is 1 GiB."))
    success = _("The container's limits were updated.")
    failure = _("Unable to update the container's limits.")

    def clean(self):
        data = super().clean()
        if data.get("vcpus") is not None and data["vcpus"] * 1e9 < 1e7:
            raise django_forms.ValidationError(_("At least 0.01 CPU."))
        return data

    def apply(self, request, container_id, data):
        docker_proxy.container_update(
            request, container_id, nano_cpus=int(data["vcpus"] * 1e9),
            memory=data["memory_mb"] * 1024 * 1024)
