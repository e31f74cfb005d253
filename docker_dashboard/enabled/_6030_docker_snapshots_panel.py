# Project -> Docker -> Snapshots: the project's container snapshots, and its
# docker-format Glance images (export to and load from Glance).
PANEL = 'docker_snapshots'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'docker'
ADD_PANEL = 'docker_dashboard.panels.snapshots.panel.Snapshots'
ADD_JS_FILES = ['docker_dashboard/js/task_progress.js']
