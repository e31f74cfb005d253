"""Local settings for the demo Horizon, as an operator would write them.

The plugin is enabled the way an operator enables it in an installed Horizon
(its enabled files and settings snippet), only read from the repository
instead of copied into openstack_dashboard/local/.
"""
import os

import docker_dashboard
import docker_dashboard.enabled
from horizon.utils import secret_key
from openstack_dashboard import defaults
import openstack_dashboard.local.enabled

STATE_DIR = os.environ.get("DD_STATE", "/var/lib/docker-dashboard")
_PLUGIN_DIR = os.path.dirname(docker_dashboard.__file__)

# Horizon discovers enabled files by listing this package's folders: adding
# the plugin's folder is what copying its files there would do.
openstack_dashboard.local.enabled.__path__.append(
    os.path.dirname(docker_dashboard.enabled.__file__))

DEBUG = os.environ.get("DD_DEBUG", "") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

OPENSTACK_HOST = "127.0.0.1"
OPENSTACK_KEYSTONE_URL = "http://127.0.0.1:5000/v3"
OPENSTACK_KEYSTONE_DEFAULT_ROLE = "member"
OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = "Default"

# Sessions travel in a signed cookie so that every gunicorn worker sees them
# without a shared cache server.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SECRET_KEY = secret_key.generate_or_read_from_file(
    os.path.join(STATE_DIR, "horizon_secret_key"))

# No network service in this cloud: Horizon must not ask for its quotas.
OPENSTACK_NEUTRON_NETWORK = {
    "enable_quotas": False,
    "enable_router": False,
    "enable_distributed_router": False,
    "enable_ha_router": False,
    "enable_fip_topology_check": False,
    # Else the admin RBAC panel asks Neutron on every page and logs an ERROR.
    "enable_rbac_policy": False,
}
# No block storage either.
OPENSTACK_CINDER_FEATURES = {"enable_backup": False}

STATIC_ROOT = os.path.join(STATE_DIR, "horizon-static")
COMPRESS_OFFLINE = not DEBUG
COMPRESS_ENABLED = True

# The plugin's settings snippet, exactly as shipped for local_settings.d.
POLICY_FILES = dict(defaults.POLICY_FILES)
DEFAULT_POLICY_FILES = dict(defaults.DEFAULT_POLICY_FILES)
with open(os.path.join(_PLUGIN_DIR, "local_settings.d",
                       "_60_docker_dashboard.py"), encoding="utf-8") as _f:
    exec(_f.read())
DOCKER_DASHBOARD["ticket_secret_file"] = os.path.join(  # noqa: F821
    STATE_DIR, "ticket_secret")
# A proxy other than the catalog's, e.g. for a test's second Horizon.
if os.environ.get("DD_DASHBOARD_PROXY_URL"):
    DOCKER_DASHBOARD["proxy_url"] = os.environ["DD_DASHBOARD_PROXY_URL"]  # noqa


# Each line says its level and logger: the test run's log check (tests/service_logs.py)
# fails on ERROR lines, and a reader wants to know who wrote one.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"level": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": "level"}},
    "loggers": {
        "docker_dashboard": {"handlers": ["console"], "level": "INFO"},
        "horizon": {"handlers": ["console"], "level": "WARNING"},
        "openstack_dashboard": {"handlers": ["console"], "level": "WARNING"},
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}

# A cache the gunicorn workers share (a folder): the outcome of a long
# change (a roll back) is left there by the worker thread that ran it, for
# whichever worker answers the user's next page (panels/containers/
# long_changes.py). Sessions are cookies and need no cache.
CACHES = {"default": {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.path.join(STATE_DIR, "horizon-cache")}}
