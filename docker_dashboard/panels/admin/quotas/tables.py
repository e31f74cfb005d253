from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import tables
from horizon.templatetags.sizeformat import mb_float_format

from docker_dashboard.api import docker_quotas

UPDATE_RULE = ("docker", "docker:quota:update")


class UpdateQuotas(tables.LinkAction):
    name = "update"
    verbose_name = _("Update Quotas")
    url = "horizon:admin:docker_quotas:update"
    classes = ("ajax-modal",)
    icon = "pencil"
    policy_rules = (UPDATE_RULE,)

    def get_link_url(self, project):
        return reverse(self.url, args=[project.id])


def _amount(resource, value):
    if resource == docker_quotas.MEMORY_MB:
        return mb_float_format(value)
    return str(value)


def _cell(resource):
    """"3 of 50" and whether the limit is the default or the project's."""
    def cell(project):
        row = project.quotas.get(resource) if project.quotas else None
        if row is None:
            return "-"
        limit = (_("Unlimited") if row.unlimited
                 else _amount(resource, row.limit))
        origin = _("default") if row.default else _("project's own")
        return _("%(used)s of %(limit)s (%(origin)s)") % {
            "used": _amount(resource, row.in_use), "limit": limit,
            "origin": origin}
    return cell


class QuotasTable(tables.DataTable):
    name = tables.Column("name", verbose_name=_("Project"))
    containers = tables.Column(_cell(docker_quotas.CONTAINERS),
                               verbose_name=_("Containers"))
    vcpus = tables.Column(_cell(docker_quotas.VCPU),
                          verbose_name=_("vCPUs"))
    memory = tables.Column(_cell(docker_quotas.MEMORY_MB),
                           verbose_name=_("Memory"))

    def get_object_id(self, project):
        return project.id

    def get_object_display(self, project):
        return project.name

    class Meta(object):
        name = "docker_quotas"
        verbose_name = _("Docker Quotas")
        row_actions = (UpdateQuotas,)
        table_actions = ()
