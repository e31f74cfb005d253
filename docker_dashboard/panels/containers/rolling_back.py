"""Rolling back without holding the page (long_changes.py).

A roll back stops the old container gracefully (its grace period, so that a
database on a volume flushes before the new container mounts the volume),
then creates and starts the new one: seconds to tens of seconds. The form
answers at once; the row says "Rolling back" under the container's name
and settles to the new container, or to the old one restored, with the
outcome told on the user's next page or row update.
"""
import functools

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import snapshots
from docker_dashboard.panels.containers import long_changes

# The old container's grace period is Docker's (10 s unless it was given
# its own), then a create and a start: past this the row shows Docker's
# state again, whatever happened.
LONGEST = 300


def begin(request, container_id, image_id):
    """Starts rolling the container back to `image_id`; returns its name.
    The container is looked up first: one the user cannot see is refused
    here, in the form, not later."""
    old = docker_proxy.container_get(request, container_id)
    long_changes.begin(
        request, old.id, long_changes.ROLLING_BACK, LONGEST,
        functools.partial(snapshots.rollback, request, old.id, image_id),
        name=old.name)
    return old.name
