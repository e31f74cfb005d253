"""Stop answers at once; the row says "Stopping" and Horizon's row update
follows it until Docker reports it down (issue 10)."""
from unittest import mock

from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.panels.containers import long_changes
from tests.unit.helpers import DockerTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id
from tests.unit.panels.container_data import container_row

INDEX_URL = reverse("horizon:project:docker_containers:index")
WEB = container_id("web")
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
ROW_UPDATE = INDEX_URL + "?action=row_update&table=containers&obj_id=" + WEB


class StopAnswersAtOnceTests(DockerTestCase):

    def stop(self):
        """Clicks Stop; returns the stops handed to the worker thread."""
        later = []
        with mock.patch.object(long_changes, "run_later",
                               side_effect=lambda *a, **k: later.append(a)):
            res = self.client.post(INDEX_URL, {
                "action": "containers__stop__%s" % WEB})
        self.assertRedirectsNoFollow(res, INDEX_URL)
        return later

    @test.create_mocks({docker_proxy: ["container_list", "container_get",
                                       "container_stop"]})
    def test_the_row_says_stopping_until_docker_reports_it_down(self):
        self.mock_container_list.return_value = [container_row("web")]
        later = self.stop()
        # The page did not wait for Docker: the stop runs afterwards.
        self.mock_container_stop.assert_not_called()
        self.assertEqual(1, len(later))
        res = self.client.get(INDEX_URL)
        self.assertContains(res, "Stopping Container: web")
        self.assertRegex(res.content.decode(), r">\s*Stopping\s*</td>")
        # A transitional state: Horizon's JS keeps updating the row.
        self.assertContains(res, '<tr class="ajax-update')
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(ROW_UPDATE, **AJAX)
        self.assertRegex(res.content.decode(), r">\s*Stopping\s*</td>")
        # The worker thread's stop reaches Docker with its default grace.
        func, *args = later[0]
        func(*args)
        self.mock_container_stop.assert_called_once_with(
            test.IsHttpRequest(), WEB, timeout=None)
        self.mock_container_get.return_value = container_detail(
            "web", state="exited")
        res = self.client.get(ROW_UPDATE, **AJAX)
        self.assertRegex(res.content.decode(), r">\s*Exited\s*</td>")
        self.assertNotRegex(res.content.decode(), r">\s*Stopping\s*</td>")
        self.assertEqual({}, self.client.session[long_changes.SESSION_KEY])

    @test.create_mocks({docker_proxy: ["container_list", "container_stop"]})
    def test_start_restart_pause_resume_are_not_called_irreversible(self):
        self.mock_container_list.return_value = [
            container_row("web"), container_row("batch", state="exited"),
            container_row("nap", state="paused")]
        res = self.client.get(INDEX_URL)
        table = res.context["containers_table"]
        helps = {action.name: str(getattr(action, "help_text", "") or "")
                 for row in table.data
                 for action in table.get_row_actions(row)}
        for name in ("start", "restart", "pause", "unpause"):
            self.assertNotIn("cannot be undone", helps[name], name)
        self.assertIn("killed", helps["stop"])
