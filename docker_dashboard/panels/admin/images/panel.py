from django.utils.translation import gettext_lazy as _

import horizon


class Images(horizon.Panel):
    """Admin -> Docker -> Images: the public images (publish, withdraw)
    and every project's images with their owner, size and users. Horizon's
    admin dashboard already requires the admin role; the plugin's rule
    says who may see every project's images."""
    name = _("Images")
    # Not 'images': that is Glance's panel in the same dashboard.
    slug = 'docker_images'
    permissions = ('openstack.services.docker',)
    policy_rules = (("docker", "docker:admin:images"),)
