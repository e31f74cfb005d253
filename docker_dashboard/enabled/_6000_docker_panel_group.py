# The "Docker" group in the Project dashboard's navigation.
from django.utils.translation import gettext_lazy as _

PANEL_GROUP = 'docker'
PANEL_GROUP_NAME = _('Docker')
PANEL_GROUP_DASHBOARD = 'project'
