"""A launch waiting for its image: the page that shows the load from Glance
(task progress) or the pull (streamed), and the POST that then creates the
container. See launch_sources.py."""
from urllib.parse import urlencode

from django import http
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic

from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.panels.containers import error_sentences
from docker_dashboard.panels.containers import launch_sources
from docker_dashboard.panels.containers.views import PolicyRequiredMixin

INDEX_URL = "horizon:project:docker_containers:index"
LAUNCH_URL = "horizon:project:docker_containers:launch"
CREATE_RULE = (("docker", "docker:container:create"),)


class _PendingMixin(PolicyRequiredMixin):
    policy_rules = CREATE_RULE

    def entry(self):
        entry = launch_sources.get(self.request, self.kwargs["key"])
        if entry is None:
            raise http.Http404(_("No such pending launch."))
        return entry


class PendingLaunchView(_PendingMixin, generic.TemplateView):
    template_name = "docker_dashboard/containers/launch_pending.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.entry()
        key = self.kwargs["key"]
        context.update({
            "page_title": _("Launch Container"),
            "entry": entry,
            "name": entry["spec"].get("name") or "",
            "finish_url": reverse("horizon:project:docker_containers:"
                                  "launch_finish", args=[key]),
            "launch_url": reverse(LAUNCH_URL),
        })
        if entry["source"] == launch_sources.GLANCE:
            context["task_url"] = reverse(
                "horizon:project:docker_snapshots:task", args=[entry["task"]])
        else:
            context["stream_url"] = reverse(
                "horizon:project:docker_images:pull_stream")
        return context


class FinishLaunchView(_PendingMixin, generic.View):
    def post(self, request, key):
        entry = self.entry()
        name = entry["spec"].get("name") or _("(unnamed)")
        try:
            launch_sources.finish(request, entry)
        except dd_exceptions.DockerDashboardError as exc:
            # The image is in Docker now: back to the form, the image
            # chosen, to correct what the proxy refused.
            messages.error(request, _('Unable to launch container "%(name)s":'
                                      ' %(reason)s')
                           % {"name": name,
                              "reason": error_sentences.explain(exc.message)})
            launch_sources.forget(request, key)
            image = _image_or_none(request, entry)
            target = reverse(LAUNCH_URL)
            if image:
                target += "?" + urlencode({"image": image})
            return http.HttpResponseRedirect(target)
        launch_sources.forget(request, key)
        messages.success(request, _('Launched container "%s".') % name)
        return http.HttpResponseRedirect(reverse(INDEX_URL))


def _image_or_none(request, entry):
    try:
        return launch_sources.ready_image(request, entry)
    except dd_exceptions.DockerDashboardError:
        return None
