"""The Containers index view, with the proxy client mocked (Horizon style)."""
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api.wrappers import Container
from tests.unit.helpers import DockerTestCase

INDEX_URL = reverse('horizon:project:docker_containers:index')


def container_row(name, state="running", ports=None):
    return Container({
        "Id": (name * 64)[:64].replace("-", "0"),
        "Names": ["/" + name],
        "Image": "busybox:latest",
        "State": state,
        "Status": "Up 5 minutes" if state == "running" else "Exited (0)",
        "Ports": ports or [],
        "Created": 1700000000,
        "Labels": {},
    })


class ContainersIndexTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_lists_the_projects_containers(self):
        self.mock_container_list.return_value = [
            container_row("web", ports=[{"IP": "0.0.0.0", "PrivatePort": 80,
                                         "PublicPort": 8080,
                                         "Type": "tcp"}]),
            container_row("batch", state="exited"),
        ]
        res = self.client.get(INDEX_URL)
        self.assertTemplateUsed(res, 'docker_dashboard/containers/index.html')
        rows = res.context['containers_table'].data
        self.assertEqual(["web", "batch"], [r.name for r in rows])
        self.assertContains(res, "0.0.0.0:8080-&gt;80/tcp")
        self.assertContains(res, "Exited")
        self.mock_container_list.assert_called_once_with(test.IsHttpRequest())

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
