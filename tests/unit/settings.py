"""Django settings for the plugin's unit tests: Horizon's test settings with
the plugin enabled the same way an operator enables it."""
from openstack_dashboard.test.settings import *  # noqa: F401,F403

import docker_dashboard.enabled
from openstack_dashboard import enabled as _horizon_enabled
from openstack_dashboard.utils import settings as _settings_utils

# Horizon's test settings processed its own enabled files already; process
# them again together with the plugin's (panel customisation is rebuilt as a
# whole) and add only the apps that are new.
_apps = []
HORIZON_CONFIG.pop('dashboards', None)  # noqa: F405
HORIZON_CONFIG.pop('default_dashboard', None)  # noqa: F405
_settings_utils.update_dashboards(
    [_horizon_enabled, docker_dashboard.enabled],
    HORIZON_CONFIG,  # noqa: F405
    _apps,
)
INSTALLED_APPS = [a for a in _apps if a not in INSTALLED_APPS] + list(  # noqa
    INSTALLED_APPS)  # noqa: F405

