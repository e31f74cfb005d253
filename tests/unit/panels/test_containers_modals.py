"""The row menu's forms as Horizon opens them: an ajax GET that must answer
the modal partial (issue 10, finding 1), and the same URL as a page."""
import os

from django.conf import settings
from django.test.utils import override_settings
from django.urls import reverse

from openstack_dashboard.test import helpers as test

import docker_dashboard
from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from tests.unit.helpers import DockerTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id

WEB = container_id("web")
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
FORMS = {"stop": "Stop Container", "kill": "Send a Signal",
         "rename": "Rename Container", "update": "Update Limits"}


def url(name):
    return reverse("horizon:project:docker_containers:%s" % name, args=[WEB])


class ModalFormTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ["container_get"]})
    def test_each_row_form_opens_as_horizons_modal(self):
        self.mock_container_get.return_value = container_detail("web")
        for name, title in FORMS.items():
            res = self.client.get(url(name), **AJAX)
            self.assertEqual(200, res.status_code, name)
            self.assertTemplateUsed(res, "docker_dashboard/containers/"
                                         "_form.html")
            self.assertTemplateNotUsed(res, "base.html")
            self.assertContains(res, 'class="modal-title"')
            self.assertContains(res, title)
            self.assertContains(res, 'action="%s"' % url(name))

    @test.create_mocks({docker_proxy: ["container_get"]})
    def test_each_row_form_opens_as_a_page_in_horizons_layout(self):
        self.mock_container_get.return_value = container_detail("web")
        for name, title in FORMS.items():
            res = self.client.get(url(name))
            self.assertEqual(200, res.status_code, name)
            self.assertTemplateUsed(res, "base.html")
            self.assertTemplateUsed(res, "docker_dashboard/containers/"
                                         "_form.html")
            self.assertContains(res, title)

    @test.create_mocks({docker_proxy: ["container_get", "container_rename"]})
    def test_a_refusal_is_shown_inside_the_modal(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_container_rename.side_effect = dd_exceptions.ProxyRefused(
            'Conflict. The container name "/db" is already in use',
            status=409)
        res = self.client.post(url("rename"), {"container_id": WEB,
                                               "name": "db"}, **AJAX)
        self.assertEqual(200, res.status_code)
        self.assertTemplateUsed(res, "docker_dashboard/containers/"
                                     "_form.html")
        self.assertTemplateNotUsed(res, "base.html")
        self.assertContains(res, "is already in use")


DENIED = {"docker:container:%s" % action for action in (
    "logs", "console", "stats", "top", "changes")} | {"docker:image:list"}


def deny_docker(rules, request, target=None):
    """A deployment's own POLICY_CHECK_FUNCTION that denies what the tabs,
    the log download and the tickets need (and allows the panel)."""
    return not any(rule in DENIED for _service, rule in rules)


@override_settings(POLICY_CHECK_FUNCTION="tests.unit.panels."
                   "test_containers_modals.deny_docker")
class DeploymentPolicyTests(DockerTestCase):
    """Every check goes through openstack_dashboard.policy, so a
    deployment's POLICY_CHECK_FUNCTION is the one asked (openstack_auth's
    own check would skip it)."""

    @test.create_mocks({docker_proxy: ["container_get"]})
    def test_the_log_download_and_the_tickets_follow_it(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("log_download"))
        self.assertEqual(404, res.status_code)
        for action in ("logs", "console", "stats"):
            res = self.client.post(reverse(
                "horizon:project:docker_containers:ticket",
                args=[WEB, action]))
            self.assertEqual(403, res.status_code, action)

    @test.create_mocks({docker_proxy: ["container_get"]})
    def test_the_tabs_follow_it(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("detail"))
        self.assertContains(res, "Overview")
        for tab in ("Processes", "Stats", "Changes", "Logs", "Console",
                    "Snapshots"):
            self.assertNotContains(res, ">%s<" % tab)


class ScriptsTests(DockerTestCase):
    """The browser scripts start one way and are all in Horizon's bundle."""

    def test_every_script_is_listed_in_add_js_files(self):
        folder = os.path.join(os.path.dirname(docker_dashboard.__file__),
                              "static", "docker_dashboard", "js")
        listed = settings.HORIZON_CONFIG["js_files"]
        for name in sorted(os.listdir(folder)):
            self.assertIn("docker_dashboard/js/" + name, listed)
        # dd_init.js, which every script starts through, comes first.
        ours = [path for path in listed if path.startswith("docker_dashboard")]
        self.assertEqual("docker_dashboard/js/dd_init.js", ours[0])


class MissingContainerTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ["container_get"]})
    def test_a_vanished_container_is_no_error_in_the_log(self):
        # Deleted meanwhile (or another project's): back to the list, and
        # nothing for the log check to count as an error.
        self.mock_container_get.side_effect = dd_exceptions.NotFound(
            "No such container", status=404)
        with self.assertLogs("horizon.exceptions", level="INFO") as logs:
            res = self.client.get(url("rename"))
        self.assertRedirectsNoFollow(
            res, reverse("horizon:project:docker_containers:index"))
        self.assertEqual(["INFO"], sorted({r.levelname for r in logs.records}))
