"""Every project's images for an admin (Admin -> Docker -> Images), through
the routing endpoint: the image list with `?all_projects=1` (each row names
its owner, from the proxy's record), the container list of every project
and host (which containers use each image), and the proxy's admin routes
that publish or withdraw an image.

Two Engine API calls per page, whatever the number of images.
"""
from docker_dashboard.api.docker_proxy import _call
from docker_dashboard.api.docker_proxy import client
from docker_dashboard.api.wrappers import Image

# The field the proxy adds to each row of an admin's all-projects list
# (proxy/rules/images.py OWNER_FIELD): the owning project's id, "" for a
# public image and for the host's own.
OWNER_FIELD = "DDOwner"


class AdminImage(Image):
    """An image with its owner and the containers (of any project, on any
    host) that use it."""

    def __init__(self, apidict, users=()):
        super().__init__(apidict, containers=len(users))
        self.users = list(users)
        self.owner_id = apidict.get(OWNER_FIELD) or ""
        # Filled by the view from Keystone's project list.
        self.owner_name = ""

    @property
    def user_names(self):
        return sorted(name for name, _project in self.users)


def _users_by_image(api):
    """{image id: [(container name, project id), ...]} over every
    project's containers on every host."""
    rows = _call(api.proxy_json, "GET", "/containers/json",
                 params={"all": 1, "all_projects": 1})
    using = {}
    for row in rows or []:
        names = row.get("Names") or [row.get("Id", "")[:12]]
        project = (row.get("Labels") or {}).get("org.openstack.project-id",
                                                "")
        using.setdefault(row.get("ImageID"), []).append(
            (names[0].lstrip("/"), project))
    return using


def image_list(request):
    """Every image of the routing endpoint's host, public and every
    project's, as AdminImage rows."""
    api = client(request)
    rows = _call(api.proxy_json, "GET", "/images/json",
                 params={"all_projects": 1})
    using = _users_by_image(api)
    return [AdminImage(row, using.get(row["Id"], ())) for row in rows or []]


def image_publish(request, image_id):
    """Make an image public: every project may see and launch it."""
    return _call(client(request).proxy_json, "POST", "/dd/images/{0}/publish",
                 image_id)


def image_withdraw(request, image_id):
    """Make a public image its owner's again (or no one's, for the
    host's own): the other projects no longer see it."""
    return _call(client(request).proxy_json, "DELETE",
                 "/dd/images/{0}/publish", image_id)
