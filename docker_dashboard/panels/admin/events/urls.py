from django.urls import re_path

from docker_dashboard.panels.admin.events import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^ticket/$', views.TicketView.as_view(), name='ticket'),
]
