"""The Snapshots panel, its forms and the container's Snapshots tab, with
the proxy and Glance mocked (one happy path and the failures)."""
from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import glance_images
from docker_dashboard.api import snapshots
from docker_dashboard.api import wrappers
from tests.unit.helpers import DockerTestCase
from tests.unit.helpers import ReaderTestCase
from tests.unit.helpers import RealPolicyTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id

INDEX = reverse("horizon:project:docker_snapshots:index")
IMAGE = "sha256:" + "b" * 64
WEB = container_id("web")


def snapshot(name="shop:before", source=WEB, comment="before the upgrade",
             container=("web", WEB)):
    """A snapshot as the api gives it: the one image wrapper, with its
    container as it is now (None when gone)."""
    image = wrappers.Image({
        "Id": IMAGE, "RepoTags": [name], "Size": 5 * 1024 ** 2,
        "Created": 1700000000, "Comment": comment,
        "Labels": {snapshots.SNAPSHOT_LABEL: source,
                   snapshots.NAME_LABEL: "web"}})
    if container:
        image.container = {"name": container[0], "id": container[1]}
    return image


AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


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
        # The container by its name, and the comment the commit recorded.
        table = res.context["snapshots_table"]
        self.assertEqual(["web"], [table.get_rows()[0].cells["source"].data])
        self.assertContains(res, "before the upgrade")
        self.assertContains(res, "5.0\xa0MB")
        # Both tables carry their titles.
        self.assertContains(res, '<span class="table-title">Snapshots</span>',
                            html=True)
        self.assertContains(
            res, '<span class="table-title">Docker Images in Glance</span>',
            html=True)
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

    @test.create_mocks({snapshots: ["snapshot_create"],
                        docker_proxy: ["container_get"]})
    def test_create_snapshot_commits_with_the_form_values(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_snapshot_create.return_value = IMAGE
        res = self.client.post(url("create", WEB), {
            "container_id": WEB, "repository": "shop", "tag": "before",
            "comment": "pre-upgrade", "pause": "on"})
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX)
        self.mock_snapshot_create.assert_called_once_with(
            test.IsHttpRequest(), WEB, "shop", "before",
            comment="pre-upgrade", pause=True)

    @test.create_mocks({docker_proxy: ["container_get"]})
    def test_create_snapshot_is_named_after_the_container(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("create", WEB),
                              HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        self.assertTemplateUsed(res, "docker_dashboard/snapshots/_form.html")
        self.assertEqual("web", res.context["form"].initial["repository"])

    @test.create_mocks({docker_proxy: ["container_get"]})
    def test_create_snapshot_refuses_a_bad_name(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.post(url("create", WEB), {
            "container_id": WEB, "repository": "Bad Name!", "tag": "x"})
        self.assertFormErrors(res, 1)

    @test.create_mocks({snapshots: ["snapshot_get"],
                        docker_proxy: ["container_get"]})
    def test_rollback_of_a_container_the_user_cannot_see_is_refused_in_the_form(
            self):
        self.mock_snapshot_get.return_value = snapshot()
        self.mock_container_get.side_effect = dd_exceptions.NotFound(
            "No such container: %s" % WEB, status=404)
        res = self.client.post(url("rollback", IMAGE), {
            "image_id": IMAGE, "container_id": WEB})
        self.assertEqual(res.status_code, 200)
        # Inside the form (the modal), where the user is.
        shown = " ".join(res.context["form"].non_field_errors())
        self.assertIn("left as it was", shown)
        self.assertIn("No such container", shown)

    @test.create_mocks({snapshots: ["snapshot_get", "glance_export"]})
    def test_export_starts_a_task_shown_with_a_progress_bar(self):
        self.mock_snapshot_get.return_value = snapshot()
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


class SnapshotModalTests(DockerTestCase):
    """The forms as the row menu opens them: Horizon's ajax request, which
    renders the `_`-prefixed template."""

    @test.create_mocks({snapshots: ["snapshot_get"],
                        docker_proxy: ["container_get"]})
    def test_each_form_opens_in_the_modal(self):
        self.mock_snapshot_get.return_value = snapshot()
        self.mock_container_get.return_value = container_detail("web")
        for name, title in (("launch", "Launch Container from Snapshot"),
                            ("rollback", "Roll Back Container"),
                            ("export", "Export to Glance")):
            res = self.client.get(url(name, IMAGE), **AJAX)
            self.assertEqual(res.status_code, 200, name)
            self.assertTemplateUsed(res, "docker_dashboard/snapshots/"
                                         "_form.html")
            self.assertTemplateNotUsed(res, "base.html")
            self.assertContains(res, title)
            self.assertContains(res, 'class="modal-footer"')

    @test.create_mocks({snapshots: ["snapshot_get"],
                        docker_proxy: ["container_get"]})
    def test_a_form_opened_as_a_page_has_horizons_layout(self):
        self.mock_snapshot_get.return_value = snapshot()
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(url("launch", IMAGE))
        self.assertTemplateUsed(res, "base.html")
        self.assertTemplateUsed(res, "docker_dashboard/snapshots/_form.html")

    @test.create_mocks({snapshots: ["snapshot_get",
                                    "launch_from_snapshot"]})
    def test_launch_needs_the_image_alone(self):
        """The snapshot's container is gone (rolled back): the launch is
        still offered, and made from the image and the form's limits."""
        self.mock_snapshot_get.return_value = snapshot(container=None)
        self.mock_launch_from_snapshot.return_value = "f" * 64
        res = self.client.post(url("launch", IMAGE), {
            "image_id": IMAGE, "name": "copy", "vcpus": "0.5",
            "memory_mb": "64"}, **AJAX)
        self.assertNoFormErrors(res)
        self.mock_launch_from_snapshot.assert_called_once_with(
            test.IsHttpRequest(), IMAGE, "copy", memory=64 * 1024 ** 2,
            nano_cpus=500000000)

    @test.create_mocks({snapshots: ["snapshot_get",
                                    "launch_from_snapshot"]})
    def test_a_refused_launch_is_shown_in_the_modal(self):
        self.mock_snapshot_get.return_value = snapshot(container=None)
        self.mock_launch_from_snapshot.side_effect = \
            dd_exceptions.ProxyRefused("the memory limit may be at most 1 "
                                       "bytes")
        res = self.client.post(url("launch", IMAGE), {
            "image_id": IMAGE, "name": "copy", "vcpus": "0.5",
            "memory_mb": "64"}, **AJAX)
        self.assertEqual(res.status_code, 200)
        self.assertTemplateUsed(res, "docker_dashboard/snapshots/_form.html")
        self.assertContains(res, "the memory limit may be at most 1 bytes")

    @test.create_mocks({snapshots: ["snapshot_get"]})
    def test_roll_back_is_not_offered_once_the_container_is_gone(self):
        self.mock_snapshot_get.return_value = snapshot(container=None)
        res = self.client.get(url("rollback", IMAGE), **AJAX)
        self.assertEqual(res.status_code, 404)

    @test.create_mocks({snapshots: ["snapshot_list"],
                        glance_images: ["docker_image_list"]})
    def test_row_actions_follow_the_container(self):
        """Launch for every snapshot; Roll Back only while a container of
        its name exists; the container named, "(gone)" once it is not."""
        gone = snapshot(container=None)
        self.mock_snapshot_list.return_value = [gone]
        self.mock_docker_image_list.return_value = []
        res = self.client.get(INDEX)
        table = res.context["snapshots_table"]
        names = [a.name for a in table.get_row_actions(gone)]
        self.assertIn("launch", names)
        self.assertNotIn("rollback", names)
        self.assertContains(res, "web (gone)")


class GlanceTableTests(DockerTestCase):

    @test.create_mocks({snapshots: ["snapshot_list"],
                        glance_images: ["docker_image_list",
                                        "docker_image_get"]})
    def test_a_row_being_uploaded_updates_itself(self):
        """A queued or saving Glance image is polled by Horizon's ajax row
        update; the row answers with the image as Glance has it now."""
        queued = self.images.first()
        queued.status = "queued"
        queued.container_format = "docker"
        self.mock_snapshot_list.return_value = []
        self.mock_docker_image_list.return_value = [queued]
        res = self.client.get(INDEX)
        row = res.context["glance_images_table"].get_rows()[0]
        # Horizon's script polls the rows marked so ("warning": a state
        # its status choices call transitional).
        self.assertIn("ajax-update", row.classes)
        self.assertIn("warning", row.classes)
        # Nothing to load until Glance holds the whole image.
        self.assertNotIn("glance_load", [
            a.name for a in res.context["glance_images_table"]
            .get_row_actions(queued)])
        active = self.images.first()
        active.status = "active"
        self.mock_docker_image_get.return_value = active
        res = self.client.get(INDEX + "?action=row_update&table="
                              "glance_images&obj_id=%s" % queued.id, **AJAX)
        self.assertEqual(res.status_code, 200)
        # Glance's "active", as the table shows it.
        self.assertContains(res, "Active")
        self.assertNotContains(res, "warning")


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
            test.IsHttpRequest(), WEB, "web")


TAB = (reverse("horizon:project:docker_containers:detail", args=[WEB])
       + "?tab=container_details__snapshots")
ROLLBACK = url("rollback", IMAGE)


class SnapshotsTabRollBackTests(RealPolicyTestCase):
    """The tab's Roll Back button follows the policy file like the panel's
    Roll Back action: a member is offered it."""

    @test.create_mocks({docker_proxy: ["container_get"],
                        snapshots: ["snapshot_list"]})
    def test_a_member_is_offered_roll_back(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_snapshot_list.return_value = [snapshot()]
        self.assertContains(self.client.get(TAB), ROLLBACK)


class SnapshotsTabReaderTests(ReaderTestCase):

    @test.create_mocks({docker_proxy: ["container_get"],
                        snapshots: ["snapshot_list"]})
    def test_a_reader_sees_the_snapshots_but_no_roll_back(self):
        self.mock_container_get.return_value = container_detail("web")
        self.mock_snapshot_list.return_value = [snapshot()]
        res = self.client.get(TAB)
        self.assertContains(res, "shop:before")
        self.assertNotContains(res, ROLLBACK)


class RecreateBodyTests(test.TestCase):
    def test_the_configuration_is_kept_and_project_labels_left_to_the_proxy(
            self):
        inspect = {
            "Config": {"Cmd": ["sleep", "1"], "Env": ["A=1"],
                       "Labels": {"app": "shop",
                                  "org.openstack.project-id": "p",
                                  "org.openstack.docker-host": "host2",
                                  "org.openstack.availability-zone": "nova"}},
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
