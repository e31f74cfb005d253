# The "Docker" group in the Admin dashboard's navigation (issue 14): every
# project's containers and images, the hosts, the events and the quotas.
from django.utils.translation import gettext_lazy as _

PANEL_GROUP = 'docker_admin'
PANEL_GROUP_NAME = _('Docker')
PANEL_GROUP_DASHBOARD = 'admin'
