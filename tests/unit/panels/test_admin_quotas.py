"""Admin -> Docker -> Quotas and the Launch workflow's usage bars, view
logic with the api functions mocked (the real services are
tests/integration/test_quotas.py and tests/e2e/test_quotas.py): what the
table and the bars show, what the form sends, and each way it can fail."""
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_quotas
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import keystone_projects
from docker_dashboard.panels.containers import quota_usage
from tests.unit.helpers import DockerTestCase

INDEX_URL = reverse("horizon:admin:docker_quotas:index")
DEMO = "d" * 32
ALT = "a" * 32


def quotas(project_id, containers=(3, True), vcpus=(200, True),
           memory=(65536, True), used=(3, 4, 256)):
    rows = []
    for (resource, (limit, default), in_use) in zip(
            ("containers", "class:VCPU", "class:MEMORY_MB"),
            (containers, vcpus, memory), used):
        rows.append({"resource": resource, "limit": limit,
                     "default": default, "in_use": in_use})
    return docker_quotas.ProjectQuotas({"enabled": True,
                                        "project_id": project_id,
                                        "quotas": rows})


class AdminTestCase(DockerTestCase, test.BaseAdminViewTests):
    pass


class AdminQuotasTests(AdminTestCase):

    @test.create_mocks({docker_quotas: ['quotas_get'],
                        keystone_projects: ['project_names']})
    def test_every_project_with_its_limits_and_usage(self):
        self.mock_project_names.return_value = {DEMO: "demo", ALT: "alt"}
        self.mock_quotas_get.side_effect = lambda request, pid: {
            DEMO: quotas(DEMO, containers=(5, False)),
            ALT: quotas(ALT, vcpus=(-1, False), used=(0, 0, 0))}[pid]
        res = self.client.get(INDEX_URL)
        rows = res.context["docker_quotas_table"].data
        self.assertEqual(["alt", "demo"], [row.name for row in rows])
        content = res.content.decode()
        self.assertIn("3 of 5 (project&#x27;s own)", content)
        self.assertIn("0 of Unlimited (project&#x27;s own)", content)
        self.assertIn("4 of 200 (default)", content)
        self.assertIn("256MB of 64GB (default)", content)
        self.assertIn("docker_quotas__row_%s__action_update" % DEMO,
                      content)

    @test.create_mocks({docker_quotas: ['quotas_get'],
                        keystone_projects: ['project_names']})
    def test_a_proxy_that_fails_is_a_message_not_an_error_page(self):
        self.mock_project_names.return_value = {DEMO: "demo"}
        self.mock_quotas_get.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker proxy is not answering")
        res = self.client.get(INDEX_URL)
        self.assertEqual(200, res.status_code)
        self.assertIn("demo", res.content.decode())
        self.assertMessageCount(res, error=1)

    @test.create_mocks({docker_quotas: ['quotas_get']})
    def test_the_form_shows_the_own_limits_and_the_defaults(self):
        self.mock_quotas_get.return_value = quotas(
            DEMO, containers=(5, False))
        res = self.client.get(reverse("horizon:admin:docker_quotas:update",
                                      args=[DEMO]))
        form = res.context["form"]
        self.assertEqual(5, form.initial["containers"])
        self.assertNotIn("vcpus", form.initial)
        self.assertEqual("Default: 200",
                         str(form.fields["vcpus"].widget.attrs[
                             "placeholder"]))

    @test.create_mocks({docker_quotas: ['quotas_get', 'quota_update']})
    def test_an_empty_field_gives_the_default_back(self):
        self.mock_quotas_get.return_value = quotas(DEMO)
        self.mock_quota_update.return_value = quotas(DEMO)
        res = self.client.post(
            reverse("horizon:admin:docker_quotas:update", args=[DEMO]),
            {"project_id": DEMO, "containers": "10", "vcpus": "",
             "memory_mb": "-1"})
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.mock_quota_update.assert_called_once_with(
            test.IsHttpRequest(), DEMO,
            {"containers": 10, "class:VCPU": None, "class:MEMORY_MB": -1})

    @test.create_mocks({docker_quotas: ['quotas_get', 'quota_update']})
    def test_a_refused_update_is_said(self):
        self.mock_quotas_get.return_value = quotas(DEMO)
        self.mock_quota_update.side_effect = dd_exceptions.ProxyRefused(
            "Keystone has no project")
        res = self.client.post(
            reverse("horizon:admin:docker_quotas:update", args=[DEMO]),
            {"project_id": DEMO, "containers": "10"})
        self.assertEqual(200, res.status_code)
        self.assertMessageCount(res, error=1)

    def test_a_limit_below_unlimited_is_refused_by_the_form(self):
        from docker_dashboard.panels.admin.quotas import forms
        form = forms.UpdateQuotasForm(self.request, data={
            "project_id": DEMO, "containers": "-2"})
        self.assertFalse(form.is_valid())
        self.assertIn("containers", form.errors)


class LaunchUsageTests(DockerTestCase):

    @test.create_mocks({docker_quotas: ['quotas_get']})
    def test_the_bars_say_what_is_used_of_each_limit(self):
        self.mock_quotas_get.return_value = quotas(
            DEMO, containers=(50, False), used=(3, 18, 1024))
        html = quota_usage.summary(self.request)
        text = " ".join(html.split())
        self.assertIn("Containers</strong> <span class=\"pull-right\">3 of "
                      "50 Used", text)
        self.assertIn("18 of 200 Used", text)
        self.assertIn("1GB of 64GB Used", text)
        self.assertIn('aria-label="Containers" aria-valuenow="6"', text)

    @test.create_mocks({docker_quotas: ['quotas_get']})
    def test_no_bars_without_quotas_or_without_the_proxy(self):
        self.mock_quotas_get.return_value = docker_quotas.ProjectQuotas(
            {"enabled": False})
        self.assertEqual("", quota_usage.summary(self.request))
        self.mock_quotas_get.side_effect = dd_exceptions.ProxyUnavailable(
            "down")
        self.assertEqual("", quota_usage.summary(self.request))
