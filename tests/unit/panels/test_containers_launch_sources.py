"""Launch Container's image sources: a preselected image (?image=), a docker
image from Glance (loaded first) and a registry reference (pulled first),
with the proxy, Glance and Nova mocked."""
from unittest import mock

from django.urls import reverse

from openstack_dashboard import api
from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import glance_images
from docker_dashboard.api import snapshots
from docker_dashboard.api.wrappers import Image
from docker_dashboard.panels.containers import launch_sources
from tests.unit.helpers import DockerTestCase
from tests.unit.panels.test_containers_launch import FLAVORS
from tests.unit.panels.test_containers_launch import LIMITS
from tests.unit.panels.test_containers_launch import form_data

INDEX_URL = reverse('horizon:project:docker_containers:index')
LAUNCH_URL = reverse('horizon:project:docker_containers:launch')
TASK_ID = "a" * 32
GLANCE_ID = "6f1c2a34-0000-4000-8000-000000000001"


def glance_image(image_id, name):
    found = mock.Mock(id=image_id, status="active",
                      container_format="docker")
    found.name = name
    return found


def pending_key(response):
    """The pending launch's key, from the workflow's redirect."""
    location = response["Location"] if response.status_code == 302 else \
        response["X-Horizon-Location"]
    return location.rstrip("/").split("/")[-1]


class LaunchSourceTests(DockerTestCase):
    mocks = {docker_proxy: ['image_list', 'volume_list', 'container_create'],
             glance_images: ['docker_image_list'],
             snapshots: ['glance_load', 'task_get'],
             api.nova: ['flavor_list', 'tenant_absolute_limits']}

    def prime(self):
        self.mock_image_list.return_value = [
            Image({"Id": "sha256:1", "RepoTags": ["busybox:latest"]}),
            Image({"Id": "sha256:2", "RepoTags": ["app:1.0"]})]
        self.mock_volume_list.return_value = []
        self.mock_docker_image_list.return_value = [
            glance_image(GLANCE_ID, "snap:v1")]
        self.mock_flavor_list.return_value = FLAVORS
        self.mock_tenant_absolute_limits.return_value = LIMITS

    def errors(self, res):
        return {step.slug: step.action.errors
                for step in res.context["workflow"].steps}

    @test.create_mocks(mocks)
    def test_image_in_the_query_is_preselected(self):
        self.prime()
        res = self.client.get(LAUNCH_URL + "?image=app:1.0")
        self.assertContains(res, '<option value="app:1.0" '
                                 'selected="selected">')
        self.assertNotContains(res, '<option value="busybox:latest" '
                                    'selected="selected">')

    @test.create_mocks(mocks)
    def test_without_query_nothing_is_preselected(self):
        self.prime()
        res = self.client.get(LAUNCH_URL)
        self.assertNotContains(res, 'selected="selected">app:1.0<')
        self.assertContains(res, 'value="%s"' % GLANCE_ID)
        self.assertContains(res, "snap:v1")

    @test.create_mocks(mocks)
    def test_each_source_needs_its_own_field(self):
        self.prime()
        for source, field in (("image", "image"),
                              ("glance", "glance_image"),
                              ("registry", "registry_ref")):
            res = self.client.post(LAUNCH_URL, form_data(
                source=source, image="", volumes=""))
            self.assertIn(field, self.errors(res)["details"], source)
        self.mock_container_create.assert_not_called()
        self.mock_glance_load.assert_not_called()

    @test.create_mocks(mocks)
    def test_bad_registry_reference_is_shown_next_to_it(self):
        self.prime()
        res = self.client.post(LAUNCH_URL, form_data(
            source="registry", image="", registry_ref="Not A/Ref!",
            volumes=""))
        self.assertIn("127.0.0.1:5005/app:1.0",
                      str(self.errors(res)["details"]["registry_ref"]))

    @test.create_mocks(mocks)
    def test_glance_source_loads_then_launches_the_loaded_image(self):
        self.prime()
        self.mock_glance_load.return_value = {"Id": TASK_ID}
        res = self.client.post(LAUNCH_URL, form_data(
            source="glance", image="", glance_image=GLANCE_ID, volumes=""))
        self.assertNoFormErrors(res)
        key = pending_key(res)
        pending = reverse('horizon:project:docker_containers:'
                          'launch_pending', args=[key])
        self.assertRedirectsNoFollow(res, pending)
        self.mock_glance_load.assert_called_once_with(mock.ANY, GLANCE_ID)
        self.mock_container_create.assert_not_called()

        page = self.client.get(pending)
        self.assertContains(page, reverse(
            'horizon:project:docker_snapshots:task', args=[TASK_ID]))
        self.assertContains(page, 'class="dd-task"')

        self.mock_task_get.return_value = {
            "Status": "succeeded",
            "Result": {"tags": ["snap:v1"], "image_ids": ["sha256:9"]}}
        finish = reverse('horizon:project:docker_containers:launch_finish',
                         args=[key])
        res = self.client.post(finish)
        self.assertRedirectsNoFollow(res, INDEX_URL)
        (request, spec), kwargs = self.mock_container_create.call_args
        self.assertEqual("snap:v1", spec.image)
        self.assertEqual("web-1", spec.name)
        self.assertEqual(["sleep", "3600"], spec.command)
        self.assertEqual({"80/tcp": 8080, "53/udp": None},
                         spec.host_config_kwargs()["port_bindings"])
        self.assertTrue(kwargs["start"])
        # Done once: the pending launch is gone.
        self.assertEqual(404, self.client.post(finish).status_code)

    @test.create_mocks(mocks)
    def test_glance_refusal_is_shown_next_to_the_glance_field(self):
        self.prime()
        self.mock_glance_load.side_effect = dd_exceptions.ProxyRefused(
            "The image is larger than 1 GiB", status=413)
        res = self.client.post(LAUNCH_URL, form_data(
            source="glance", image="", glance_image=GLANCE_ID, volumes=""))
        self.assertIn("larger than 1 GiB",
                      str(self.errors(res)["details"]["glance_image"]))

    @test.create_mocks(mocks)
    def test_failed_load_launches_nothing_and_says_why(self):
        self.prime()
        self.mock_glance_load.return_value = {"Id": TASK_ID}
        key = pending_key(self.client.post(LAUNCH_URL, form_data(
            source="glance", image="", glance_image=GLANCE_ID, volumes="")))
        self.mock_task_get.return_value = {
            "Status": "failed", "Error": "checksum mismatch"}
        res = self.client.post(reverse(
            'horizon:project:docker_containers:launch_finish', args=[key]))
        self.assertRedirectsNoFollow(res, LAUNCH_URL)
        self.mock_container_create.assert_not_called()
        self.assertMessageCount(error=1)

    @test.create_mocks(mocks)
    def test_registry_source_pulls_then_launches_the_reference(self):
        self.prime()
        res = self.client.post(LAUNCH_URL, form_data(
            source="registry", image="",
            registry_ref="127.0.0.1:5005/team/app", volumes=""))
        self.assertNoFormErrors(res)
        key = pending_key(res)
        page = self.client.get(reverse(
            'horizon:project:docker_containers:launch_pending', args=[key]))
        self.assertContains(page, 'data-dd-stream="pull"')
        self.assertContains(page, 'value="127.0.0.1:5005/team/app:latest"')
        self.assertContains(page, reverse(
            'horizon:project:docker_images:pull_stream'))

        self.mock_container_create.side_effect = dd_exceptions.ProxyRefused(
            "port is already allocated", status=500)
        res = self.client.post(reverse(
            'horizon:project:docker_containers:launch_finish', args=[key]))
        # The image is local now: back to the form with it chosen.
        self.assertRedirectsNoFollow(
            res, LAUNCH_URL + "?image=127.0.0.1%3A5005%2Fteam%2Fapp%3Alatest")
        (request, spec), kwargs = self.mock_container_create.call_args
        self.assertEqual("127.0.0.1:5005/team/app:latest", spec.image)

    @test.create_mocks(mocks)
    def test_glance_list_failure_leaves_the_other_sources(self):
        self.prime()
        self.mock_docker_image_list.side_effect = RuntimeError("glance down")
        res = self.client.get(LAUNCH_URL)
        self.assertContains(res, "No docker images in Glance")
        self.assertContains(res, 'value="busybox:latest"')


class PendingLaunchAccessTests(DockerTestCase):
    def test_unknown_pending_launch_is_404(self):
        res = self.client.get(reverse(
            'horizon:project:docker_containers:launch_pending',
            args=["b" * 32]))
        self.assertEqual(404, res.status_code)

    def test_session_keeps_only_a_few_pending_launches(self):
        request = mock.Mock(session={})
        spec = launch_sources.launch_spec.LaunchSpec(image="")
        keys = [launch_sources.start(request, launch_sources.REGISTRY,
                                     "a:1", spec, True)
                for _ in range(launch_sources.KEPT_PENDING + 3)]
        kept = request.session[launch_sources.SESSION_KEY]
        self.assertEqual(launch_sources.KEPT_PENDING, len(kept))
        self.assertEqual(keys[-launch_sources.KEPT_PENDING:], list(kept))
