"""The Tasks page of the Images panel: which row offers which action, and
the proxy's failures said in words (the proxy calls mocked only to reach
those branches; tests/e2e/test_tasks_retry.py clicks Retry for real)."""
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_tasks
from docker_dashboard.api import exceptions as dd_exceptions
from tests.unit.helpers import DockerTestCase

TASKS_URL = reverse("horizon:project:docker_images:tasks")


def task(kind, status, retryable=True, **params):
    return docker_tasks.Task({
        "Id": "%s%s" % (kind[:1], status[:1]) * 16, "Kind": kind,
        "Status": status, "Progress": 0.5, "Error": "it broke",
        "Params": params, "Result": {}, "Retryable": retryable,
        "Started": 1700000000})


class TasksPageTests(DockerTestCase):

    @test.create_mocks({docker_tasks: ["task_list"]})
    def test_proxy_down_is_a_message_not_a_500(self):
        self.mock_task_list.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker service is not reachable")
        res = self.client.get(TASKS_URL)
        self.assertEqual(200, res.status_code)
        self.assertMessageCount(res, error=1)

    @test.create_mocks({docker_tasks: ["task_list", "task_retry"]})
    def test_a_refused_retry_says_why(self):
        failed = task("pull", "failed", fromImage="app", tag="1")
        self.mock_task_list.return_value = [failed]
        self.mock_task_retry.side_effect = dd_exceptions.ProxyRefused(
            "No such image: app:1", status=404)
        res = self.client.post(TASKS_URL, {
            "action": "tasks__retry__%s" % failed.id})
        self.assertRedirectsNoFollow(res, TASKS_URL)
        texts = [str(m) for m in res.wsgi_request._messages]
        self.assertTrue(any("No such image: app:1" in t for t in texts),
                        texts)

    @test.create_mocks({docker_tasks: ["task_list"]})
    def test_each_row_offers_what_its_state_allows(self):
        rows = [task("pull", "failed", fromImage="app", tag="1"),
                task("build", "failed", retryable=False, tags=["app:2"]),
                task("glance-export", "running", image="app:1"),
                task("push", "succeeded", name="reg/app", tag="1")]
        self.mock_task_list.return_value = rows
        res = self.client.get(TASKS_URL)
        table = res.context["table"]
        actions = [sorted(a.name for a in table.get_row_actions(row))
                   for row in rows]
        self.assertEqual([["retry"], ["build_again"], ["cancel"], []],
                         actions)
        self.assertContains(res, "app:1")
        self.assertContains(res, "build again")

    @test.create_mocks({docker_tasks: ["task_list"]})
    def test_a_copy_to_another_host_says_what_went_where(self):
        copy = task("image-delivery", "running", retryable=False,
                    image="app:7", host="host2")
        self.mock_task_list.return_value = [copy]
        res = self.client.get(TASKS_URL)
        self.assertContains(res, "Copy to Docker host")
        self.assertContains(res, "app:7 → host2")
        # Not offered again: the next launch there copies it anew.
        self.assertEqual([], list(res.context["table"].get_row_actions(copy)))
