from django.utils.translation import gettext_lazy as _

import horizon


class Containers(horizon.Panel):
    name = _("Containers")
    slug = 'docker_containers'
    # Shown only where the Keystone catalog has a docker proxy.
    permissions = ('openstack.services.docker',)
    policy_rules = (("docker", "docker:container:list"),)
