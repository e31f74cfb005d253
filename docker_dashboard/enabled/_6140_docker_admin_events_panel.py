# Admin -> Docker -> Events: Docker's events of every project and host, live
# (issue 14), through the proxy's ticketed /ws/events socket.
PANEL = 'docker_events'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'docker_admin'
ADD_PANEL = 'docker_dashboard.panels.admin.events.panel.Events'
ADD_JS_FILES = ['docker_dashboard/js/admin_events.js']
