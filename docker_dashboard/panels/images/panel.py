from django.utils.translation import gettext_lazy as _

import horizon


class Images(horizon.Panel):
    name = _("Images")
    # Not 'images': that is Glance's panel in the same dashboard.
    slug = 'docker_images'
    permissions = ('openstack.services.docker',)
    policy_rules = (("docker", "docker:image:list"),)
