"""The Logs tab's full download: streamed as a text attachment."""
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_logs
from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from tests.unit.helpers import DockerTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id

WEB = container_id("web")
URL = reverse("horizon:project:docker_containers:log_download", args=[WEB])


class LogDownloadTests(DockerTestCase):

    @test.create_mocks({docker_logs: ['container_log_stream'],
                        docker_proxy: ['container_get']})
    def test_the_whole_log_is_streamed_as_a_text_attachment(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_log_stream.return_value = iter(
            [b"<b>one</b>\n", b"two\n"])
        res = self.client.get(URL + "?timestamps=1")
        self.assertTrue(res.streaming)
        self.assertEqual(b"<b>one</b>\ntwo\n", b"".join(res.streaming_content))
        self.assertEqual("text/plain; charset=utf-8", res["Content-Type"])
        # Named by the container's name and the time, as a user files it.
        self.assertRegex(res["Content-Disposition"],
                         r'^attachment; filename="web-\d{8}-\d{6}Z\.log"$')
        self.assertEqual("nosniff", res["X-Content-Type-Options"])
        self.mock_container_log_stream.assert_called_once_with(
            test.IsHttpRequest(), WEB, timestamps=True)

    @test.create_mocks({docker_logs: ['container_log_stream'],
                        docker_proxy: ['container_get']})
    def test_another_projects_container_is_not_found(self):
        self.mock_container_get.side_effect = dd_exceptions.NotFound("gone")
        res = self.client.get(URL)
        self.assertEqual(404, res.status_code)

    @test.create_mocks({docker_logs: ['container_log_stream'],
                        docker_proxy: ['container_get']})
    def test_a_proxy_outage_is_a_clear_error(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_log_stream.side_effect = \
            dd_exceptions.ProxyUnavailable("The docker service is down")
        res = self.client.get(URL)
        self.assertEqual(503, res.status_code)
        self.assertIn(b"docker service is down", res.content)
