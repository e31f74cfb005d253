"""A launch that first fetches its image claims no success before it has
one (issue 10, finding 9: a green "Success: Fetching the image..." beside
the red "manifest unknown")."""
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from tests.unit.helpers import DockerTestCase
from tests.unit.panels.test_containers_launch import form_data
from tests.unit.panels import test_containers_launch_sources as sources

LAUNCH_URL = reverse("horizon:project:docker_containers:launch")


class PendingLaunchMessageTests(DockerTestCase):
    prime = sources.LaunchSourceTests.prime

    def launch_from_registry(self, **headers):
        self.prime()
        res = self.client.post(LAUNCH_URL, form_data(
            source="registry", image="", volumes="",
            registry_ref="127.0.0.1:5005/team/missing"), **headers)
        self.assertNoFormErrors(res)
        return self.client.get(reverse(
            "horizon:project:docker_containers:launch_pending",
            args=[sources.pending_key(res)]))

    @test.create_mocks(sources.LaunchSourceTests.mocks)
    def test_the_pending_page_shows_no_success(self):
        page = self.launch_from_registry()
        self.assertContains(page, "Pulling 127.0.0.1:5005/team/missing")
        self.assertNotContains(page, "alert-success")

    @test.create_mocks(sources.LaunchSourceTests.mocks)
    def test_nor_when_the_modal_submits_it(self):
        page = self.launch_from_registry(
            HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        self.assertContains(page, "Pulling 127.0.0.1:5005/team/missing")
        self.assertNotContains(page, "alert-success")
