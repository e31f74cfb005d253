"""Roll back answers at once: the row says "Rolling back" under the
container's name and settles to the new container, or to the old one
restored with the reason told (issue 10). The same mechanism as Stop
(long_changes.py), with the outcome left by the worker thread."""
import json
from unittest import mock

from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import snapshots
from docker_dashboard.api import wrappers
from docker_dashboard.panels.containers import long_changes
from tests.unit.helpers import DockerTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id
from tests.unit.panels.container_data import container_row

CONTAINERS = reverse("horizon:project:docker_containers:index")
ROLLBACK = reverse("horizon:project:docker_snapshots:rollback",
                   args=["sha256:" + "b" * 64])
IMAGE = "sha256:" + "b" * 64
OLD = container_id("web")
NEW = container_id("web-new")
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
ROW_UPDATE = CONTAINERS + "?action=row_update&table=containers&obj_id=" + OLD


def snapshot():
    image = wrappers.Image({
        "Id": IMAGE, "RepoTags": ["web:before"], "Size": 1, "Created": 1,
        "Labels": {snapshots.SNAPSHOT_LABEL: OLD}})
    image.container = {"name": "web", "id": OLD}
    return image


def renamed(row, name, state):
    """The old container while the roll back runs: parked under another
    name, stopped by it."""
    row._apidict["Names"] = ["/" + name]
    row._apidict["State"] = state
    return row


def new_container_detail():
    detail = container_detail("web")
    detail._apidict["Id"] = NEW
    return detail


class RollBackAnswersAtOnceTests(DockerTestCase):

    def roll_back(self):
        """Submits the Roll Back modal; returns the work handed to the
        worker thread (not run yet)."""
        later = []
        with mock.patch.object(long_changes, "run_later",
                               side_effect=lambda *a, **k: later.append(a)):
            res = self.client.post(ROLLBACK, {"image_id": IMAGE,
                                              "container_id": OLD})
        self.assertNoFormErrors(res)
        # The user is taken where the row is.
        self.assertRedirectsNoFollow(res, CONTAINERS)
        self.assertEqual(1, len(later))
        return later[0]

    @test.create_mocks({snapshots: ["snapshot_get", "rollback"],
                        docker_proxy: ["container_get", "container_list"]})
    def test_the_row_rolls_back_and_a_failure_is_told_on_the_next_page(self):
        self.mock_snapshot_get.return_value = snapshot()
        self.mock_container_get.return_value = container_detail("web")
        func, *args = self.roll_back()
        # The form did not wait for the roll back.
        self.mock_rollback.assert_not_called()

        # Midway: the old one is parked under another name and its
        # successor exists. One row, under the name the user knows.
        self.mock_container_list.return_value = [
            renamed(container_row("web"), "web-before-rollback-1", "exited"),
            renamed(container_row("web-new"), "web", "created")]
        res = self.client.get(CONTAINERS)
        page = res.content.decode()
        self.assertContains(res, "Rolling back web")
        self.assertRegex(page, r">\s*Rolling back\s*</td>")
        self.assertContains(res, 'data-display="web"', count=1)
        self.assertNotIn(NEW, page)
        self.assertNotIn("web-before-rollback-1", page)
        # A transitional state: Horizon's JS keeps updating the row.
        self.assertContains(res, '<tr class="ajax-update')

        # The new container cannot start: the old one is restored.
        self.mock_rollback.side_effect = dd_exceptions.ProxyRefused(
            "Bind for 0.0.0.0:8080 failed: port is already allocated")
        outcome = func(*args)
        self.mock_rollback.assert_called_once_with(
            test.IsHttpRequest(), OLD, IMAGE)
        self.assertIn("error", outcome)
        self.mock_container_list.return_value = [container_row("web")]
        res = self.client.get(CONTAINERS)
        told = " ".join(str(m) for m in res.context["messages"])
        self.assertIn("Roll back of web failed; the container was left as "
                      "it was", told)
        # Explained, Docker's own words kept as the details.
        self.assertIn("Host port 8080 is in use", told)
        self.assertIn("port is already allocated", told)
        self.assertRegex(res.content.decode(), r">\s*Running\s*</td>")
        self.assertNotRegex(res.content.decode(), r">\s*Rolling back\s*<")
        self.assertEqual({}, self.client.session[long_changes.SESSION_KEY])
        # Told once.
        res = self.client.get(CONTAINERS)
        self.assertNotIn("Roll back of web failed", " ".join(
            str(m) for m in res.context["messages"]))

    @test.create_mocks({snapshots: ["snapshot_get", "rollback"],
                        docker_proxy: ["container_get"]})
    def test_the_row_update_settles_to_the_new_container(self):
        self.mock_snapshot_get.return_value = snapshot()
        self.mock_container_get.return_value = container_detail("web")
        func, *args = self.roll_back()

        # While it runs, the row update says "Rolling back".
        parked = container_detail("web", state="exited")
        parked._apidict["Name"] = "/web-before-rollback-1"
        self.mock_container_get.return_value = parked
        res = self.client.get(ROW_UPDATE, **AJAX)
        self.assertRegex(res.content.decode(), r">\s*Rolling back\s*</td>")
        self.assertIn('data-display="web"', res.content.decode())

        # Done: the old container is gone; the row becomes its successor.
        self.mock_rollback.return_value = NEW
        func(*args)
        gone = dd_exceptions.NotFound("No such container", status=404)
        self.mock_container_get.side_effect = lambda request, ref: {
            "web": new_container_detail()}.get(ref) or _raise(gone)
        res = self.client.get(ROW_UPDATE, **AJAX)
        self.assertEqual(200, res.status_code)
        page = res.content.decode()
        self.assertIn('data-object-id="%s"' % NEW, page)
        self.assertRegex(page, r">\s*Running\s*</td>")
        # Told in the toast Horizon shows for an ajax answer.
        told = json.loads(res["X-Horizon-Messages"])
        self.assertIn("web was rolled back.", [m[1] for m in told])
        self.assertEqual({}, self.client.session[long_changes.SESSION_KEY])

    @test.create_mocks({docker_proxy: ["container_get"]})
    def test_a_deleted_container_that_was_not_rolled_back_leaves_the_table(
            self):
        self.mock_container_get.side_effect = dd_exceptions.NotFound(
            "No such container", status=404)
        res = self.client.get(ROW_UPDATE, **AJAX)
        self.assertEqual(404, res.status_code)


def _raise(exc):
    raise exc
