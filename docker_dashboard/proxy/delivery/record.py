"""Recording that this host holds an image, where the image is made or
arrives (a load, a pull, a build, a commit, a delivery), and that it no
longer does, where it is removed."""
import logging

from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state.image_hosts import ImageHosts

LOG = logging.getLogger(__name__)


def held(app, image_id):
    """This host holds `image_id` now. The record is a hint for finding a
    holder quickly (every host is asked when it has none): a state database
    that fails the write does not fail the work that made the image."""
    if not image_id:
        return
    try:
        ImageHosts(app["database"]).add(image_id, app["config"].host_name)
    except database.Unavailable as error:
        LOG.warning("image %s not recorded on this host: %s", image_id,
                    error.orig)


def gone(app, answer):
    """This host's dockerd answered a removal with `answer` (its list of
    `{"Untagged": ...}` and `{"Deleted": <id>}`): the ids deleted are no
    longer held here."""
    deleted = [entry["Deleted"] for entry in answer or []
               if isinstance(entry, dict) and entry.get("Deleted")]
    if not deleted:
        return
    record = ImageHosts(app["database"])
    try:
        for image_id in deleted:
            record.forget(image_id, app["config"].host_name)
    except database.Unavailable as error:
        LOG.warning("removed images still recorded on this host: %s",
                    error.orig)
