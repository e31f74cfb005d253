"""Launch from an image row (issue 10, finding 10): the Images panel's row
action opens the Launch workflow as Horizon's modal, and the workflow opened
as a page carries its title into the breadcrumb (it ended in "None")."""
import re

from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_images
from tests.unit.helpers import DockerTestCase
from tests.unit.images.test_images_views import row
from tests.unit.panels import test_containers_launch as launch_tests

IMAGES_URL = reverse("horizon:project:docker_images:index")
LAUNCH_URL = reverse("horizon:project:docker_containers:launch")


class LaunchFromImageTests(DockerTestCase):
    mocks = launch_tests.LaunchWorkflowTests.mocks
    prime = launch_tests.LaunchWorkflowTests.prime

    @test.create_mocks({docker_images: ["image_list", "add_layer_counts"]})
    def test_the_image_rows_launch_opens_the_modal(self):
        self.mock_image_list.return_value = [row("app:1")]
        self.mock_add_layer_counts.side_effect = lambda request, page: page
        res = self.client.get(IMAGES_URL)
        link = re.search(r'<a [^>]*id="docker_images__row_[^"]*'
                         r'__action_launch"[^>]*>',
                         res.content.decode()).group(0)
        self.assertIn("ajax-modal", link)
        self.assertIn(LAUNCH_URL + "?image=app%3A1", link)

    @test.create_mocks(mocks)
    def test_as_a_page_the_breadcrumb_ends_in_its_title(self):
        self.prime()
        res = self.client.get(LAUNCH_URL + "?image=busybox:latest")
        crumb = re.search(r'<ol class="breadcrumb">.*?</ol>',
                          res.content.decode(), re.S).group(0)
        self.assertIn("Launch Container", crumb)
        self.assertNotIn("None", crumb)
