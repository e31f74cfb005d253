from django import http
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from horizon import exceptions
from horizon import forms
from horizon import tables
from horizon.utils import functions as utils

from docker_dashboard.api import docker_images
from docker_dashboard.api import docker_tasks
from docker_dashboard.panels import paging
from docker_dashboard.panels.images import forms as images_forms
from docker_dashboard.panels.images import tables as images_tables
from docker_dashboard.panels.images import task_tables

INDEX_URL = "horizon:project:docker_images:index"


def _message(exc):
    return getattr(exc, "message", None) or str(exc)


class IndexView(paging.MarkerPagedMixin, tables.DataTableView):
    table_class = images_tables.ImagesTable
    template_name = "docker_dashboard/images/index.html"
    page_title = _("Images")

    def get_data(self):
        reference = self.get_filters().get("reference") or None
        try:
            images = docker_images.image_list(self.request, reference)
        except Exception as exc:
            exceptions.handle(self.request, _("Unable to retrieve images: %s")
                              % _message(exc))
            return []
        # Newest first, as `docker images` lists them; ties by id keep
        # paging stable.
        images.sort(key=lambda i: (-(i.created.timestamp() if i.created
                                     else 0), i.id))
        marker, prev_marker = self.page_markers()
        page, self._prev, self._more = paging.page_of_whole(
            images, lambda i: i.id, page_size=utils.get_page_size(self.request),
            marker=marker, prev_marker=prev_marker)
        return docker_images.add_layer_counts(self.request, page)


def chart_bars(layers, width=100.0):
    """Bar widths (percent of the largest layer) for the layer size chart."""
    largest = max([layer["size_bytes"] for layer in layers] + [1])
    return [dict(layer, bar=round(width * layer["size_bytes"] / largest, 2),
                 y=index * 22)
            for index, layer in enumerate(layers)]


class TasksView(tables.DataTableView):
    """The project's tasks, newest first (the proxy keeps them)."""
    table_class = task_tables.TasksTable
    template_name = "docker_dashboard/images/tasks.html"
    page_title = _("Tasks")

    def get_data(self):
        try:
            return docker_tasks.task_list(self.request)
        except Exception as exc:
            exceptions.handle(self.request, _("Unable to list the tasks: %s")
                              % _message(exc))
            return []


class DetailView(generic.TemplateView):
    template_name = "docker_dashboard/images/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        image_id = self.kwargs["image_id"]
        try:
            image = docker_images.image_get(self.request, image_id)
        except Exception as exc:
            exceptions.handle(self.request, _("Unable to retrieve the image: %s")
                              % _message(exc), redirect=reverse(INDEX_URL))
        try:
            analysis = docker_images.image_layers(self.request, image["Id"])
        except Exception as exc:
            exceptions.handle(self.request, _("Unable to analyse the layers: %s")
                              % _message(exc))
            analysis = None
        context.update({
            "image": image, "tags": image.tags,
            "page_title": image.name,
            "analysis": analysis,
            # Shown as a percentage: the share of the stored bytes that the
            # final filesystem still uses.
            "efficiency_percent": (100 * analysis["efficiency"]
                                   if analysis else None),
            "bars": chart_bars(analysis["layers"]) if analysis else [],
            "chart_height": 22 * len(analysis["layers"]) if analysis else 0,
            # The browser appends layers/<n>/tree/ to the image's own URL.
            "tree_url": reverse("horizon:project:docker_images:detail",
                                args=[image["Id"]]),
        })
        return context


class TreeView(generic.View):
    """One folder of one layer as JSON, for the layer browser."""

    def get(self, request, image_id, layer):
        try:
            folder = docker_images.image_tree(
                request, image_id, int(layer), request.GET.get("path", "/"),
                aggregate=request.GET.get("aggregate") == "1")
        except Exception as exc:
            return http.JsonResponse({"error": _message(exc)},
                                     status=getattr(exc, "status", None) or 502)
        return http.JsonResponse(folder)


class CompareView(generic.TemplateView):
    template_name = "docker_dashboard/images/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a, b = self.request.GET.get("a", ""), self.request.GET.get("b", "")
        context.update({"a": a, "b": b, "page_title": _("Compare Images")})
        try:
            images = docker_images.image_list(self.request)
        except Exception as exc:
            exceptions.handle(self.request, _("Unable to retrieve images: %s")
                              % _message(exc))
            images = []
        context["choices"] = sorted({t for i in images for t in i.tags})
        if a and b:
            try:
                context["result"] = docker_images.image_compare(self.request, a, b)
            except Exception as exc:
                exceptions.handle(self.request, _("Unable to compare: %s")
                                  % _message(exc))
        return context


class TagView(forms.ModalFormView):
    form_class = images_forms.TagForm
    # tag.html as a page; _tag.html in the modal the row menu opens.
    template_name = "docker_dashboard/images/tag.html"
    modal_id = "tag_image_modal"
    modal_header = _("Tag Image")
    submit_label = _("Tag")
    submit_url = "horizon:project:docker_images:tag"
    success_url = reverse_lazy(INDEX_URL)
    page_title = _("Tag Image")

    def get_initial(self):
        return {"image_id": self.kwargs["image_id"]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_url"] = reverse(self.submit_url,
                                        args=[self.kwargs["image_id"]])
        return context


class PushView(generic.TemplateView):
    """A page of its own, like pull: the push's progress streams to it."""
    template_name = "docker_dashboard/images/push.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            image = docker_images.image_get(self.request,
                                            self.kwargs["image_id"])
        except Exception as exc:
            exceptions.handle(self.request, _("Unable to retrieve the image: %s")
                              % _message(exc), redirect=reverse(INDEX_URL))
        context.update({
            "form": images_forms.PushForm(),
            "image_id": self.kwargs["image_id"],
            "image_name": image.name,
            "page_title": _("Push to Registry"),
        })
        return context


class PullView(generic.TemplateView):
    template_name = "docker_dashboard/images/pull.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"form": images_forms.PullForm(),
                        "page_title": _("Pull Image")})
        return context


class BuildView(generic.TemplateView):
    template_name = "docker_dashboard/images/build.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"form": images_forms.BuildForm(),
                        "page_title": _("Build Image")})
        return context
