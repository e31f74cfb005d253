# Admin -> Docker -> Quotas: each project's Docker quotas (Keystone unified
# limits, default or the project's own) and usage, and their update
# (issue 14).
PANEL = 'docker_quotas'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'docker_admin'
ADD_PANEL = 'docker_dashboard.panels.admin.quotas.panel.Quotas'
