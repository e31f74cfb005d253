"""The project's docker-format Glance images, through Horizon's own Glance
api module (its client factory, its wrappers)."""
from openstack_dashboard.api import glance


def docker_image_list(request):
    """Images the user can see in Glance that hold a `docker save` tarball
    (container_format=docker), newest first."""
    images, _more, _prev = glance.image_list_detailed(
        request, filters={"container_format": "docker"},
        sort_dir="desc", sort_key="created_at")
    return [i for i in images if getattr(i, "container_format", "") == "docker"]


def docker_image_get(request, image_id):
    """One Glance image (the Snapshots page's ajax row update)."""
    return glance.image_get(request, image_id)
