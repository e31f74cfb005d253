"""Minting the Stats tab's ticket: the stats policy (readers may), a ticket
that opens the stats WebSocket only, and the proxy's stats address."""
import os
import tempfile
from unittest import mock

from django.test.utils import override_settings
from django.urls import reverse

from openstack_dashboard import policy
from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard import tickets
from tests.unit.helpers import DockerTestCase
from tests.unit.helpers import ReaderTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id

WEB = container_id("web")
SECRET = b"t" * 32


def ticket_url(action="stats", cid=WEB):
    return reverse("horizon:project:docker_containers:ticket",
                   args=[cid, action])


class SecretMixin:
    def setUp(self):
        super().setUp()
        folder = tempfile.mkdtemp()
        secret_file = os.path.join(folder, "secret")
        with open(secret_file, "wb") as f:
            f.write(SECRET)
        patcher = override_settings(DOCKER_DASHBOARD={
            "ticket_secret_file": secret_file})
        patcher.enable()
        self.addCleanup(patcher.disable)


class StatsTicketTests(SecretMixin, DockerTestCase):

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_stats_ticket_for_the_stats_websocket_only(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.post(ticket_url())
        self.assertEqual(200, res.status_code)
        answer = res.json()
        self.assertEqual(
            "ws://proxy.test:8790/ws/containers/%s/stats" % WEB,
            answer["ws_url"])
        claims = tickets.verify(SECRET, answer["ticket"], WEB, "stats")
        self.assertEqual(self.request.user.project_id, claims.project_id)
        for other in ("logs", "console"):
            with self.assertRaises(tickets.TicketError):
                tickets.verify(SECRET, answer["ticket"], WEB, other)
        self.assertEqual("no-store", res["Cache-Control"])

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_the_stats_policy_is_the_one_checked(self):
        with mock.patch.object(policy, "check", return_value=False) as check:
            res = self.client.post(ticket_url())
        self.assertEqual(403, res.status_code)
        check.assert_called_once_with(
            (("docker", "docker:container:stats"),), test.IsHttpRequest())
        self.mock_container_get.assert_not_called()

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_another_projects_container_gets_no_stats_ticket(self):
        self.mock_container_get.side_effect = dd_exceptions.NotFound("gone")
        res = self.client.post(ticket_url())
        self.assertEqual(404, res.status_code)
        self.assertNotIn("ticket", res.json())

    def test_an_unknown_action_has_no_ticket_url(self):
        res = self.client.post(reverse(
            "horizon:project:docker_containers:index") + "%s/ticket/top/" % WEB)
        self.assertEqual(404, res.status_code)


class ReaderStatsTicketTests(SecretMixin, ReaderTestCase):
    """With the plugin's real policy file: a reader watches stats but gets
    no console."""

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_reader_gets_a_stats_ticket_but_no_console_ticket(self):
        self.mock_container_get.return_value = container_detail("web")
        self.assertEqual(200, self.client.post(ticket_url("stats")).status_code)
        self.assertEqual(403,
                         self.client.post(ticket_url("console")).status_code)
