from django.utils.translation import gettext_lazy as _

import horizon


class Containers(horizon.Panel):
    name = _("Containers")
    slug = 'docker_containers'
    # Shown only where the catalog has a docker proxy, and to admins: a
    # member sees neither the menu entry nor the page (Horizon answers its
    # not-authorized page).
    permissions = ('openstack.services.docker',)
    policy_rules = (("docker", "docker:admin:containers"),)
