"""The Snapshots panel, its forms and the container's Snapshots tab, with
the proxy and Glance mocked (one happy path and the failures)."""
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import glance_images
from docker_dashboard.api import snapshots
from tests.unit.helpers import DockerTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id

INDEX = reverse("horizon:project:docker_snapshots:index")
IMAGE = "sha256:" + "b" * 64
WEB = container_id("web")


def snapshot(name="shop:before", source=WEB, comment="before the upgrade"):
    return snapshots.Snapshot({
        "Id": IMAGE, "RepoTags": [name], "Size": 5 * 1024 ** 2,
        "Created": 1700000000, "Comment": comment,
        "Labels": {snapshots.SNAPSHOT_LABEL: source}})


def url(name, *args):
    return reverse("horizon:project:docker_snapshots:%s" % name, args=args)


class SnapshotsPanelTests(DockerTestCase):

    @test.create_mocks({snapshots: ["snapshot_list"],
                        glance_images: ["docker_image_list"]})
    def test_index_lists_snapshots_and_glance_images(self):
        self.mock_snapshot_list.return_value = [snapshot()]
        self.mock_docker_image_list.return_value = []
        res = self.client.get(INDEX)
        self.assertTemplateUsed(res, "docker_dashboard/snapshots/index.html")
        self.assertContains(res, "shop:before")
        self.assertContains(res, WEB[:12])
        self.assertContains(res, "5.0\xa0MB")
        self.assertContains(res, "No docker images in Glance")
        self.assertContains(res, "Roll Back Container")

    @test.create_mocks({snapshots: ["snapshot_list"],
                        glance_images: ["docker_image_list"]})
    def test_index_says_when_the_proxy_is_down(self):
        self.mock_snapshot_list.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker service is not reachable")
        self.mock_docker_image_list.return_value = []
        res = self.client.get(INDEX)
        self.assertEqual(res.status_code, 200)
        self.assertIn("not reachable", " ".join(
            str(m) for m in res.context["messages"]))

    @test.create_mocks({snapshots: ["snapshot_create"]})
    def test_create_snapshot_commits_with_the_form_values(self):
        self.mock_snapshot_create.return_value = IMAGE
        res = self.client.post(url("create", WEB), {
            "container_id": WEB, "repository": "shop", "tag": "before",
            "comment": "pre-upgrade", "pause": "on"})
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX)
        self.mock_snapshot_create.assert_called_once_with(
            test.IsHttpRequest(), WEB, "shop", "before",
            comment="pre-upgrade", pause=True)

    def test_create_snapshot_refuses_a_bad_name(self):
        res = self.client.post(url("create", WEB), {
            "container_id": WEB, "repository": "Bad Name!", "tag": "x"})
        self.assertFormErrors(res, 1)

    @test.create_mocks({snapshots: ["snapshot_list", "rollback"]})
    def test_rollback_failure_says_the_container_was_kept(self):
        self.mock_snapshot_list.return_value = [snapshot()]
        self.mock_rollback.side_effect = dd_exceptions.ProxyRefused(
            "exec: /no/such/program: not found")
        res = self.client.post(url("rollback", IMAGE), {
            "image_id": IMAGE, "container_id": WEB})
        self.assertEqual(res.status_code, 200)
        self.mock_rollback.assert_called_once_with(test.IsHttpRequest(), WEB,
                                                   IMAGE)
        shown = " ".join(str(m) for m in res.wsgi_request._messages)
        self.assertIn("left as it was", shown)
        self.assertIn("/no/such/program", shown)

    @test.create_mocks({snapshots: ["snapshot_list", "glance_export"]})
    def test_export_starts_a_task_shown_with_a_progress_bar(self):
        self.mock_snapshot_list.return_value = [snapshot()]
        self.mock_glance_export.return_value = {"Id": "c" * 32}
        res = self.client.post(url("export", IMAGE), {
            "image_id": IMAGE, "glance_name": "", "visibility": "private"})
        self.assertRedirectsNoFollow(res, INDEX)
        self.mock_glance_export.assert_called_once_with(
            test.IsHttpRequest(), IMAGE, "", "private")
        self.assertEqual(self.client.session["docker_tasks"], ["c" * 32])

    @test.create_mocks({snapshots: ["task_get"]})
    def test_task_progress_json(self):
        self.mock_task_get.return_value = {"Status": "running",
                                           "Progress": 0.5}
        res = self.client.get(url("task", "c" * 32))
        self.assertEqual(res.json()["Progress"], 0.5)

    @test.create_mocks({snapshots: ["task_get"]})
    def test_another_projects_task_is_not_found(self):
        self.mock_task_get.side_effect = dd_exceptions.NotFound(
            "No such task", status=404)
        res = self.client.get(url("task", "c" * 32))
        self.assertEqual(res.status_code, 404)


class SnapshotsTabTests(DockerTestCase):

    @test.create_mocks({docker_proxy: ["container_get"],
                        snapshots: ["snapshot_list"]})
    def test_the_tab_lists_the_containers_snapshots(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_snapshot_list.return_value = [snapshot()]
        res = self.client.get(
            reverse("horizon:project:docker_containers:detail", args=[WEB])
            + "?tab=container_details__snapshots")
        self.assertContains(res, "shop:before")
        self.assertContains(res, "before the upgrade")
        self.mock_snapshot_list.assert_called_once_with(
            test.IsHttpRequest(), WEB)


class RecreateBodyTests(test.TestCase):
    def test_the_configuration_is_kept_and_project_labels_left_to_the_proxy(
            self):
        inspect = {
            "Config": {"Cmd": ["sleep", "1"], "Env": ["A=1"],
                       "Labels": {"app": "shop",
                                  "org.openstack.project-id": "p"}},
            "HostConfig": {"Memory": 64, "NanoCpus": 5, "Privileged": False,
                           "RestartPolicy": {"Name": "always"},
                           "PortBindings": {"80/tcp": [{"HostPort": "8080"}]}},
            "Mounts": [{"Type": "volume", "Name": "data",
                        "Destination": "/data", "RW": True},
                       {"Type": "bind", "Source": "/etc",
                        "Destination": "/host"}]}
        body = snapshots.recreate_body(inspect, IMAGE)
        self.assertEqual(body["Image"], IMAGE)
        self.assertEqual(body["Labels"], {"app": "shop"})
        self.assertEqual(body["Cmd"], ["sleep", "1"])
        self.assertNotIn("Privileged", body["HostConfig"])
        self.assertEqual(body["HostConfig"]["Mounts"], [
            {"Type": "volume", "Source": "data", "Target": "/data",
             "ReadOnly": False}])
        self.assertEqual(body["HostConfig"]["RestartPolicy"],
                         {"Name": "always"})
