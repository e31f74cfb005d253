from django.urls import re_path

from docker_dashboard.panels.admin.quotas import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^(?P<project_id>[^/]+)/update/$', views.UpdateView.as_view(),
            name='update'),
]
