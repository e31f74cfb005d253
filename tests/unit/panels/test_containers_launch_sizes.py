"""CPU and memory typed in beside the flavors (the flavor stays the
default), memory read in MiB/GiB, never bytes (issue 10)."""
from openstack_dashboard.test import helpers as test

from tests.unit.helpers import DockerTestCase
from tests.unit.panels import test_containers_launch as launch_tests

LAUNCH_URL = launch_tests.LAUNCH_URL
form_data = launch_tests.form_data


class CustomSizeTests(DockerTestCase):
    mocks = launch_tests.LaunchWorkflowTests.mocks
    prime = launch_tests.LaunchWorkflowTests.prime

    def errors(self, res):
        return {step.slug: step.action.errors
                for step in res.context["workflow"].steps}

    @test.create_mocks(mocks)
    def test_a_flavor_is_the_default_and_custom_is_offered(self):
        self.prime()
        res = self.client.get(LAUNCH_URL)
        self.assertContains(res, "m1.tiny (1 vCPU, 512 MiB RAM)")
        self.assertContains(res, 'value="custom"')
        self.assertContains(res, 'data-flavor-custom="Memory (MiB)"')
        self.assertNotContains(res, " MB")

    @test.create_mocks(mocks)
    def test_custom_sizes_are_what_the_container_gets(self):
        self.prime()
        self.mock_container_create.return_value = "abc"
        res = self.client.post(LAUNCH_URL, form_data(
            flavor="custom", vcpus="0.5", memory_mb="256", volumes=""))
        self.assertNoFormErrors(res)
        (request, spec), kwargs = self.mock_container_create.call_args
        host = spec.host_config_kwargs()
        self.assertEqual(500000000, host["nano_cpus"])
        self.assertEqual(256 * 1024 * 1024, host["mem_limit"])

    @test.create_mocks(mocks)
    def test_custom_without_sizes_says_what_is_missing(self):
        self.prime()
        res = self.client.post(LAUNCH_URL, form_data(flavor="custom",
                                                     volumes=""))
        errors = self.errors(res)["resources"]
        self.assertIn("vcpus", errors)
        self.assertIn("memory_mb", errors)
        self.mock_container_create.assert_not_called()

    @test.create_mocks(mocks)
    def test_a_flavor_ignores_stray_sizes(self):
        self.prime()
        self.mock_container_create.return_value = "abc"
        self.client.post(LAUNCH_URL, form_data(flavor="2", vcpus="0.5",
                                               memory_mb="256", volumes=""))
        (request, spec), kwargs = self.mock_container_create.call_args
        self.assertEqual(2 * 10 ** 9, spec.host_config_kwargs()["nano_cpus"])
        self.assertEqual(2048, spec.memory_mb)
