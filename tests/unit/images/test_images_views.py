"""The Images panel's views with the proxy calls mocked (Horizon style)."""
import json

from django.urls import reverse

from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_images
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import wrappers
from docker_dashboard.panels import image_fields
from docker_dashboard.panels.images import forms as images_forms
from tests.unit.helpers import DockerTestCase

INDEX_URL = reverse('horizon:project:docker_images:index')
IMAGE_ID = "sha256:" + "ab" * 32


def row(tag, image_id=IMAGE_ID, created=1700000000, public=False, used=0):
    labels = {"org.openstack.public": "true"} if public else {}
    image = wrappers.Image({"Id": image_id, "RepoTags": [tag],
                            "Labels": labels, "Size": 2048,
                            "Created": created}, used)
    return image


def analysis():
    layer = {"index": 0, "command": "echo hi > /hi", "created_by": "x",
             "comment": None, "size_bytes": 3, "added": 1, "modified": 0,
             "removed": 0, "created": "2024-01-01T00:00:00Z",
             "digest": "sha256:" + "cd" * 32}
    return {"layers": [layer], "efficiency": 0.75, "wasted_bytes": 1024,
            "top_wasters": [{"path": "/big/file", "wasted_bytes": 1024,
                             "layer_count": 2}]}


class ImagesIndexTests(DockerTestCase):

    @test.create_mocks({docker_images: ['image_list', 'add_layer_counts']})
    def test_lists_images_with_their_counts(self):
        own = row("app:1", used=2)
        public = row("busybox:latest", "sha256:" + "ef" * 32, public=True)
        self.mock_image_list.return_value = [public, own]
        self.mock_add_layer_counts.side_effect = lambda request, page: page
        own.layer_count = 3
        res = self.client.get(INDEX_URL)
        self.assertTemplateUsed(res, 'docker_dashboard/images/index.html')
        rows = res.context['docker_images_table'].data
        self.assertEqual(["app:1", "busybox:latest"], [r.name for r in rows])
        self.assertContains(res, "abababababab")        # short id
        self.assertContains(res, "Public")
        self.assertContains(res, reverse('horizon:project:docker_images:detail',
                                         args=[IMAGE_ID]))
        self.mock_image_list.assert_called_once_with(test.IsHttpRequest(), None)

    @test.create_mocks({docker_images: ['image_list', 'add_layer_counts']})
    def test_the_filter_is_dockers_reference_filter(self):
        self.mock_image_list.return_value = []
        self.mock_add_layer_counts.return_value = []
        self.client.post(INDEX_URL, {
            "docker_images__filter__q_field": "reference",
            "docker_images__filter__q": "app*"})
        self.client.get(INDEX_URL)
        self.mock_image_list.assert_called_with(test.IsHttpRequest(), "app*")

    @test.create_mocks({docker_images: ['image_list']})
    def test_proxy_down_is_a_message_not_a_500(self):
        self.mock_image_list.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker service is not reachable")
        res = self.client.get(INDEX_URL)
        self.assertEqual(200, res.status_code)
        self.assertMessageCount(res, error=1)

    @test.create_mocks({docker_images: ['image_list', 'add_layer_counts',
                                        'image_delete']})
    def test_remove_while_in_use_shows_dockers_refusal(self):
        self.mock_image_list.return_value = [row("app:1", used=1)]
        self.mock_add_layer_counts.side_effect = lambda request, page: page
        self.mock_image_delete.side_effect = dd_exceptions.ProxyRefused(
            "conflict: unable to delete abababababab (cannot be forced) - "
            "image is being used by running container 123", status=409)
        res = self.client.post(INDEX_URL, {
            "action": "docker_images__delete__%s" % IMAGE_ID})
        self.assertRedirectsNoFollow(res, INDEX_URL)
        texts = [str(m) for m in res.wsgi_request._messages]
        self.assertTrue(any("being used by running container" in t
                            for t in texts), texts)

    @test.create_mocks({docker_images: ['image_list', 'add_layer_counts']})
    def test_public_images_cannot_be_removed_by_a_member(self):
        public = row("busybox:latest", public=True)
        self.mock_image_list.return_value = [public]
        self.mock_add_layer_counts.side_effect = lambda request, page: page
        res = self.client.get(INDEX_URL)
        table = res.context['docker_images_table']
        actions = [a.name for a in table.get_row_actions(public)]
        self.assertIn("launch", actions)
        self.assertNotIn("delete", actions)
        self.assertNotIn("push", actions)

    @test.create_mocks({docker_images: ['image_list', 'add_layer_counts']})
    def test_launch_links_to_the_launch_workflow_with_the_image(self):
        self.mock_image_list.return_value = [row("app:1")]
        self.mock_add_layer_counts.side_effect = lambda request, page: page
        res = self.client.get(INDEX_URL)
        self.assertContains(res, reverse(
            'horizon:project:docker_containers:launch') + "?image=app%3A1")


class ImageDetailTests(DockerTestCase):

    @test.create_mocks({docker_images: ['image_get', 'image_layers']})
    def test_shows_layers_efficiency_and_wasters(self):
        self.mock_image_get.return_value = wrappers.Image({
            "Id": IMAGE_ID, "RepoTags": ["app:1"], "Size": 10,
            "Created": "2024-01-01T00:00:00Z"})
        self.mock_image_layers.return_value = analysis()
        res = self.client.get(reverse('horizon:project:docker_images:detail',
                                      args=[IMAGE_ID]))
        self.assertContains(res, "echo hi &gt; /hi")
        self.assertContains(res, "/big/file")
        # A percentage, not a fraction.
        self.assertContains(res, "Efficiency 75 %")
        self.assertContains(res, 'class="dd-layer-browser"')
        self.assertContains(res, "<rect")

    @test.create_mocks({docker_images: ['image_get']})
    def test_a_foreign_image_goes_back_to_the_list(self):
        self.mock_image_get.side_effect = dd_exceptions.NotFound(
            "No such image", status=404)
        res = self.client.get(reverse('horizon:project:docker_images:detail',
                                      args=[IMAGE_ID]))
        self.assertRedirectsNoFollow(res, INDEX_URL)

    @test.create_mocks({docker_images: ['image_tree']})
    def test_tree_is_one_folder_as_json(self):
        self.mock_image_tree.return_value = {"entries": [
            {"name": "hi", "status": "added"}]}
        res = self.client.get(reverse('horizon:project:docker_images:tree',
                                      args=[IMAGE_ID, 2]) + "?path=/etc&aggregate=1")
        self.assertEqual("added", json.loads(res.content)["entries"][0]["status"])
        self.mock_image_tree.assert_called_once_with(
            test.IsHttpRequest(), IMAGE_ID, 2, "/etc", aggregate=True)

    @test.create_mocks({docker_images: ['image_tree']})
    def test_tree_refusal_keeps_the_proxys_status_and_words(self):
        self.mock_image_tree.side_effect = dd_exceptions.NotFound(
            "No folder /x in this view of layer 2", status=404)
        res = self.client.get(reverse('horizon:project:docker_images:tree',
                                      args=[IMAGE_ID, 2]) + "?path=/x")
        self.assertEqual(404, res.status_code)
        self.assertIn("No folder /x", json.loads(res.content)["error"])


class StreamTests(DockerTestCase):

    def lines(self, res):
        return [json.loads(line) for line in
                b"".join(res.streaming_content).decode().splitlines()]

    @test.create_mocks({docker_images: ['image_pull', 'image_get']})
    def test_pull_streams_per_layer_progress_then_the_image(self):
        self.mock_image_pull.return_value = iter([
            {"id": "l1", "status": "Downloading",
             "progressDetail": {"current": 5, "total": 10}},
            {"id": "l1", "status": "Pull complete"}])
        self.mock_image_get.return_value = {"Id": IMAGE_ID}
        res = self.client.post(reverse('horizon:project:docker_images:pull_stream'),
                               {"reference": "127.0.0.1:5005/app:1"})
        lines = self.lines(res)
        self.assertEqual(5, lines[0]["progressDetail"]["current"])
        self.assertEqual(IMAGE_ID, lines[-1]["image"])
        self.mock_image_pull.assert_called_once_with(
            test.IsHttpRequest(), "127.0.0.1:5005/app", "1")

    @test.create_mocks({docker_images: ['image_pull']})
    def test_pull_refusal_is_the_last_line(self):
        self.mock_image_pull.side_effect = dd_exceptions.ProxyRefused(
            "This tag belongs to another project", status=403)
        res = self.client.post(reverse('horizon:project:docker_images:pull_stream'),
                               {"reference": "app"})
        self.assertEqual([{"error": "This tag belongs to another project"}],
                         self.lines(res))

    @test.create_mocks({docker_images: ['image_pull']})
    def test_a_missing_registry_image_says_what_to_do(self):
        """Docker's "manifest unknown" becomes a sentence naming the image;
        Docker's own words stay, as the details line."""
        raw = ("manifest for 127.0.0.1:5005/nosuch:7 not found: manifest "
               "unknown: manifest unknown")
        self.mock_image_pull.return_value = iter([
            {"status": "Pulling from nosuch", "id": "7"},
            {"error": raw, "errorDetail": {"message": raw}}])
        res = self.client.post(reverse('horizon:project:docker_images:pull_stream'),
                               {"reference": "127.0.0.1:5005/nosuch:7"})
        self.assertEqual(
            {"error": "The registry has no image 127.0.0.1:5005/nosuch:7: "
                      "check the name and the tag.", "details": raw},
            self.lines(res)[-1])

    def test_pull_form_errors_answer_400(self):
        res = self.client.post(reverse('horizon:project:docker_images:pull_stream'),
                               {"reference": "Not A/Name!"})
        self.assertEqual(400, res.status_code)
        self.assertIn("reference", json.loads(res.content)["errors"])

    @test.create_mocks({docker_images: ['image_build']})
    def test_build_streams_the_log_then_the_image(self):
        self.mock_image_build.return_value = iter([
            {"stream": "Step 1/2 : FROM busybox:latest\n"},
            {"aux": {"ID": IMAGE_ID}},
            {"stream": "Successfully built abababababab\n"}])
        res = self.client.post(reverse('horizon:project:docker_images:build_stream'), {
            "reference": "app:2", "dockerfile": "FROM busybox:latest\n",
            "build_args": "A=1\nB=two"})
        lines = self.lines(res)
        self.assertEqual("Step 1/2 : FROM busybox:latest\n", lines[0]["stream"])
        self.assertEqual(IMAGE_ID, lines[-1]["image"])
        args = self.mock_image_build.call_args[0]
        self.assertEqual(("app:2", {"A": "1", "B": "two"}), args[2:])

    @test.create_mocks({docker_images: ['image_build']})
    def test_the_proxys_label_step_is_marked_as_the_services(self):
        """The step the proxy adds after the user's Dockerfile (the
        project's label) is marked, its lines only; the user's are not."""
        self.mock_image_build.return_value = iter([
            {"stream": "Step 1/4 : FROM busybox:latest"}, {"stream": "\n"},
            {"stream": "Step 2/4 : ARG DOCKER_DASHBOARD_PROJECT"},
            {"stream": "\n"},
            {"stream": "Step 3/4 : RUN echo hi"}, {"stream": "\n"},
            {"stream": "hi\n"},
            {"stream": "Step 4/4 : LABEL org.openstack.project-id=p1"},
            {"stream": "\n"}, {"stream": " ---> Running in 123\n"},
            {"aux": {"ID": IMAGE_ID}},
            {"stream": "Successfully built abababababab\n"}])
        res = self.client.post(reverse('horizon:project:docker_images:build_stream'), {
            "reference": "app:2", "dockerfile": "FROM busybox:latest\n"})
        lines = [line for line in self.lines(res) if "stream" in line]
        marked = [line["stream"] for line in lines if line.get("proxy")]
        self.assertEqual(["Step 2/4 : ARG DOCKER_DASHBOARD_PROJECT", "\n",
                          "Step 4/4 : LABEL org.openstack.project-id=p1",
                          "\n", " ---> Running in 123\n"], marked)
        self.assertNotIn("proxy", lines[4])          # the user's RUN
        self.assertNotIn("proxy", lines[6])          # "hi", its output
        self.assertNotIn("proxy", lines[-1])         # Successfully built

    @test.create_mocks({docker_images: ['image_build']})
    def test_a_refused_build_shows_the_proxys_refusal(self):
        self.mock_image_build.side_effect = dd_exceptions.ProxyRefused(
            "networkmode: host networking is not allowed", status=403)
        res = self.client.post(reverse('horizon:project:docker_images:build_stream'), {
            "reference": "app:2", "dockerfile": "FROM busybox:latest\n"})
        self.assertEqual([{"error": "networkmode: host networking is not allowed"}],
                         self.lines(res))

    def test_build_needs_a_dockerfile_or_a_context(self):
        res = self.client.post(reverse('horizon:project:docker_images:build_stream'),
                               {"reference": "app:2"})
        self.assertEqual(400, res.status_code)


class FormHelpersTests(DockerTestCase):

    def test_references(self):
        split = image_fields.clean_reference
        self.assertEqual(("busybox", "latest"), split("busybox"))
        self.assertEqual(("127.0.0.1:5005/app", "1.0"), split("127.0.0.1:5005/app:1.0"))
        for bad in ("UPPER", "a b", "app:", "/app", "app:bad tag"):
            with self.assertRaises(Exception):
                split(bad)

    def test_build_args(self):
        self.assertEqual({"A": "1", "B": "x=y"},
                         images_forms.parse_build_args("A=1\n\nB=x=y\n"))
        with self.assertRaises(Exception):
            images_forms.parse_build_args("no equals")


class PagingTests(DockerTestCase):

    def test_pages_by_marker(self):
        from docker_dashboard.panels.paging import page_of_whole as page_of
        items = list("abcde")
        self.assertEqual((["a", "b"], False, True), page_of(items, str, 2))
        self.assertEqual((["c", "d"], True, True), page_of(items, str, 2, marker="b"))
        self.assertEqual((["e"], True, False), page_of(items, str, 2, marker="d"))
        self.assertEqual((["b", "c"], True, True), page_of(items, str, 2, prev_marker="d"))
        self.assertEqual((["a", "b"], False, True), page_of(items, str, 2, marker="gone"))


class PushTests(DockerTestCase):
    """Push is a page of its own whose form streams the push's progress."""

    digest = "sha256:" + "12" * 32

    def stream_url(self):
        return reverse('horizon:project:docker_images:push_stream',
                       args=[IMAGE_ID])

    def lines(self, res):
        return [json.loads(line) for line in
                b"".join(res.streaming_content).decode().splitlines()]

    @test.create_mocks({docker_images: ['image_list', 'add_layer_counts']})
    def test_the_row_action_opens_the_push_page_not_a_modal(self):
        own = row("app:1")
        self.mock_image_list.return_value = [own]
        self.mock_add_layer_counts.side_effect = lambda request, page: page
        res = self.client.get(INDEX_URL)
        push = [a for a in res.context['docker_images_table'].get_row_actions(own)
                if a.name == "push"][0]
        self.assertEqual(reverse('horizon:project:docker_images:push',
                                 args=[IMAGE_ID]), push.get_link_url(own))
        self.assertNotIn("ajax-modal", push.get_final_attrs().get("class", ""))

    @test.create_mocks({docker_images: ['image_get']})
    def test_the_page_names_the_image_and_posts_to_its_stream(self):
        self.mock_image_get.return_value = wrappers.Image({
            "Id": IMAGE_ID, "RepoTags": ["app:1"]})
        res = self.client.get(reverse('horizon:project:docker_images:push',
                                      args=[IMAGE_ID]))
        self.assertTemplateUsed(res, 'docker_dashboard/images/push.html')
        self.assertContains(res, "<strong>app:1</strong>", html=True)
        self.assertContains(res, 'data-dd-stream="push"')
        self.assertContains(res, 'action="%s"' % self.stream_url())

    @test.create_mocks({docker_images: ['image_get']})
    def test_a_foreign_image_goes_back_to_the_list(self):
        self.mock_image_get.side_effect = dd_exceptions.NotFound(
            "No such image", status=404)
        res = self.client.get(reverse('horizon:project:docker_images:push',
                                      args=[IMAGE_ID]))
        self.assertRedirectsNoFollow(res, INDEX_URL)

    @test.create_mocks({docker_images: ['image_tag', 'image_push']})
    def test_tags_then_streams_each_layer_then_the_digest(self):
        self.mock_image_push.return_value = iter([
            {"status": "The push refers to repository [127.0.0.1:5005/app]"},
            {"id": "8bb4e4fe88f3", "status": "Pushing",
             "progressDetail": {"current": 512, "total": 1024}},
            {"id": "8bb4e4fe88f3", "status": "Pushed", "progressDetail": {}},
            {"status": "1: digest: %s size: 735" % self.digest},
            {"aux": {"Tag": "1", "Digest": self.digest, "Size": 735}}])
        res = self.client.post(self.stream_url(),
                               {"reference": "127.0.0.1:5005/app:1"})
        self.assertEqual("application/x-ndjson", res["Content-Type"])
        lines = self.lines(res)
        self.assertEqual(512, lines[1]["progressDetail"]["current"])
        self.assertEqual("Pushed", lines[2]["status"])
        self.assertEqual({"done": True, "image": IMAGE_ID,
                          "reference": "127.0.0.1:5005/app:1",
                          "digest": self.digest,
                          "url": reverse('horizon:project:docker_images:detail',
                                         args=[IMAGE_ID])}, lines[-1])
        self.mock_image_tag.assert_called_once_with(
            test.IsHttpRequest(), IMAGE_ID, "127.0.0.1:5005/app", "1")
        self.mock_image_push.assert_called_once_with(
            test.IsHttpRequest(), "127.0.0.1:5005/app", "1")

    @test.create_mocks({docker_images: ['image_tag', 'image_push']})
    def test_a_refused_tag_is_the_only_line_and_nothing_is_pushed(self):
        self.mock_image_tag.side_effect = dd_exceptions.ProxyRefused(
            "Tag 127.0.0.1:5005/app:1 is not available to this project",
            status=403)
        res = self.client.post(self.stream_url(),
                               {"reference": "127.0.0.1:5005/app:1"})
        self.assertEqual([{"error": "Tag 127.0.0.1:5005/app:1 is not "
                                    "available to this project"}],
                         self.lines(res))
        self.mock_image_push.assert_not_called()

    @test.create_mocks({docker_images: ['image_tag', 'image_push']})
    def test_the_proxys_refusal_of_the_push_is_shown_in_its_words(self):
        self.mock_image_push.side_effect = dd_exceptions.ProxyRefused(
            "Image busybox:latest is public: only an admin can change it",
            status=403)
        res = self.client.post(self.stream_url(),
                               {"reference": "127.0.0.1:5005/bb:1"})
        self.assertEqual([{"error": "Image busybox:latest is public: only an "
                                    "admin can change it"}], self.lines(res))

    @test.create_mocks({docker_images: ['image_tag', 'image_push']})
    def test_a_registry_error_inside_the_stream_ends_it_without_done(self):
        self.mock_image_push.return_value = iter([
            {"id": "8bb4e4fe88f3", "status": "Preparing"},
            {"error": "Get http://127.0.0.1:5999/v2/: connection refused"},
            {"aux": {"Digest": self.digest}}])
        res = self.client.post(self.stream_url(),
                               {"reference": "127.0.0.1:5999/app:1"})
        lines = self.lines(res)
        self.assertEqual("Preparing", lines[0]["status"])
        self.assertIn("connection refused", lines[-1]["error"])
        self.assertFalse([line for line in lines if line.get("done")])

    @test.create_mocks({docker_images: ['image_tag', 'image_push']})
    def test_a_push_without_a_digest_is_not_reported_done(self):
        self.mock_image_push.return_value = iter([
            {"id": "8bb4e4fe88f3", "status": "Pushed"}])
        res = self.client.post(self.stream_url(),
                               {"reference": "127.0.0.1:5005/app:1"})
        self.assertIn("did not confirm", self.lines(res)[-1]["error"])

    def test_form_errors_answer_400(self):
        res = self.client.post(self.stream_url(), {"reference": "Bad Name!"})
        self.assertEqual(400, res.status_code)
        self.assertIn("reference", json.loads(res.content)["errors"])


class ModalFormTests(DockerTestCase):
    """The Tag form as the row menu opens it (Horizon's ajax request)."""

    def tag_url(self):
        return reverse('horizon:project:docker_images:tag', args=[IMAGE_ID])

    def test_the_tag_form_opens_in_the_modal(self):
        res = self.client.get(self.tag_url(),
                              HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        self.assertEqual(200, res.status_code)
        self.assertTemplateUsed(res, 'docker_dashboard/images/_tag.html')
        self.assertTemplateNotUsed(res, 'base.html')
        self.assertContains(res, 'class="modal-footer"')

    @test.create_mocks({docker_images: ['image_tag']})
    def test_a_refused_tag_is_shown_in_the_modal(self):
        self.mock_image_tag.side_effect = dd_exceptions.ProxyRefused(
            "app:1 is another project's name", status=403)
        res = self.client.post(self.tag_url(), {
            "image_id": IMAGE_ID, "reference": "app:1"},
            HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        self.assertEqual(200, res.status_code)
        self.assertTemplateUsed(res, 'docker_dashboard/images/_tag.html')
        self.assertContains(res, "app:1 is another project&#x27;s name")
        self.assertFalse([m for m in res.wsgi_request._messages
                          if m.level_tag == "success"])


class CompareFormTests(DockerTestCase):

    @test.create_mocks({docker_images: ['image_list']})
    def test_the_form_submits_to_the_compare_page(self):
        self.mock_image_list.return_value = [row("app:1")]
        res = self.client.get(reverse('horizon:project:docker_images:compare'))
        self.assertContains(res, 'action="%s"' % reverse(
            'horizon:project:docker_images:compare'))


class ImageWrapperTests(test.TestCase):
    """One image wrapper and one "untagged" rule for every panel."""

    def test_untagged_and_names(self):
        image = wrappers.Image({"Id": IMAGE_ID,
                                "RepoTags": ["<none>:<none>"]})
        self.assertEqual([], image.tags)
        self.assertEqual("abababababab", image.name)
        tagged = wrappers.Image({"Id": IMAGE_ID, "RepoTags": [
            "<none>:<none>", "app:1"]})
        self.assertEqual(["app:1"], tagged.tags)

    def test_a_container_made_from_an_id_shows_the_short_id(self):
        row = wrappers.Container({"Id": "c" * 64, "Image": IMAGE_ID})
        self.assertEqual("abababababab", row.image)
        named = wrappers.Container({"Id": "c" * 64, "Image": "app:1"})
        self.assertEqual("app:1", named.image)
        detail = wrappers.ContainerDetail({"Id": "c" * 64,
                                           "Config": {"Image": IMAGE_ID}})
        self.assertEqual("abababababab", detail.image)
