"""The Launch Container workflow, with the proxy and Nova mocked."""
from unittest import mock

from django.urls import reverse

from openstack_dashboard import api
from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import glance_images
from docker_dashboard.api.wrappers import Image
from docker_dashboard.api.wrappers import Volume
from tests.unit.helpers import DockerTestCase

INDEX_URL = reverse('horizon:project:docker_containers:index')
LAUNCH_URL = reverse('horizon:project:docker_containers:launch')


def flavor(flavor_id, name, vcpus, ram):
    # Mock(name=...) names the mock itself; the attribute is set after.
    found = mock.Mock(id=flavor_id, vcpus=vcpus, ram=ram)
    found.name = name
    return found


FLAVORS = [flavor("1", "m1.tiny", 1, 512), flavor("2", "m1.small", 2, 2048)]
LIMITS = {"maxTotalCores": 20, "totalCoresUsed": 3,
          "maxTotalRAMSize": 51200, "totalRAMUsed": 1024}


def form_data(**overrides):
    data = {
        "image": "busybox:latest", "name": "web-1",
        "command": "sleep 3600", "entrypoint": "", "working_dir": "/srv",
        "flavor": "1", "ports": "8080:80\n53/udp",
        "volumes": "data:/data\nfresh:/cache",
        "environment": "GREETING=hello world\nEMPTY=",
        "labels": "tier=web", "restart_policy": "on-failure",
        "max_retries": "3", "start": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class LaunchWorkflowTests(DockerTestCase):
    mocks = {docker_proxy: ['image_list', 'volume_list', 'container_create'],
             glance_images: ['docker_image_list'],
             api.nova: ['flavor_list', 'tenant_absolute_limits']}

    def prime(self):
        self.mock_image_list.return_value = [
            Image({"Id": "sha256:1", "RepoTags": ["busybox:latest"]}),
            Image({"Id": "sha256:2", "RepoTags": ["<none>:<none>"]})]
        self.mock_volume_list.return_value = [Volume({"Name": "data"})]
        self.mock_docker_image_list.return_value = []
        self.mock_flavor_list.return_value = FLAVORS
        self.mock_tenant_absolute_limits.return_value = LIMITS

    @test.create_mocks(mocks)
    def test_the_form_offers_images_flavors_and_limits(self):
        self.prime()
        res = self.client.get(LAUNCH_URL)
        self.assertContains(res, 'value="busybox:latest"')
        self.assertNotContains(res, "&lt;none&gt;")
        self.assertContains(res, "m1.small (2 vCPU, 2 GiB RAM)")
        self.assertContains(res, "50 GiB RAM (1 GiB used)")
        self.assertContains(res, "20 vCPUs (3 used)")
        self.assertContains(res, "Your project&#x27;s volumes: data")

    @test.create_mocks(mocks)
    def test_launch_turns_the_form_into_a_create(self):
        self.prime()
        self.mock_container_create.return_value = "abc"
        res = self.client.post(LAUNCH_URL, form_data())
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX_URL)
        (request, spec), kwargs = self.mock_container_create.call_args
        self.assertTrue(kwargs["start"])
        create = spec.create_kwargs()
        self.assertEqual("web-1", create["name"])
        self.assertEqual(["sleep", "3600"], create["command"])
        self.assertEqual({"GREETING": "hello world", "EMPTY": ""},
                         create["environment"])
        self.assertEqual({"tier": "web"}, create["labels"])
        host = spec.host_config_kwargs()
        self.assertEqual(1000000000, host["nano_cpus"])      # 1 vCPU
        self.assertEqual(512 * 1024 * 1024, host["mem_limit"])
        self.assertEqual({"80/tcp": 8080, "53/udp": None},
                         host["port_bindings"])
        self.assertEqual({"Name": "on-failure", "MaximumRetryCount": 3},
                         host["restart_policy"])
        self.assertEqual(["fresh"], spec.new_volumes)     # "data" exists
        self.assertEqual(["/data", "/cache"],
                         [m["Target"] for m in host["mounts"]])

    @test.create_mocks(mocks)
    def test_a_launch_asks_only_what_it_validates(self):
        # What only the form's page shows (limits, Glance's images, the
        # volumes when none is named) is not fetched for a launch that
        # succeeds: each would add a round trip to every launch.
        self.prime()
        self.mock_container_create.return_value = "abc"
        res = self.client.post(LAUNCH_URL, form_data(volumes=""))
        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.mock_container_create.assert_called_once()
        self.mock_tenant_absolute_limits.assert_not_called()
        self.mock_docker_image_list.assert_not_called()
        self.mock_volume_list.assert_not_called()

    @test.create_mocks(mocks)
    def test_a_refused_launch_shows_the_form_whole_again(self):
        self.prime()
        res = self.client.post(LAUNCH_URL, form_data(working_dir="relative"))
        self.mock_container_create.assert_not_called()
        self.assertContains(res, "20 vCPUs (3 used)")
        self.assertContains(res, "Your project&#x27;s volumes: data")
        self.assertContains(res, "No docker images in Glance")

    @test.create_mocks(mocks)
    def test_each_bad_field_gets_its_own_message(self):
        self.prime()
        res = self.client.post(LAUNCH_URL, form_data(
            name="-bad name", ports="99999:80", volumes="/etc:/host",
            environment="NOEQUALS", labels="org.openstack.project-id=x",
            working_dir="relative"))
        self.mock_container_create.assert_not_called()
        workflow = res.context["workflow"]
        errors = {step.slug: step.action.errors for step in workflow.steps}
        self.assertIn("name", errors["details"])
        self.assertIn("working_dir", errors["details"])
        self.assertIn("between 1 and 65535", str(errors["network"]["ports"]))
        self.assertIn("not a host folder", str(errors["volumes"]["volumes"]))
        self.assertIn("KEY=value", str(errors["environment"]["environment"]))
        self.assertIn("set by the service",
                      str(errors["environment"]["labels"]))

    @test.create_mocks(mocks)
    def test_refusal_with_a_field_is_shown_next_to_it(self):
        self.prime()
        self.mock_container_create.side_effect = dd_exceptions.ProxyRefused(
            "Memory is capped at 1024 MB", status=403,
            field="HostConfig.Memory")
        res = self.client.post(LAUNCH_URL, form_data(flavor="2"))
        errors = {step.slug: step.action.errors
                  for step in res.context["workflow"].steps}
        self.assertIn("Memory is capped at 1024 MB",
                      str(errors["resources"]["flavor"]))

    @test.create_mocks(mocks)
    def test_name_taken_is_shown_next_to_the_name(self):
        self.prime()
        self.mock_container_create.side_effect = dd_exceptions.ProxyRefused(
            'Conflict. The container name "/web-1" is already in use by '
            'container "abc".', status=409)
        res = self.client.post(LAUNCH_URL, form_data())
        errors = {step.slug: step.action.errors
                  for step in res.context["workflow"].steps}
        self.assertIn("already in use", str(errors["details"]["name"]))

    @test.create_mocks(mocks)
    def test_refusal_without_a_field_is_a_form_error(self):
        self.prime()
        self.mock_container_create.side_effect = dd_exceptions.ProxyRefused(
            "Privileged containers are not allowed", status=403,
            field="HostConfig.Privileged")
        res = self.client.post(LAUNCH_URL, form_data())
        self.assertContains(res, "Privileged containers are not allowed")
        errors = res.context["workflow"].get_step("details").action.errors
        self.assertIn("__all__", errors)

    @test.create_mocks(mocks)
    def test_proxy_down_is_a_message_not_a_500(self):
        self.prime()
        self.mock_container_create.side_effect = \
            dd_exceptions.ProxyUnavailable("The docker service is not "
                                           "reachable")
        res = self.client.post(LAUNCH_URL, form_data())
        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.assertMessageCount(error=2)


class LaunchWithoutComputeTests(DockerTestCase):
    """No compute service in the catalog: plain CPU and memory fields."""

    @test.create_mocks({docker_proxy: ['image_list', 'volume_list',
                                       'container_create'],
                        glance_images: ['docker_image_list']})
    def test_plain_cpu_and_memory_fields(self):
        self.mock_image_list.return_value = [
            Image({"Id": "sha256:1", "RepoTags": ["busybox:latest"]})]
        self.mock_volume_list.return_value = []
        self.mock_docker_image_list.return_value = []
        with mock.patch("openstack_dashboard.api.base.is_service_enabled",
                        side_effect=lambda request, kind: kind != "compute"):
            res = self.client.get(LAUNCH_URL)
            self.assertContains(res, 'name="vcpus"')
            self.assertNotContains(res, 'name="flavor"')
            res = self.client.post(LAUNCH_URL, form_data(
                flavor=None, vcpus="0.5", memory_mb="256", volumes=""))
        self.assertNoFormErrors(res)
        (request, spec), kwargs = self.mock_container_create.call_args
        host = spec.host_config_kwargs()
        self.assertEqual(500000000, host["nano_cpus"])
        self.assertEqual(256 * 1024 * 1024, host["mem_limit"])
