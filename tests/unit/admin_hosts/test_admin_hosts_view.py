"""Admin -> Docker -> Hosts with the proxy's answers mocked only to reach
what the shared stack cannot show on demand: a host that does not answer
beside one that does, and the proxy itself failing
(tests/e2e/test_admin_hosts.py and tests/integration/test_drain_placement.py
use the real services)."""
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_hosts
from docker_dashboard.api import exceptions as dd_exceptions
from tests.unit.helpers import DockerTestCase

INDEX_URL = reverse("horizon:admin:docker_hosts:index")

UP = {"name": "host1", "url": "http://h1", "availability_zone": "nova",
      "provider_uuid": "u1", "up": True, "docker_version": "20.10.24",
      "containers": 7, "containers_running": 3, "drained": False,
      "resources": {
          "VCPU": {"total": 2, "reserved": 0, "allocation_ratio": 16.0,
                   "capacity": 32, "used": 8},
          "MEMORY_MB": {"total": 4096, "reserved": 512,
                        "allocation_ratio": 1.0, "capacity": 3584,
                        "used": 3584}}}
DOWN = {"name": "host2", "url": "http://h2", "availability_zone": "az2",
        "provider_uuid": "u2", "up": False, "docker_version": None,
        "containers": None, "containers_running": None, "drained": True,
        "resources": {
            "VCPU": {"total": 2, "reserved": 0, "allocation_ratio": 16.0,
                     "capacity": 32, "used": 0}}}


class AdminHostsTests(DockerTestCase, test.BaseAdminViewTests):

    @test.create_mocks({docker_hosts: ["host_overview"]})
    def test_a_host_that_does_not_answer_is_down_and_the_other_listed(self):
        self.mock_host_overview.return_value = [
            docker_hosts.DockerHostOverview(UP),
            docker_hosts.DockerHostOverview(DOWN)]
        res = self.client.get(INDEX_URL)
        self.assertEqual(200, res.status_code)
        table = res.context["table"]
        rows = {row.datum.name: row for row in table.get_rows()}
        self.assertEqual("Up", str(rows["host1"].cells["state"].data))
        self.assertEqual("Down", str(rows["host2"].cells["state"].data))
        self.assertEqual("Drained", str(rows["host2"].cells["launches"].data))
        self.assertEqual("-", str(rows["host2"].cells["containers"].data))
        self.assertEqual("3 running of 7",
                         str(rows["host1"].cells["containers"].data))
        # A full inventory's bar is drawn full, in the danger colour.
        self.assertContains(res, 'progress-bar progress-bar-danger')
        self.assertContains(res, "3584 of 3584 MB")
        actions = {row.datum.name: sorted(
            a.name for a in table.get_row_actions(row.datum))
            for row in table.get_rows()}
        self.assertEqual({"host1": ["drain"], "host2": ["enable"]}, actions)

    @test.create_mocks({docker_hosts: ["host_overview"]})
    def test_the_proxy_down_is_a_message_not_a_500(self):
        self.mock_host_overview.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker service is not reachable")
        res = self.client.get(INDEX_URL)
        self.assertEqual(200, res.status_code)
        self.assertMessageCount(res, error=1)

    @test.create_mocks({docker_hosts: ["host_overview", "host_drain"]})
    def test_a_refused_drain_says_why(self):
        self.mock_host_overview.return_value = [
            docker_hosts.DockerHostOverview(UP)]
        self.mock_host_drain.side_effect = dd_exceptions.ProxyUnavailable(
            "Placement is unavailable: try again later", status=503)
        res = self.client.post(INDEX_URL, {
            "action": "docker_hosts__drain__host1"})
        self.assertRedirectsNoFollow(res, INDEX_URL)
        texts = [str(m) for m in res.wsgi_request._messages]
        self.assertIn("Placement is unavailable: try again later", texts)
        self.assertIn("Unable to drain host: host1", texts)
