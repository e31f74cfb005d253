# docker-dashboard settings: copy into openstack_dashboard/local/local_settings.d/
# (Horizon executes these snippets inside its settings module).
import os as _os

import docker_dashboard as _docker_dashboard

# The plugin's own policy file; Horizon uses it to show or hide actions and
# the proxy enforces the same rules.
POLICY_FILES['docker'] = _os.path.join(  # noqa: F821
    _os.path.dirname(_docker_dashboard.__file__), 'conf', 'docker_policy.yaml')
DEFAULT_POLICY_FILES['docker'] = _os.path.join(  # noqa: F821
    _os.path.dirname(_docker_dashboard.__file__), 'conf',
    'docker_default_policies.yaml')

DOCKER_DASHBOARD = {
    # The proxy is found in the Keystone catalog (service type 'docker');
    # set this only to override the catalog.
    'proxy_url': None,
    # Which catalog interface to use for the proxy.
    'endpoint_type': 'publicURL',
    # Seconds to wait for the proxy on an action before telling the user
    # the Docker host is not answering...
    'timeout': 60,
    # ...and on the reads of a page load (lists, details): shorter, so that
    # a hung Docker host holds none of Horizon's worker threads for long.
    'page_timeout': 5,
    # A file holding the secret shared with the proxy for WebSocket tickets.
    'ticket_secret_file': '/var/lib/docker-dashboard/ticket_secret',
}
