# Project -> Docker -> Containers. The slug is not 'containers': that one is
# Swift's object-store panel in the same dashboard.
PANEL = 'docker_containers'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'docker'
ADD_PANEL = 'docker_dashboard.panels.containers.panel.Containers'
# Installing the package as a Django app is what makes its templates and
# static files visible to Horizon after a plain `pip install`.
ADD_INSTALLED_APPS = ['docker_dashboard']
# The plugin's errors are shown as messages by horizon.exceptions.handle
# rather than answering 500 (a proxy that is down is an expected condition).
from docker_dashboard.api import exceptions as _dd_exceptions  # noqa: E402

ADD_EXCEPTIONS = {
    'recoverable': _dd_exceptions.RECOVERABLE,
    'not_found': _dd_exceptions.NOT_FOUND,
    'unauthorized': _dd_exceptions.UNAUTHORIZED,
}
