from django.urls import re_path

from docker_dashboard.panels.admin.hosts import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
]
