from django.urls import re_path

from docker_dashboard.panels.snapshots import views

IMAGE = r'^(?P<image_id>sha256:[0-9a-f]{64})/'

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^container/(?P<container_id>[0-9a-f]{12,64})/create/$',
            views.CreateSnapshotView.as_view(), name='create'),
    re_path(IMAGE + r'rollback/$', views.RollbackView.as_view(),
            name='rollback'),
    re_path(IMAGE + r'launch/$', views.LaunchView.as_view(), name='launch'),
    re_path(IMAGE + r'export/$', views.ExportView.as_view(), name='export'),
    re_path(r'^tasks/(?P<task_id>[0-9a-f]{32})/$', views.TaskView.as_view(),
            name='task'),
]
