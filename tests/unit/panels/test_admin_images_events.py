"""Admin -> Docker -> Images and Events, view logic with the api functions
mocked (the real services are tests/integration/test_admin_*.py and
tests/e2e/test_admin_*.py): what the tables show, the actions' calls, the
events ticket, and each way a service can fail."""
import os
import tempfile
from unittest import mock

from django.test.utils import override_settings
from django.urls import reverse

from openstack_dashboard import policy
from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_admin_images
from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import keystone_projects
from docker_dashboard.api.wrappers import DockerHosts
from docker_dashboard import tickets
from tests.unit.helpers import DockerTestCase

IMAGES_URL = reverse("horizon:admin:docker_images:index")
EVENTS_URL = reverse("horizon:admin:docker_events:index")
TICKET_URL = reverse("horizon:admin:docker_events:ticket")
DEMO = "d" * 32
PUBLIC_ID = "sha256:" + "1" * 64
DEMO_ID = "sha256:" + "2" * 64
SECRET = b"s" * 32


def image_rows():
    public = docker_admin_images.AdminImage(
        {"Id": PUBLIC_ID, "RepoTags": ["busybox:latest"], "Size": 2000000,
         "Created": 1700000000, "DDOwner": "",
         "Labels": {"org.openstack.public": "true"}},
        users=[("web", DEMO), ("cache", DEMO)])
    own = docker_admin_images.AdminImage(
        {"Id": DEMO_ID, "RepoTags": ["app:1"], "Size": 3000000,
         "Created": 1700000100, "DDOwner": DEMO, "Labels": {}},
        users=[("worker", DEMO)])
    return [public, own]


class AdminTestCase(DockerTestCase, test.BaseAdminViewTests):
    pass


class AdminImagesTests(AdminTestCase):

    @test.create_mocks({docker_admin_images: ['image_list'],
                        keystone_projects: ['project_names']})
    def test_public_and_project_images_with_owner_and_users(self):
        self.mock_image_list.return_value = image_rows()
        self.mock_project_names.return_value = {DEMO: "demo"}
        res = self.client.get(IMAGES_URL)
        public = res.context["public_images_table"].data
        projects = res.context["project_images_table"].data
        self.assertEqual([PUBLIC_ID], [image.id for image in public])
        self.assertEqual([DEMO_ID], [image.id for image in projects])
        self.assertEqual("demo", projects[0].owner_name)
        content = res.content.decode()
        self.assertIn("2: cache, web", content)
        self.assertIn("1: worker", content)
        self.assertIn("project_images__row_%s__action_publish" % DEMO_ID,
                      content)
        self.assertIn("public_images__row_%s__action_withdraw" % PUBLIC_ID,
                      content)
        self.assertNotIn("project_images__row_%s__action_withdraw" % DEMO_ID,
                         content)

    @test.create_mocks({docker_admin_images: ['image_list'],
                        keystone_projects: ['project_names']})
    def test_an_image_used_by_thousands_names_a_few(self):
        rows = image_rows()
        rows[0].users = [("c%04d" % n, DEMO) for n in range(5000)]
        self.mock_image_list.return_value = rows
        self.mock_project_names.return_value = {}
        content = self.client.get(IMAGES_URL).content.decode()
        self.assertIn("5000: c0000, c0001, c0002, c0003, c0004 and 4995 more",
                      content)
        self.assertNotIn("c0005", content)

    @test.create_mocks({docker_admin_images: ['image_list'],
                        keystone_projects: ['project_names']})
    def test_a_proxy_that_fails_is_a_message_not_an_error_page(self):
        self.mock_image_list.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker proxy is not answering")
        self.mock_project_names.return_value = {}
        res = self.client.get(IMAGES_URL)
        self.assertEqual(200, res.status_code)
        self.assertEqual([], res.context["project_images_table"].data)
        self.assertMessageCount(res, error=1)

    @test.create_mocks({docker_admin_images: ['image_list', 'image_publish'],
                        keystone_projects: ['project_names']})
    def test_publish_calls_the_proxy_for_that_image(self):
        self.mock_image_list.return_value = image_rows()
        self.mock_project_names.return_value = {DEMO: "demo"}
        res = self.client.post(IMAGES_URL, {
            "action": "project_images__publish__%s" % DEMO_ID})
        self.assertRedirectsNoFollow(res, IMAGES_URL)
        self.mock_image_publish.assert_called_once_with(
            test.IsHttpRequest(), DEMO_ID)

    @test.create_mocks({docker_admin_images: ['image_list', 'image_withdraw'],
                        keystone_projects: ['project_names']})
    def test_a_refused_withdraw_is_said(self):
        self.mock_image_list.return_value = image_rows()
        self.mock_project_names.return_value = {}
        self.mock_image_withdraw.side_effect = dd_exceptions.ProxyRefused(
            "refused")
        res = self.client.post(IMAGES_URL, {
            "action": "public_images__withdraw__%s" % PUBLIC_ID})
        self.assertRedirectsNoFollow(res, IMAGES_URL)
        # The proxy's words, and Horizon's "Unable to withdraw".
        self.assertMessageCount(error=2)

    @test.create_mocks({docker_admin_images: ['image_list', 'image_withdraw'],
                        keystone_projects: ['project_names']})
    def test_an_image_the_operator_lists_stays_public_and_says_so(self):
        self.mock_image_list.return_value = image_rows()
        self.mock_project_names.return_value = {}
        self.mock_image_withdraw.return_value = {"Id": PUBLIC_ID,
                                                 "public": True}
        res = self.client.post(IMAGES_URL, {
            "action": "public_images__withdraw__%s" % PUBLIC_ID}, follow=True)
        shown = [str(m) for m in res.context["messages"]]
        self.assertTrue(any("busybox:latest stays public" in m
                            for m in shown), shown)
        self.assertFalse(any(m.startswith("Withdrew") for m in shown), shown)


class AdminEventsTests(AdminTestCase):

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

    @test.create_mocks({keystone_projects: ['project_names'],
                        docker_proxy: ['docker_hosts']})
    def test_the_filter_offers_the_projects_and_hosts(self):
        self.mock_project_names.return_value = {DEMO: "demo"}
        self.mock_docker_hosts.return_value = DockerHosts(
            {"hosts": [{"name": "host1"}, {"name": "host2"}]})
        res = self.client.get(EVENTS_URL)
        content = res.content.decode()
        self.assertIn('<option value="%s">demo</option>' % DEMO, content)
        self.assertIn('<option value="host2">host2</option>', content)
        self.assertIn('data-ticket-url="%s"' % TICKET_URL, content)

    @test.create_mocks({keystone_projects: ['project_names'],
                        docker_proxy: ['docker_hosts']})
    def test_the_page_still_streams_without_keystone_or_hosts(self):
        self.mock_project_names.side_effect = Exception("keystone down")
        self.mock_docker_hosts.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker proxy is not answering")
        res = self.client.get(EVENTS_URL)
        self.assertEqual(200, res.status_code)
        self.assertIn("data-dd-events", res.content.decode())
        self.assertMessageCount(res, error=2)

    def test_an_admin_gets_an_events_ticket_and_the_socket_address(self):
        res = self.client.post(TICKET_URL)
        self.assertEqual(200, res.status_code)
        answer = res.json()
        self.assertEqual("ws://proxy.test:8790/ws/events", answer["ws_url"])
        claims = tickets.verify(SECRET, answer["ticket"],
                                tickets.EVENTS_SUBJECT, "events")
        self.assertEqual(self.request.user.id, claims.user_id)
        self.assertEqual("no-store", res["Cache-Control"])

    def test_no_ticket_without_the_events_rule(self):
        with mock.patch.object(policy, "check", return_value=False) as check:
            res = self.client.post(TICKET_URL)
        self.assertEqual(403, res.status_code)
        self.assertNotIn("ticket", res.json())
        check.assert_called_once_with(
            (("docker", "docker:admin:events"),), test.IsHttpRequest())

    def test_no_secret_is_said_plainly(self):
        os.remove(self.secret_file)
        res = self.client.post(TICKET_URL)
        self.assertEqual(503, res.status_code)

    def test_get_is_not_allowed(self):
        self.assertEqual(405, self.client.get(TICKET_URL).status_code)
