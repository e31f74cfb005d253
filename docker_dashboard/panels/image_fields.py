"""The image-name fields of the Images and Snapshots forms: one validator
(docker_dashboard.image_refs) behind both."""
from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from horizon import forms

from docker_dashboard import image_refs


def clean_reference(text):
    try:
        return image_refs.split_reference(text)
    except ValueError:
        raise django_forms.ValidationError(
            _("Not a repository[:tag] such as 127.0.0.1:5005/app:1.0"))


def clean_repository(text):
    value = (text or "").strip().lower()
    if not image_refs.valid_repository(value):
        raise django_forms.ValidationError(
            _("Lower-case letters, digits and . _ / - only (a registry's "
              "host:port may come first)."))
    return value


def clean_tag(text):
    value = (text or "").strip()
    if not image_refs.valid_tag(value):
        raise django_forms.ValidationError(_("Letters, digits and . _ - "
                                             "only."))
    return value


class ReferenceField(forms.CharField):
    """'repository[:tag]', cleaned to (repository, tag)."""

    def clean(self, value):
        return clean_reference(super().clean(value))
