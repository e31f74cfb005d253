from django.utils.translation import gettext_lazy as _

import horizon


class Hosts(horizon.Panel):
    name = _("Hosts")
    slug = 'docker_hosts'
    # Shown only where the catalog has a docker proxy, and to admins: a
    # member sees neither the menu entry nor the page.
    permissions = ('openstack.services.docker',)
    policy_rules = (("docker", "docker:admin:hosts"),)
