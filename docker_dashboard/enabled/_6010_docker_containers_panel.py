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

# Every script of the plugin, compressed into Horizon's bundle; each starts
# through dd_init.js (first: the other panels' scripts use it too).
ADD_JS_FILES = [
    'docker_dashboard/js/dd_init.js',
    'horizon/lib/termjs/term.js',
    'docker_dashboard/js/ansi_log.js',
    'docker_dashboard/js/ticket_socket.js',
    'docker_dashboard/js/live_logs.js',
    'docker_dashboard/js/console.js',
    'docker_dashboard/js/stats_chart.js',
    'docker_dashboard/js/dd_changes.js',
    'docker_dashboard/js/dd_rows.js',
    'docker_dashboard/js/launch_pending.js',
]
ADD_SCSS_FILES = ['docker_dashboard/css/logs.css',
                  'docker_dashboard/css/containers.css']
