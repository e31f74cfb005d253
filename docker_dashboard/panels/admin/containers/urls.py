from django.urls import re_path

from docker_dashboard.panels.admin.containers import views
from docker_dashboard.panels.containers.urls import CONTAINER

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(CONTAINER + r'$', views.DetailView.as_view(), name='detail'),
]
