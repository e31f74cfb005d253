# Admin -> Docker -> Hosts: each Docker host's capacity and usage from
# Placement, its dockerd, and the drain switch (issue 14).
PANEL = 'docker_hosts'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'docker_admin'
ADD_PANEL = 'docker_dashboard.panels.admin.hosts.panel.Hosts'
