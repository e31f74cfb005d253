"""The plugin's settings, read from Django's settings with defaults."""
from django.conf import settings

DEFAULTS = {
    'proxy_url': None,
    'endpoint_type': 'publicURL',
    'timeout': 30,
    'ticket_secret_file': '/var/lib/docker-dashboard/ticket_secret',
}


def get(name):
    configured = getattr(settings, 'DOCKER_DASHBOARD', None) or {}
    return configured.get(name, DEFAULTS[name])
