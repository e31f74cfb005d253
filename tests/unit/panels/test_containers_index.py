"""The Containers index view, with the proxy client mocked (Horizon style)."""

from django.conf import settings
from django.test.utils import override_settings
from unittest import mock

from django.urls import reverse

from openstack_dashboard.test import helpers as test


from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api.wrappers import HOST_LABEL
from docker_dashboard.panels.containers import long_changes
from tests.unit.helpers import DockerTestCase
from tests.unit.helpers import ReaderTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id
from tests.unit.panels.container_data import container_row

INDEX_URL = reverse('horizon:project:docker_containers:index')
PAGE_SIZE = settings.API_RESULT_PAGE_SIZE


def names(response):
    return [row.name for row in response.context['containers_table'].data]


class ContainersIndexTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_lists_the_projects_containers(self):
        self.mock_container_list.return_value = [
            container_row("web", ports=[{"IP": "0.0.0.0", "PrivatePort": 80,
                                         "PublicPort": 8080,
                                         "Type": "tcp"}],
                          labels={HOST_LABEL: "host2"}),
            container_row("batch", state="exited"),
        ]
        res = self.client.get(INDEX_URL)
        self.assertTemplateUsed(res, 'docker_dashboard/containers/index.html')
        rows = res.context['containers_table'].data
        self.assertEqual(["web", "batch"], [r.name for r in rows])
        self.assertContains(res, "0.0.0.0:8080-&gt;80/tcp")
        self.assertContains(res, "Exited")
        self.assertContains(res, "5 minutes")       # the uptime column
        # The host column (Horizon's test policy lets everyone see it),
        # from the label the host's proxy wrote.
        self.assertEqual(["host2", None], [r.host for r in rows])
        self.assertContains(res, "host2")
        # The name links to the details page.
        self.assertContains(res, reverse(
            'horizon:project:docker_containers:detail',
            args=[container_id("web")]))
        # One list call, cut by Docker at one row past the page.
        self.mock_container_list.assert_called_once_with(
            test.IsHttpRequest(), filters=None, limit=PAGE_SIZE + 1)

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_empty_project_says_how_to_launch(self):
        self.mock_container_list.return_value = []
        res = self.client.get(INDEX_URL)
        self.assertContains(res, "No containers yet")
        self.assertContains(res, "Launch Container")

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_state_gates_the_row_actions(self):
        running = container_row("web")
        stopped = container_row("batch", state="exited")
        self.mock_container_list.return_value = [running, stopped]
        res = self.client.get(INDEX_URL)
        table = res.context['containers_table']
        names = {row: [a.name for a in table.get_row_actions(row)]
                 for row in ("web", "batch") for row in [
                     running if row == "web" else stopped]}
        self.assertIn("stop", names[running])
        self.assertIn("pause", names[running])
        self.assertIn("force_delete", names[running])
        self.assertNotIn("start", names[running])
        self.assertNotIn("delete", names[running])
        self.assertIn("start", names[stopped])
        self.assertIn("delete", names[stopped])
        self.assertNotIn("stop", names[stopped])
        self.assertNotIn("kill", names[stopped])

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_server_filter_is_docker_s_own(self):
        self.mock_container_list.return_value = []
        self.client.post(INDEX_URL, data={
            "containers__filter__q_field": "status",
            "containers__filter__q": "exited"})
        self.client.get(INDEX_URL)
        self.mock_container_list.assert_called_with(
            test.IsHttpRequest(), filters={"status": ["exited"]},
            limit=PAGE_SIZE + 1)

    @override_settings(API_RESULT_PAGE_SIZE=2)
    @test.create_mocks({docker_proxy: ['container_list']})
    def test_pages_are_cut_by_docker_at_the_marker(self):
        rows = [container_row("c%d" % i) for i in range(5)]
        self.mock_container_list.return_value = rows[:3]
        res = self.client.get(INDEX_URL)
        self.assertEqual(["c0", "c1"], names(res))
        self.assertContains(res, "Next&nbsp;&raquo;")
        self.assertContains(res, "marker=%s" % rows[1].id)
        self.mock_container_list.assert_called_with(
            test.IsHttpRequest(), filters=None, limit=3)

        self.mock_container_list.return_value = rows[4:]
        res = self.client.get(INDEX_URL + "?marker=%s" % rows[3].id)
        self.assertEqual(["c4"], names(res))
        self.assertContains(res, "prev_marker=%s" % rows[4].id)
        self.assertNotContains(res, "Next&nbsp;&raquo;")
        self.mock_container_list.assert_called_with(
            test.IsHttpRequest(), filters={"before": [rows[3].id]}, limit=3)

        self.mock_container_list.return_value = rows[:4]
        res = self.client.get(INDEX_URL + "?prev_marker=%s" % rows[4].id)
        self.assertEqual(["c2", "c3"], names(res))
        self.mock_container_list.assert_called_with(
            test.IsHttpRequest(), filters={"since": [rows[4].id]}, limit=None)
        # Each page is one list call, never one call per row.
        self.assertEqual(3, self.mock_container_list.call_count)

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_a_vanished_marker_starts_over(self):
        self.mock_container_list.side_effect = [
            dd_exceptions.NotFound("No such container", status=404),
            [container_row("web")]]
        res = self.client.get(INDEX_URL + "?marker=%s" % container_id("gone"))
        self.assertEqual(["web"], names(res))

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_proxy_down_shows_a_message_not_a_500(self):
        self.mock_container_list.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker service is not reachable: connection refused")
        res = self.client.get(INDEX_URL)
        self.assertEqual(200, res.status_code)
        self.assertEqual([], list(res.context['containers_table'].data))
        self.assertMessageCount(res, error=1)

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_refusal_is_shown_in_the_proxys_words(self):
        self.mock_container_list.side_effect = dd_exceptions.ProxyRefused(
            "The Docker daemon is not reachable", status=502)
        res = self.client.get(INDEX_URL, follow=True)
        messages = [str(m) for m in res.context['messages']]
        self.assertTrue(any("The Docker daemon is not reachable" in m
                            for m in messages), messages)


class RowUpdateTests(DockerTestCase):
    """Horizon's JS refetches a transitional row through inspect."""

    def row_url(self, name):
        return INDEX_URL + "?action=row_update&table=containers&obj_id=%s" % (
            container_id(name))

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_row_is_rebuilt_from_inspect(self):
        self.mock_container_get.return_value = container_detail(
            "web", labels={HOST_LABEL: "host2"})
        res = self.client.get(self.row_url("web"),
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(200, res.status_code)
        self.assertContains(res, "Running")
        self.assertContains(res, "0.0.0.0:8080-&gt;80/tcp")
        self.assertContains(res, "host2")
        self.mock_container_get.assert_called_once_with(
            test.IsHttpRequest(), container_id("web"))

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_deleted_row_answers_404_so_it_is_dropped(self):
        self.mock_container_get.side_effect = dd_exceptions.NotFound(
            "No such container", status=404)
        res = self.client.get(self.row_url("web"),
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(404, res.status_code)


class BatchActionTests(DockerTestCase):

    def post_action(self, action, name):
        return self.client.post(INDEX_URL, {
            "action": "containers__%s__%s" % (action, container_id(name))})

    @test.create_mocks({docker_proxy: ['container_list', 'container_stop']})
    def test_stop(self):
        self.mock_container_list.return_value = [container_row("web")]
        with mock.patch.object(long_changes, "run_later",
                               side_effect=lambda f, *a, **k: f(*a, **k)):
            res = self.post_action("stop", "web")
        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.mock_container_stop.assert_called_once_with(
            test.IsHttpRequest(), container_id("web"), timeout=None)

    @test.create_mocks({docker_proxy: ['container_list', 'container_start']})
    def test_start(self):
        self.mock_container_list.return_value = [
            container_row("web", state="exited")]
        self.post_action("start", "web")
        self.mock_container_start.assert_called_once_with(
            test.IsHttpRequest(), container_id("web"))

    @test.create_mocks({docker_proxy: ['container_list', 'container_delete']})
    def test_force_delete_of_a_running_container(self):
        self.mock_container_list.return_value = [container_row("web")]
        self.post_action("force_delete", "web")
        self.mock_container_delete.assert_called_once_with(
            test.IsHttpRequest(), container_id("web"), force=True)

    @test.create_mocks({docker_proxy: ['container_list', 'container_delete']})
    def test_plain_delete_is_not_offered_for_a_running_one(self):
        self.mock_container_list.return_value = [container_row("web")]
        self.post_action("delete", "web")
        self.mock_container_delete.assert_not_called()

    @test.create_mocks({docker_proxy: ['container_list', 'container_pause']})
    def test_refused_action_is_an_error_message(self):
        self.mock_container_list.return_value = [container_row("web")]
        self.mock_container_pause.side_effect = dd_exceptions.ProxyRefused(
            "You may not pause containers", status=403)
        res = self.post_action("pause", "web")
        self.assertRedirectsNoFollow(res, INDEX_URL)
        res = self.client.get(INDEX_URL)
        self.assertContains(res, "Unable to pause")
        # The reason is shown too, in the proxy's words.
        self.assertContains(res, "You may not pause containers")

    @test.create_mocks({docker_proxy: ['container_list', 'container_pause']})
    def test_a_docker_refusal_says_what_to_do(self):
        self.mock_container_list.return_value = [container_row("web")]
        self.mock_container_pause.side_effect = dd_exceptions.ProxyRefused(
            "Container web is not running", status=409)
        self.post_action("pause", "web")
        res = self.client.get(INDEX_URL)
        self.assertContains(res, "The container is not running: start it "
                                 "first. Details: Container web is not "
                                 "running")

    @test.create_mocks({docker_proxy: ['container_list', 'container_delete']})
    def test_a_refused_delete_says_what_to_do(self):
        """Delete and Force Delete explain Docker's refusal like the other
        actions, not only Horizon's "Unable to delete"."""
        self.mock_container_list.return_value = [
            container_row("web", state="exited"), container_row("db")]
        self.mock_container_delete.side_effect = [
            dd_exceptions.ProxyRefused(
                "You cannot remove a running container %s. Stop the "
                "container before attempting removal or force remove"
                % container_id("web"), status=409),
            dd_exceptions.ProxyRefused(
                "removal of container %s is already in progress"
                % container_id("db"), status=409)]
        self.post_action("delete", "web")
        res = self.client.get(INDEX_URL)
        self.assertContains(res, "The container is running: stop it first, "
                                 "or use Force Delete. Details: You cannot "
                                 "remove a running container")
        self.post_action("force_delete", "db")
        res = self.client.get(INDEX_URL)
        self.assertContains(res, "The container is already being deleted")
        self.assertContains(res, "is already in progress")
        self.assertEqual(
            [mock.call(test.IsHttpRequest(), container_id("web")),
             mock.call(test.IsHttpRequest(), container_id("db"), force=True)],
            self.mock_container_delete.call_args_list)




class ReaderTests(ReaderTestCase):
    """What a reader is shown follows the plugin's real policy file."""

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_reader_sees_no_launch_or_delete(self):
        self.mock_container_list.return_value = [
            container_row("web"), container_row("batch", state="exited")]
        res = self.client.get(INDEX_URL)
        self.assertContains(res, "batch")
        self.assertNotContains(res, "Launch Container")
        self.assertNotContains(res, "Delete Container")
        self.assertNotContains(res, "Stop Container")

    @test.create_mocks({docker_proxy: ['image_list', 'container_get',
                                       'container_create', 'container_stop']})
    def test_reader_following_a_link_is_refused_before_the_proxy(self):
        launch = reverse('horizon:project:docker_containers:launch')
        stop = reverse('horizon:project:docker_containers:stop',
                       args=[container_id("web")])
        for url in (launch, stop):
            res = self.client.get(url)
            self.assertEqual(403, res.status_code)
        self.mock_image_list.assert_not_called()
        self.mock_container_get.assert_not_called()
