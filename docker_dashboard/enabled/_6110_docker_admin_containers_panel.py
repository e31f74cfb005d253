# Admin -> Docker -> Containers: every project's containers on every Docker
# host, with the admin's stop, delete, logs and console (issue 14).
PANEL = 'docker_containers'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'docker_admin'
ADD_PANEL = 'docker_dashboard.panels.admin.containers.panel.Containers'
