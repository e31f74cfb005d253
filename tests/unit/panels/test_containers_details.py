"""The details page, its tabs and the row-action forms, with the proxy
mocked."""

from unittest import mock

from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.panels.containers import long_changes
from tests.unit.helpers import DockerTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id

INDEX_URL = reverse('horizon:project:docker_containers:index')
WEB = container_id("web")


def url(name, cid=WEB):
    return reverse('horizon:project:docker_containers:%s' % name, args=[cid])


def tab(name):
    return url("detail") + "?tab=container_details__%s" % name


class DetailPageTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_overview_shows_what_the_container_is(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("detail"))
        self.assertTemplateUsed(res, 'horizon/common/_detail.html')
        for text in ("busybox:latest", "sleep 3600", "Running",
                     "0.0.0.0:8080-&gt;80/tcp", "/data", "172.17.0.5",
                     "tier", "GREETING", "hello", "512 MiB", "on-failure"):
            self.assertContains(res, text)
        # A secret-looking value is behind a reveal, not shown inline.
        self.assertContains(res, 'Hidden (looks secret): reveal</summary>'
                                 '<code>hunter2</code>')
        self.assertNotContains(res, "<code>hunter2</code>\n          ")
        # The row's actions are offered on the page too.
        self.assertContains(res, "Stop Container")

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_missing_container_goes_back_to_the_list(self):
        self.mock_container_get.side_effect = dd_exceptions.NotFound(
            "No such container", status=404)
        res = self.client.get(url("detail"))
        self.assertRedirectsNoFollow(res, INDEX_URL)

    @test.create_mocks({docker_proxy: ['container_get', 'container_top']})
    def test_processes_tab_lists_top(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_top.return_value = {
            "Titles": ["PID", "CMD"], "Processes": [["42", "sleep 3600"]]}
        res = self.client.get(tab("processes"),
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertContains(res, "<td>sleep 3600</td>")
        self.assertContains(res, "<th>PID</th>")

    @test.create_mocks({docker_proxy: ['container_get', 'container_top']})
    def test_processes_tab_of_a_stopped_container_says_so(self):
        self.mock_container_get.return_value = container_detail(
            "web", state="exited")
        res = self.client.get(tab("processes"),
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertContains(res, "not running")
        self.mock_container_top.assert_not_called()

    @test.create_mocks({docker_proxy: ['container_get',
                                       'container_changes']})
    def test_changes_tab_is_a_tree(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_changes.return_value = [
            {"Path": "/tmp", "Kind": 0}, {"Path": "/tmp/new.txt", "Kind": 1},
            {"Path": "/etc", "Kind": 0}, {"Path": "/etc/motd", "Kind": 2}]
        res = self.client.get(tab("changes"),
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertContains(res, "1 added, 2 changed, 1 deleted")
        self.assertContains(res, 'class="dd-node dd-added" '
                                 'data-path="/tmp/new.txt"')
        self.assertContains(res, 'class="dd-node dd-deleted" '
                                 'data-path="/etc/motd"')

    @test.create_mocks({docker_proxy: ['container_get',
                                       'container_changes']})
    def test_changes_tab_when_the_proxy_fails(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_changes.side_effect = \
            dd_exceptions.ProxyUnavailable("down")
        res = self.client.get(tab("changes"),
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(200, res.status_code)
        self.assertContains(res, "No files were added")

    @test.create_mocks({docker_proxy: ['container_get', 'container_logs']})
    def test_logs_tab_shows_the_last_lines_escaped(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_logs.return_value = "<b>hi</b>\nbye\n"
        res = self.client.get(tab("logs") + "&length=5",
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertContains(res, "&lt;b&gt;hi&lt;/b&gt;")
        self.assertNotContains(res, "<b>hi</b>")
        self.mock_container_logs.assert_called_once_with(
            test.IsHttpRequest(), WEB, tail=5)

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_stats_tab_mints_a_stats_ticket_for_its_websocket(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("detail"))
        ticket_url = reverse('horizon:project:docker_containers:ticket',
                             args=[WEB, "stats"])
        self.assertContains(res, 'data-ticket-url="%s"' % ticket_url)
        self.assertContains(res, 'data-running="1"')
        # Its script is in Horizon's bundle, not inline; the chart's CPU
        # scale is the container's CPU limit.
        self.assertNotContains(res, "docker_dashboard/js/stats_chart.js")
        self.assertContains(res, 'data-cpu-limit="1.0"')
        self.assertContains(res, "csrfmiddlewaretoken")
        # The server-sent events view is gone: nothing streams through
        # Horizon any more.
        self.assertNotContains(res, "stats/events")

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_stopped_container_has_no_live_stats(self):
        self.mock_container_get.return_value = container_detail(
            "web", state="exited")
        res = self.client.get(url("detail"))
        self.assertContains(res, "there are no live figures")
        self.assertNotContains(res, 'data-running="1"')


class RowFormTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ['container_get', 'container_stop']})
    def test_stop_with_a_timeout(self):
        self.mock_container_get.return_value = container_detail("web")
        with mock.patch.object(long_changes, "run_later",
                               side_effect=lambda f, *a, **k: f(*a, **k)):
            res = self.client.post(url("stop"), {"container_id": WEB,
                                                 "timeout": "3"})
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.mock_container_stop.assert_called_once_with(
            test.IsHttpRequest(), WEB, timeout=3)

    @test.create_mocks({docker_proxy: ['container_get', 'container_kill']})
    def test_kill_with_a_chosen_signal(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("kill"))
        self.assertContains(res, "SIGHUP")
        self.client.post(url("kill"), {"container_id": WEB,
                                       "signal": "SIGHUP"})
        self.mock_container_kill.assert_called_once_with(
            test.IsHttpRequest(), WEB, signal="SIGHUP")

    @test.create_mocks({docker_proxy: ['container_get', 'container_kill']})
    def test_kill_refuses_an_unknown_signal(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.post(url("kill"), {"container_id": WEB,
                                             "signal": "SIGBOGUS"})
        self.assertFormErrors(res, 1)
        self.mock_container_kill.assert_not_called()

    @test.create_mocks({docker_proxy: ['container_get', 'container_rename']})
    def test_rename(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("rename"))
        self.assertContains(res, 'value="web"')
        self.client.post(url("rename"), {"container_id": WEB,
                                         "name": "web-2"})
        self.mock_container_rename.assert_called_once_with(
            test.IsHttpRequest(), WEB, "web-2")

    @test.create_mocks({docker_proxy: ['container_get', 'container_rename']})
    def test_rename_to_a_taken_name_stays_on_the_form(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_rename.side_effect = dd_exceptions.ProxyRefused(
            'Conflict. The container name "/db" is already in use',
            status=409)
        res = self.client.post(url("rename"), {"container_id": WEB,
                                               "name": "db"})
        self.assertContains(res, "is already in use")

    @test.create_mocks({docker_proxy: ['container_get', 'container_update']})
    def test_update_limits(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("update"))
        self.assertContains(res, 'value="512"')
        self.client.post(url("update"), {"container_id": WEB, "vcpus": "1.5",
                                         "memory_mb": "1024"})
        self.mock_container_update.assert_called_once_with(
            test.IsHttpRequest(), WEB, nano_cpus=1500000000,
            memory=1024 * 1024 * 1024)
