"""Forms of the Images panel: tag (modal); pull, push and build (their
pages stream progress, so these only validate what the streams get)."""
import re

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import messages

from docker_dashboard.api import docker_images
from docker_dashboard.panels import form_errors
from docker_dashboard.panels import image_fields

BUILD_ARG = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
INDEX_URL = "horizon:project:docker_images:index"


def parse_build_args(text):
    """KEY=VALUE lines -> dict."""
    args = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        key, equals, value = line.partition("=")
        if not equals or not BUILD_ARG.match(key.strip()):
            raise django_forms.ValidationError(
                _("Line %(n)d: use KEY=VALUE") % {"n": number})
        args[key.strip()] = value
    return args


class PullForm(django_forms.Form):
    reference = image_fields.ReferenceField(label=_("Image"), max_length=255,
                               help_text=_("Repository and tag, such as "
                                           "127.0.0.1:5005/app:1.0"))


class BuildForm(django_forms.Form):
    reference = image_fields.ReferenceField(label=_("Name the image"), max_length=255)
    dockerfile = forms.CharField(
        label=_("Dockerfile"), required=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "dd-monospace"}))
    context = forms.FileField(
        label=_("Or a build context (tar or tar.gz)"), required=False,
        help_text=_("With a Dockerfile at its top"))
    build_args = forms.CharField(
        label=_("Build arguments"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One KEY=VALUE per line"))

    def clean_build_args(self):
        return parse_build_args(self.cleaned_data.get("build_args", ""))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("dockerfile", "").strip() and not cleaned.get("context"):
            raise django_forms.ValidationError(
                _("Write a Dockerfile or upload a build context."))
        return cleaned


class TagForm(forms.SelfHandlingForm):
    image_id = forms.CharField(widget=forms.HiddenInput())
    reference = image_fields.ReferenceField(label=_("New repository:tag"), max_length=255)

    def handle(self, request, data):
        repository, tag = data["reference"]
        try:
            docker_images.image_tag(request, data["image_id"], repository, tag)
        except Exception as exc:
            return form_errors.refused(
                self, request, _("Unable to tag the image: %(reason)s"), exc)
        messages.success(request, _("Tagged %(repo)s:%(tag)s")
                         % {"repo": repository, "tag": tag})
        return True


class PushForm(django_forms.Form):
    reference = image_fields.ReferenceField(
        label=_("Push as"), max_length=255,
        help_text=_("The registry is the first part: 127.0.0.1:5005/app:1.0. "
                    "The image is tagged with this name in your project "
                    "first, as docker push does."))
