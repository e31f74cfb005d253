from django.utils.translation import gettext_lazy as _

from horizon import exceptions
from horizon import tables

from docker_dashboard.api import docker_admin_images
from docker_dashboard.api import keystone_projects
from docker_dashboard.panels.admin.images import tables as admin_tables


class IndexView(tables.MultiTableView):
    """The public images above, every project's below: one image list,
    one container list and one Keystone project list per page."""
    table_classes = (admin_tables.PublicImagesTable,
                     admin_tables.ProjectImagesTable)
    template_name = "docker_dashboard/admin_images/index.html"
    page_title = _("Docker Images")

    def _images(self):
        if not hasattr(self, "_all"):
            try:
                self._all = docker_admin_images.image_list(self.request)
            except Exception as exc:
                self._all = []
                exceptions.handle(self.request,
                                  _("Unable to retrieve images: %s")
                                  % (getattr(exc, "message", None) or exc))
            try:
                names = keystone_projects.project_names(self.request)
            except Exception:
                names = {}
                exceptions.handle(self.request,
                                  _("Unable to list the projects."))
            for image in self._all:
                image.owner_name = names.get(image.owner_id, "")
            # Newest first, as `docker images` lists them.
            self._all.sort(key=lambda i: (-(i.created.timestamp()
                                            if i.created else 0), i.id))
        return self._all

    def get_public_images_data(self):
        return [image for image in self._images() if image.public]

    def get_project_images_data(self):
        return [image for image in self._images() if not image.public]
