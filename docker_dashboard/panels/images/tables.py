from urllib.parse import urlencode

from django.contrib import messages
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from horizon import tables

from docker_dashboard.api import docker_images
from docker_dashboard.api import exceptions as dd_exceptions

POLICY = "docker"
LAUNCH_URL = "horizon:project:docker_containers:launch"


class PullImage(tables.LinkAction):
    name = "pull"
    verbose_name = _("Pull Image")
    url = "horizon:project:docker_images:pull"
    icon = "download"
    policy_rules = ((POLICY, "docker:image:pull"),)


class BuildImage(tables.LinkAction):
    name = "build"
    verbose_name = _("Build Image")
    url = "horizon:project:docker_images:build"
    icon = "cogs"
    policy_rules = ((POLICY, "docker:image:build"),)


class CompareImages(tables.LinkAction):
    name = "compare"
    verbose_name = _("Compare Images")
    url = "horizon:project:docker_images:compare"
    icon = "columns"
    policy_rules = ((POLICY, "docker:image:layers"),)


class ShowTasks(tables.LinkAction):
    """The project's pulls, pushes, builds and Glance transfers."""
    name = "tasks"
    verbose_name = _("Tasks")
    url = "horizon:project:docker_images:tasks"
    icon = "tasks"
    policy_rules = ((POLICY, "docker:task:show"),)


class LaunchContainer(tables.LinkAction):
    name = "launch"
    verbose_name = _("Launch")
    icon = "cloud-upload"
    # Horizon's modal, as the Containers panel's own Launch button.
    classes = ("ajax-modal",)
    policy_rules = ((POLICY, "docker:container:create"),)

    def allowed(self, request, image=None):
        return bool(image is None or image.tags)

    def get_link_url(self, datum):
        # The launch workflow reads its initial image from the query.
        return "%s?%s" % (reverse(LAUNCH_URL), urlencode({"image": datum.tags[0]}))


class TagImage(tables.LinkAction):
    name = "tag"
    verbose_name = _("Tag")
    url = "horizon:project:docker_images:tag"
    classes = ("ajax-modal",)
    icon = "tag"
    policy_rules = ((POLICY, "docker:image:tag"),)


class PushImage(tables.LinkAction):
    name = "push"
    verbose_name = _("Push to Registry")
    # A page, not a modal: the push's progress streams to it.
    url = "horizon:project:docker_images:push"
    icon = "upload"
    policy_rules = ((POLICY, "docker:image:push"),)

    def allowed(self, request, image=None):
        # Public images are changed (pushed) by admins only: the proxy
        # refuses; do not offer it to others.
        return image is None or not image.public or request.user.is_superuser


class DeleteImage(tables.DeleteAction):
    policy_rules = ((POLICY, "docker:image:delete"),)

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Remove Image", "Remove Images", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Removed Image", "Removed Images", count)

    def allowed(self, request, image=None):
        return image is None or not image.public or request.user.is_superuser

    def delete(self, request, obj_id):
        try:
            docker_images.image_delete(request, obj_id)
        except dd_exceptions.DockerDashboardError as exc:
            # Docker's own reason (in use by a container, a public image...)
            # is what the user needs to read; Horizon adds "Unable to".
            messages.error(request, exc.message)
            raise


class ImagesFilterAction(tables.FilterAction):
    """Filtered by Docker itself (its `reference` filter)."""
    filter_type = "server"
    filter_choices = (
        ("reference", _("Repository:tag ="), True,
         _("A name or a pattern, such as busybox or */app:*")),
    )


def _size(image):
    return filesizeformat(image.size)


def _layers(image):
    return "-" if image.layer_count is None else image.layer_count


def _tags(image):
    return ", ".join(image.tags) or _("<none>")


class ImagesTable(tables.DataTable):
    name = tables.Column(_tags, verbose_name=_("Repository:Tag"),
                         link="horizon:project:docker_images:detail")
    short_id = tables.Column("short_id", verbose_name=_("ID"))
    size = tables.Column(_size, verbose_name=_("Size"))
    created = tables.Column("created", verbose_name=_("Created"),
                            filters=(lambda d: d and d.strftime("%Y-%m-%d %H:%M"),))
    layers = tables.Column(_layers, verbose_name=_("Layers"))
    containers = tables.Column("containers", verbose_name=_("Containers"))
    visibility = tables.Column(lambda i: _("Public") if i.public else _("Project"),
                               verbose_name=_("Visibility"))

    def get_object_id(self, datum):
        return datum.id

    def get_object_display(self, datum):
        return datum.name

    class Meta(object):
        name = "docker_images"
        verbose_name = _("Images")
        table_actions = (ImagesFilterAction, PullImage, BuildImage,
                         CompareImages, ShowTasks, DeleteImage)
        row_actions = (LaunchContainer, TagImage, PushImage, DeleteImage)
