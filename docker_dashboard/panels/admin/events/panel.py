from django.utils.translation import gettext_lazy as _

import horizon


class Events(horizon.Panel):
    """Admin -> Docker -> Events: Docker's event stream of every project
    and host, live. Horizon's admin dashboard already requires the admin
    role; the plugin's own rule says who may see every project's events
    (the same one the ticket view checks)."""
    name = _("Events")
    slug = 'docker_events'
    permissions = ('openstack.services.docker',)
    policy_rules = (("docker", "docker:admin:events"),)
