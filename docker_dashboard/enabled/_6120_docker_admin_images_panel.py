# Admin -> Docker -> Images: the public images with Publish and Withdraw,
# and every project's images with their owner, size and users (issue 14).
PANEL = 'docker_images'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'docker_admin'
ADD_PANEL = 'docker_dashboard.panels.admin.images.panel.Images'
