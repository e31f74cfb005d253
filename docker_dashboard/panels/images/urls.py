from django.urls import re_path

from docker_dashboard.panels.images import streams
from docker_dashboard.panels.images import views

# Image ids as Docker writes them (sha256:<hex>), or a short hex id.
IMAGE = r'^(?P<image_id>(?:sha256:)?[0-9a-f]{12,64})/'

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^pull/$', views.PullView.as_view(), name='pull'),
    re_path(r'^pull/stream/$', streams.PullStreamView.as_view(),
            name='pull_stream'),
    re_path(r'^build/$', views.BuildView.as_view(), name='build'),
    re_path(r'^build/stream/$', streams.BuildStreamView.as_view(),
            name='build_stream'),
    re_path(r'^compare/$', views.CompareView.as_view(), name='compare'),
    re_path(r'^tasks/$', views.TasksView.as_view(), name='tasks'),
    re_path(IMAGE + r'$', views.DetailView.as_view(), name='detail'),
    re_path(IMAGE + r'tag/$', views.TagView.as_view(), name='tag'),
    re_path(IMAGE + r'push/$', views.PushView.as_view(), name='push'),
    re_path(IMAGE + r'push/stream/$', streams.PushStreamView.as_view(),
            name='push_stream'),
    re_path(IMAGE + r'layers/(?P<layer>[0-9]+)/tree/$',
            views.TreeView.as_view(), name='tree'),
]
