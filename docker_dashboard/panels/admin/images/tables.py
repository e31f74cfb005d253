"""Admin -> Docker -> Images: the public images (Withdraw) and every
project's (Publish). Both actions change what every project sees, so each
asks for confirmation first (Horizon's confirm modal, shown for a
`danger` action) and is allowed by the proxy's own admin rule."""
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from horizon import messages
from horizon import tables

from docker_dashboard.api import docker_admin_images
from docker_dashboard.api import exceptions

PUBLISH_RULE = (("docker", "docker:image:publish"),)


def _said(request, call, image_id):
    """call(request, image_id); a refusal is shown in the proxy's words
    (Horizon adds its own "Unable to ..." line)."""
    try:
        return call(request, image_id)
    except exceptions.DockerDashboardError as exc:
        messages.error(request, exc.message)
        raise


class PublishImage(tables.BatchAction):
    name = "publish"
    action_type = "danger"
    icon = "globe"
    help_text = _("Every project will see this image and may launch "
                  "containers from it.")
    policy_rules = PUBLISH_RULE

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Publish Image", "Publish Images", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Published Image", "Published Images", count)

    def allowed(self, request, image=None):
        return image is None or not image.public

    def action(self, request, obj_id):
        _said(request, docker_admin_images.image_publish, obj_id)


class WithdrawImage(tables.BatchAction):
    name = "withdraw"
    action_type = "danger"
    icon = "eye-slash"
    help_text = _("Other projects will no longer see this image; their "
                  "containers that use it keep running.")
    policy_rules = PUBLISH_RULE

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Withdraw Image", "Withdraw Images", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Withdrew Image", "Withdrew Images", count)

    def allowed(self, request, image=None):
        return image is None or image.public

    def action(self, request, obj_id):
        answer = _said(request, docker_admin_images.image_withdraw, obj_id)
        if (answer or {}).get("public"):
            # The proxy's DD_PUBLIC_IMAGES lists it: only the operator's
            # setting withdraws it.
            messages.error(request, _(
                "%s stays public: the docker proxy's DD_PUBLIC_IMAGES "
                "setting lists it.") % self.table.get_object_display(
                    self.table.get_object_by_id(obj_id)))
            raise exceptions.DockerDashboardError("still public")


def _tags(image):
    return ", ".join(image.tags) or _("<none>")


def _size(image):
    return filesizeformat(image.size)


def _owner(image):
    return image.owner_name or image.owner_id or "-"


# Container names shown per image: a base image may be used by thousands.
USERS_SHOWN = 5


def _users(image):
    if not image.users:
        return "-"
    names = image.user_names
    shown = ", ".join(names[:USERS_SHOWN])
    if len(names) > USERS_SHOWN:
        shown = _("%(names)s and %(more)d more") % {
            "names": shown, "more": len(names) - USERS_SHOWN}
    return "%d: %s" % (len(names), shown)


class _AdminImagesTable(tables.DataTable):
    name = tables.Column(_tags, verbose_name=_("Repository:Tag"))
    short_id = tables.Column("short_id", verbose_name=_("ID"))
    size = tables.Column(_size, verbose_name=_("Size"))
    created = tables.Column("created_at", verbose_name=_("Created"))
    users = tables.Column(_users, verbose_name=_("Containers"))

    def get_object_id(self, datum):
        return datum.id

    def get_object_display(self, datum):
        return datum.name


class PublicImagesTable(_AdminImagesTable):
    class Meta(object):
        name = "public_images"
        verbose_name = _("Public Images")
        table_actions = (WithdrawImage,)
        row_actions = (WithdrawImage,)


class ProjectImagesTable(_AdminImagesTable):
    owner = tables.Column(_owner, verbose_name=_("Project"))

    class Meta(object):
        name = "project_images"
        verbose_name = _("Project Images")
        columns = ("name", "short_id", "owner", "size", "created", "users")
        table_actions = (PublishImage,)
        row_actions = (PublishImage,)
