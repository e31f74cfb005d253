from django.urls import re_path

from docker_dashboard.panels.containers import launch_pending_views
from docker_dashboard.panels.containers import log_views
from docker_dashboard.panels.containers import ticket_views
from docker_dashboard.panels.containers import views

CONTAINER = r'^(?P<container_id>[0-9a-f]{12,64})/'

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^launch/$', views.LaunchView.as_view(), name='launch'),
    re_path(r'^launch/pending/(?P<key>[0-9a-f]{32})/$',
            launch_pending_views.PendingLaunchView.as_view(),
            name='launch_pending'),
    re_path(r'^launch/pending/(?P<key>[0-9a-f]{32})/finish/$',
            launch_pending_views.FinishLaunchView.as_view(),
            name='launch_finish'),
    re_path(CONTAINER + r'$', views.DetailView.as_view(), name='detail'),
    re_path(CONTAINER + r'stop/$', views.StopView.as_view(), name='stop'),
    re_path(CONTAINER + r'kill/$', views.KillView.as_view(), name='kill'),
    re_path(CONTAINER + r'rename/$', views.RenameView.as_view(),
            name='rename'),
    re_path(CONTAINER + r'update/$', views.UpdateLimitsView.as_view(),
            name='update'),
    re_path(CONTAINER + r'ticket/(?P<action>logs|console|stats)/$',
            ticket_views.TicketView.as_view(), name='ticket'),
    re_path(CONTAINER + r'logs/download/$', log_views.LogDownloadView.as_view(),
            name='log_download'),
]
