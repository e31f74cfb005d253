"""Minting WebSocket tickets in Horizon: policy, ownership, the answer."""
import os
import tempfile
from unittest import mock

from django.test.utils import override_settings
from django.urls import reverse

from openstack_dashboard import policy
from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.panels.containers import ticket_views
from docker_dashboard import tickets
from tests.unit.helpers import DockerTestCase
from tests.unit.helpers import PROXY_URL
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id

WEB = container_id("web")
SECRET = b"s" * 32


def ticket_url(action="logs", cid=WEB):
    return reverse("horizon:project:docker_containers:ticket",
                   args=[cid, action])


class TicketViewTests(DockerTestCase):

    def setUp(self):
        super().setUp()
        folder = tempfile.mkdtemp()
        self.secret_file = os.path.join(folder, "secret")
        with open(self.secret_file, "wb") as f:
            f.write(SECRET + b"\n")
        patcher = override_settings(DOCKER_DASHBOARD={
            "ticket_secret_file": self.secret_file})
        patcher.enable()
        self.addCleanup(patcher.disable)

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_ticket_for_the_users_container_and_the_proxys_ws_url(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.post(ticket_url("logs", WEB[:12]))
        self.assertEqual(200, res.status_code)
        answer = res.json()
        self.assertEqual(
            "ws://proxy.test:8790/ws/containers/%s/logs" % WEB,
            answer["ws_url"])
        claims = tickets.verify(SECRET, answer["ticket"], WEB, "logs")
        self.assertEqual(self.request.user.project_id, claims.project_id)
        self.assertEqual(self.request.user.id, claims.user_id)
        self.assertEqual("no-store", res["Cache-Control"])
        # Ownership is the proxy's: the container was looked up as the user.
        self.mock_container_get.assert_called_once_with(
            test.IsHttpRequest(), WEB[:12])
        self.assertNotIn(self.request.user.token.id, res.content.decode())

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_another_projects_container_gets_no_ticket(self):
        self.mock_container_get.side_effect = dd_exceptions.NotFound("gone")
        res = self.client.post(ticket_url())
        self.assertEqual(404, res.status_code)
        self.assertNotIn("ticket", res.json())

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_role_without_the_console_policy_gets_no_ticket(self):
        with mock.patch.object(policy, "check", return_value=False) as check:
            res = self.client.post(ticket_url("console"))
        self.assertEqual(403, res.status_code)
        check.assert_called_once_with(
            (("docker", "docker:container:console"),), test.IsHttpRequest())
        self.mock_container_get.assert_not_called()

    def test_get_is_not_allowed(self):
        res = self.client.get(ticket_url())
        self.assertEqual(405, res.status_code)

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_missing_secret_is_a_clear_error(self):
        self.mock_container_get.return_value = container_detail("web")
        os.unlink(self.secret_file)
        res = self.client.post(ticket_url())
        self.assertEqual(503, res.status_code)
        self.assertIn("not configured", res.json()["error"])


def test_websocket_url_keeps_a_path_and_maps_https_to_wss():
    assert ticket_views.websocket_url(
        "https://cloud.example/docker/", "c" * 64, "console") == \
        "wss://cloud.example/docker/ws/containers/%s/console" % ("c" * 64)
    assert ticket_views.websocket_url(PROXY_URL, "c", "logs").startswith(
        "ws://proxy.test:8790/")


class TicketCsrfTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_post_without_the_csrf_token_mints_nothing(self):
        from django.test import Client
        client = Client(enforce_csrf_checks=True)
        client.cookies = self.client.cookies
        res = client.post(ticket_url())
        self.assertNotEqual(200, res.status_code)
        self.assertNotIn(b"ticket", res.content)
        self.mock_container_get.assert_not_called()


def tab(container, slug):
    return "%s?tab=container_details__%s" % (
        reverse("horizon:project:docker_containers:detail",
                args=[container]), slug)


class ConsoleTabTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_running_container_has_a_console_with_its_ticket_url(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(tab(WEB, "console"),
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertContains(res, 'data-ticket-url="%s"' % ticket_url(
            "console"))
        self.assertContains(res, 'value="sh"')
        self.assertContains(res, 'csrfmiddlewaretoken')

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_stopped_container_has_no_console_tab(self):
        self.mock_container_get.return_value = container_detail(
            "web", state="exited")
        res = self.client.get(reverse(
            "horizon:project:docker_containers:detail", args=[WEB]))
        self.assertNotContains(res, "__console")

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_role_without_the_console_policy_has_no_console_tab(self):
        self.mock_container_get.return_value = container_detail("web")

        def check(rules, request, *args, **kwargs):
            return ("docker", "docker:container:console") not in rules
        with override_settings(POLICY_CHECK_FUNCTION=check):
            res = self.client.get(reverse(
                "horizon:project:docker_containers:detail", args=[WEB]))
        self.assertNotContains(res, "__console")
        self.assertContains(res, "__logs")


class LogTabLiveTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ['container_get', 'container_logs']})
    def test_the_logs_tab_carries_the_live_view_and_the_fallback(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_logs.return_value = "<script>x</script>\n"
        res = self.client.get(tab(WEB, "logs"),
                              HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertContains(res, "data-dd-live-logs")
        self.assertContains(res, 'data-ticket-url="%s"' % ticket_url("logs"))
        self.assertContains(res, reverse(
            "horizon:project:docker_containers:log_download", args=[WEB]))
        self.assertContains(res, "&lt;script&gt;x&lt;/script&gt;")
        self.assertNotContains(res, "<script>x</script>")
        self.assertContains(res, 'csrfmiddlewaretoken')
