"""The project's Docker quotas as the Launch workflow shows them, in the
style of Nova's launch dialog: "Containers 3 of 200 Used" over a bar, for
containers, vCPUs and memory."""
import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from docker_dashboard.api import docker_quotas

LOG = logging.getLogger(__name__)


def summary(request):
    """The HTML of the usage bars, or "" when the cloud enforces no quota
    or the proxy cannot say now (the launch itself is still checked)."""
    try:
        quotas = docker_quotas.quotas_get(request)
    except Exception as exc:
        LOG.info("quotas not shown on the launch form: %s", exc)
        return ""
    rows = [(slug, title, quotas.get(resource)) for slug, title, resource in (
        ("containers", _("Containers"), docker_quotas.CONTAINERS),
        ("vcpus", _("vCPUs"), docker_quotas.VCPU),
        ("memory", _("Memory"), docker_quotas.MEMORY_MB))]
    rows = [row for row in rows if row[2] is not None]
    if not quotas.enabled or not rows:
        return ""
    return render_to_string("docker_dashboard/containers/_quotas.html",
                            {"rows": rows})
