# Project -> Docker -> Images: the project's and the public images, pull,
# build, and the layer browser (issue 7).
PANEL = 'docker_images'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'docker'
ADD_PANEL = 'docker_dashboard.panels.images.panel.Images'
ADD_JS_FILES = [
    'docker_dashboard/js/build_log.js',
    'docker_dashboard/js/tree_keys.js',
    'docker_dashboard/js/layer_browser.js',
]
ADD_SCSS_FILES = ['docker_dashboard/css/images.css']
