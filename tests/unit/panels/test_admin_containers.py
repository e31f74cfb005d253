"""Admin -> Docker -> Containers, view logic with the api functions mocked
(the real services: tests/integration/test_admin_containers*.py and
tests/e2e/test_admin_containers.py): the one all-projects list call, the
filters it carries, the project names and limits, and Keystone failing."""
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import keystone_projects
from docker_dashboard.api.wrappers import ContainerDetail
from docker_dashboard.api.wrappers import HOST_LABEL
from docker_dashboard.api.wrappers import PROJECT_LABEL
from docker_dashboard.panels.admin.containers import rows
from tests.unit.helpers import DockerTestCase
from tests.unit.panels.container_data import container_row

INDEX_URL = reverse("horizon:admin:docker_containers:index")
PAGE_SIZE = settings.API_RESULT_PAGE_SIZE
DEMO = "d" * 32
ALT = "a" * 32


class AdminTestCase(DockerTestCase, test.BaseAdminViewTests):

    def setUp(self):
        super().setUp()
        cache.delete(rows.NAMES_KEY)
        self.addCleanup(cache.delete, rows.NAMES_KEY)


def detail(nano_cpus=0, memory=0):
    return ContainerDetail({"Id": "x", "HostConfig": {"NanoCpus": nano_cpus,
                                                     "Memory": memory}})


class AdminContainersTests(AdminTestCase):

    @test.create_mocks({docker_proxy: ['container_list', 'container_get'],
                        keystone_projects: ['project_names']})
    def test_every_projects_rows_with_names_hosts_and_limits(self):
        self.mock_container_list.return_value = [
            container_row("web", labels={PROJECT_LABEL: DEMO,
                                         HOST_LABEL: "host1"}),
            container_row("cache", labels={PROJECT_LABEL: ALT,
                                           HOST_LABEL: "host2"}),
        ]
        self.mock_container_get.return_value = detail(5 * 10 ** 8, 512 << 20)
        self.mock_project_names.return_value = {DEMO: "demo"}
        res = self.client.get(INDEX_URL)
        data = res.context["containers_table"].data
        # A project Keystone does not list keeps its id.
        self.assertEqual([("web", "demo", "host1", "0.5 CPUs, 512 MiB"),
                          ("cache", ALT, "host2", "0.5 CPUs, 512 MiB")],
                         [(r.name, r.project_name, r.host, r.limits)
                          for r in data])
        self.mock_container_list.assert_called_once_with(
            test.IsHttpRequest(), filters=None, limit=PAGE_SIZE + 1,
            all_projects=True)

    @test.create_mocks({docker_proxy: ['container_list', 'container_get'],
                        keystone_projects: ['project_names']})
    def test_each_filter_is_dockers_own(self):
        self.mock_container_list.return_value = []
        self.mock_project_names.return_value = {DEMO: "demo", ALT: "alt"}
        for field, text, filters in (
                ("project", "alt", {"label": ["%s=%s" % (PROJECT_LABEL,
                                                        ALT)]}),
                ("host", "host2", {"label": ["%s=host2" % HOST_LABEL]}),
                ("status", "exited", {"status": ["exited"]}),
                ("name", "web", {"name": ["web"]})):
            self.client.post(INDEX_URL, data={
                "containers__filter__q_field": field,
                "containers__filter__q": text})
            self.client.get(INDEX_URL)
            self.mock_container_list.assert_called_with(
                test.IsHttpRequest(), filters=filters, limit=PAGE_SIZE + 1,
                all_projects=True)

    @test.create_mocks({docker_proxy: ['container_list', 'container_get'],
                        keystone_projects: ['project_names']})
    def test_keystone_failing_leaves_the_ids_and_says_so(self):
        self.mock_container_list.return_value = [
            container_row("web", labels={PROJECT_LABEL: DEMO})]
        self.mock_container_get.return_value = detail()
        self.mock_project_names.side_effect = self.exceptions.keystone
        res = self.client.get(INDEX_URL)
        data = res.context["containers_table"].data
        self.assertEqual([(DEMO, "unlimited CPUs, unlimited")],
                         [(r.project_name, r.limits) for r in data])
        self.assertMessageCount(res, error=1)


class AdminContainersMemberTests(DockerTestCase):

    def test_a_member_is_refused_the_page(self):
        res = self.client.get(INDEX_URL)
        self.assertNotEqual(res.status_code, 200)


def test_limits_read_as_the_overview_tab_shows_them():
    assert rows.limits_text(1.0, 2048) == "1 CPU, 2 GiB"
    assert rows.limits_text(0.5, 512) == "0.5 CPUs, 512 MiB"
    assert rows.limits_text(None, None) == "unlimited CPUs, unlimited"
