"""The Logs tab's "Download" link: the whole log as a text attachment.

Streamed: Django sends each chunk as the proxy delivers it, so a big log
costs Horizon one chunk of memory, not the log's size.
"""
import datetime
import re

from django import http
from django.utils.translation import gettext as _
from django.views import View

from openstack_dashboard import policy

from docker_dashboard.api import docker_logs
from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9_.-]")


def attachment_name(name, moment):
    """`<container name>-<UTC time>.log`, as a user files a log away (the
    name is Docker's, limited to safe characters all the same)."""
    return "%s-%s.log" % (_UNSAFE_FILENAME.sub("_", name[:128]),
                          moment.strftime("%Y%m%d-%H%M%SZ"))


class LogDownloadView(View):
    def get(self, request, container_id):
        if not policy.check((("docker", "docker:container:logs"),), request):
            raise http.Http404()
        timestamps = request.GET.get("timestamps") == "1"
        try:
            name = docker_proxy.container_get(request, container_id).name
            chunks = docker_logs.container_log_stream(
                request, container_id, timestamps=timestamps)
        except dd_exceptions.NotFound:
            raise http.Http404(_("No such container in this project"))
        except dd_exceptions.DockerDashboardError as exc:
            return http.HttpResponse(exc.message, status=503,
                                     content_type="text/plain; charset=utf-8")
        response = http.StreamingHttpResponse(
            chunks, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = (
            'attachment; filename="%s"' % attachment_name(
                name, datetime.datetime.now(datetime.timezone.utc)))
        # Log text is data: never let a browser sniff it into HTML.
        response["X-Content-Type-Options"] = "nosniff"
        return response
