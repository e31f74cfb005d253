from django.utils.translation import gettext_lazy as _

import horizon


class Snapshots(horizon.Panel):
    name = _("Snapshots")
    slug = 'docker_snapshots'
    permissions = ('openstack.services.docker',)
    policy_rules = (("docker", "docker:image:list"),)
