"""The plugin's settings, read from Django's settings with defaults."""
from django.conf import settings

DEFAULTS = {
    'proxy_url': None,
    'endpoint_type': 'publicURL',
    # Seconds to wait for the proxy on an action (start, launch, pull...),
    # and on the reads a page load makes (lists, details): a page gives up
    # sooner, so a hung Docker host holds none of Horizon's few worker
    # threads for long.
    'timeout': 60,
    'page_timeout': 5,
    'ticket_secret_file': '/var/lib/docker-dashboard/ticket_secret',
}


def get(name):
    configured = getattr(settings, 'DOCKER_DASHBOARD', None) or {}
    return configured.get(name, DEFAULTS[name])
