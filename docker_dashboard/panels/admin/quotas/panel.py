from django.utils.translation import gettext_lazy as _

import horizon


class Quotas(horizon.Panel):
    name = _("Quotas")
    slug = 'docker_quotas'
    # Shown only where the catalog has a docker proxy, and to admins: a
    # member sees neither the menu entry nor the page.
    permissions = ('openstack.services.docker',)
    policy_rules = (("docker", "docker:quota:update"),)
