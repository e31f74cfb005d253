"""The cloud's Docker hosts on the Containers panel, per role, against the
plugin's real policy file: zones to launch in for everyone; the host
column, the host row, the host choice and the silent host's name for admins
only. The proxy is mocked (its side is tested with the routing proxy)."""
from django.urls import reverse

from openstack_dashboard import api
from openstack_dashboard.test import helpers as test

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import glance_images
from docker_dashboard.api.wrappers import DockerHosts
from docker_dashboard.api.wrappers import HOST_LABEL
from docker_dashboard.api.wrappers import Image
from docker_dashboard.api.wrappers import ZONE_LABEL
from tests.unit.helpers import RealPolicyTestCase
from tests.unit.panels.container_data import container_detail
from tests.unit.panels.container_data import container_id
from tests.unit.panels.container_data import container_row
from tests.unit.panels.test_containers_launch import FLAVORS
from tests.unit.panels.test_containers_launch import LIMITS
from tests.unit.panels.test_containers_launch import form_data

INDEX_URL = reverse('horizon:project:docker_containers:index')
LAUNCH_URL = reverse('horizon:project:docker_containers:launch')
DETAIL_URL = reverse('horizon:project:docker_containers:detail',
                     args=[container_id("web")])

TWO_HOSTS = DockerHosts({
    "availability_zones": ["nova", "az2"],
    "hosts": [{"name": "host1", "availability_zone": "nova", "up": True},
              {"name": "host2", "availability_zone": "az2", "up": False}]})
# What a member is told: the zones, never the hosts.
ZONES_ONLY = DockerHosts({"availability_zones": ["nova", "az2"]})

LAUNCH_MOCKS = {docker_proxy: ['image_list', 'volume_list', 'container_create',
                               'docker_hosts'],
                glance_images: ['docker_image_list'],
                api.nova: ['flavor_list', 'tenant_absolute_limits']}


class AdminTestCase(RealPolicyTestCase):
    def _setup_user(self, **kwargs):
        kwargs["roles"] = [{"id": "1", "name": "admin"},
                           {"id": "2", "name": "member"}]
        super()._setup_user(**kwargs)


def _rows():
    return [container_row("web", labels={HOST_LABEL: "host2"}),
            container_row("old", state="exited")]


def _listed(unavailable=()):
    return docker_proxy.ContainerList(_rows(), unavailable)


def _messages(res):
    return [str(m) for m in res.context["messages"]]


class _Launch(object):
    """The Launch form's steps, primed as a cloud with two hosts."""

    def prime(self, hosts):
        self.mock_image_list.return_value = [
            Image({"Id": "sha256:1", "RepoTags": ["busybox:latest"]})]
        self.mock_volume_list.return_value = []
        self.mock_docker_image_list.return_value = []
        self.mock_flavor_list.return_value = FLAVORS
        self.mock_tenant_absolute_limits.return_value = LIMITS
        self.mock_docker_hosts.return_value = hosts
        self.mock_container_create.return_value = "abc"

    def resources(self, res):
        return res.context["workflow"].get_step("resources").action

    def created_labels(self):
        (_request, spec), _kwargs = self.mock_container_create.call_args
        return spec.create_kwargs().get("labels") or {}


class AdminSeesHostsTests(_Launch, AdminTestCase):

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_the_host_column_shows_each_containers_host(self):
        self.mock_container_list.return_value = _listed()
        res = self.client.get(INDEX_URL)
        table = res.context["containers_table"]
        self.assertIn("host", table.columns)
        self.assertContains(res, "host2")
        self.assertEqual(["host2", None], [row.host for row in table.data])

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_a_silent_host_is_named(self):
        self.mock_container_list.return_value = _listed(["host2"])
        res = self.client.get(INDEX_URL)
        self.assertIn("Docker host host2 is not answering: its containers "
                      "are not listed.", _messages(res))
        # The rest of the page works: the rows that were listed are shown.
        table = res.context["containers_table"]
        self.assertEqual(["web", "old"], [r.name for r in table.data])

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_two_silent_hosts_are_both_named(self):
        self.mock_container_list.return_value = _listed(["host2", "host3"])
        res = self.client.get(INDEX_URL)
        self.assertIn("Docker hosts host2, host3 are not answering: their "
                      "containers are not listed.", _messages(res))

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_the_overview_has_a_host_row(self):
        self.mock_container_get.return_value = container_detail(
            "web", labels={HOST_LABEL: "host2"})
        res = self.client.get(DETAIL_URL)
        self.assertContains(res, '<dt>Host</dt><dd class="dd-host">host2'
                                 '</dd>', html=False)

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_a_container_without_a_host_label_shows_none(self):
        self.mock_container_get.return_value = container_detail("web")
        res = self.client.get(DETAIL_URL)
        self.assertContains(res, '<dt>Host</dt><dd class="dd-host">-</dd>')

    @test.create_mocks(LAUNCH_MOCKS)
    def test_the_launch_form_offers_zones_and_hosts(self):
        self.prime(TWO_HOSTS)
        res = self.client.get(LAUNCH_URL)
        action = self.resources(res)
        self.assertEqual([("", "Any zone"), ("nova", "nova"), ("az2", "az2")],
                         [(v, str(t)) for v, t in
                          action.fields["availability_zone"].choices])
        self.assertEqual(
            [("", "Any host"), ("host1", "host1 (zone nova)"),
             ("host2", "host2 (zone az2, not answering)")],
            [(v, str(t)) for v, t in action.fields["docker_host"].choices])
        self.assertContains(res, "Availability Zone")
        self.assertContains(res, "Docker Host")
        self.mock_docker_hosts.assert_called_once_with(test.IsHttpRequest())

    @test.create_mocks(LAUNCH_MOCKS)
    def test_a_pinned_launch_carries_the_host_and_zone_labels(self):
        self.prime(TWO_HOSTS)
        res = self.client.post(LAUNCH_URL, form_data(
            availability_zone="nova", docker_host="host1"))
        self.assertNoFormErrors(res)
        labels = self.created_labels()
        self.assertEqual("host1", labels[HOST_LABEL])
        self.assertEqual("nova", labels[ZONE_LABEL])
        self.assertEqual("web", labels["tier"])

    @test.create_mocks(LAUNCH_MOCKS)
    def test_a_host_the_cloud_does_not_have_is_refused_on_the_form(self):
        self.prime(TWO_HOSTS)
        res = self.client.post(LAUNCH_URL, form_data(
            availability_zone="", docker_host="host9"))
        self.mock_container_create.assert_not_called()
        self.assertIn("docker_host", self.resources(res).errors)


class MemberSeesOneCloudTests(_Launch, RealPolicyTestCase):

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_no_host_column(self):
        self.mock_container_list.return_value = _listed()
        res = self.client.get(INDEX_URL)
        self.assertNotIn("host", res.context["containers_table"].columns)
        self.assertNotContains(res, "host2")

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_a_silent_host_is_a_neutral_message(self):
        self.mock_container_list.return_value = _listed(["host2"])
        res = self.client.get(INDEX_URL)
        messages = _messages(res)
        self.assertIn("Some containers cannot be listed right now.", messages)
        self.assertFalse(any("host2" in m for m in messages), messages)
        table = res.context["containers_table"]
        self.assertEqual(["web", "old"], [r.name for r in table.data])

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_no_message_when_every_host_answered(self):
        self.mock_container_list.return_value = _listed()
        res = self.client.get(INDEX_URL)
        self.assertEqual([], _messages(res))

    @test.create_mocks({docker_proxy: ['container_get']})
    def test_no_host_row(self):
        self.mock_container_get.return_value = container_detail(
            "web", labels={HOST_LABEL: "host2"})
        res = self.client.get(DETAIL_URL)
        self.assertNotContains(res, 'class="dd-host"')
        self.assertNotContains(res, "<dt>Host</dt>")

    @test.create_mocks(LAUNCH_MOCKS)
    def test_the_launch_form_offers_zones_and_no_host(self):
        self.prime(ZONES_ONLY)
        res = self.client.get(LAUNCH_URL)
        action = self.resources(res)
        self.assertIn("availability_zone", action.fields)
        self.assertNotIn("docker_host", action.fields)
        self.assertNotContains(res, "Docker Host")
        self.assertNotContains(res, 'name="docker_host"')

    @test.create_mocks(LAUNCH_MOCKS)
    def test_a_chosen_zone_goes_into_the_create_as_a_label(self):
        self.prime(ZONES_ONLY)
        res = self.client.post(LAUNCH_URL, form_data(availability_zone="az2"))
        self.assertNoFormErrors(res)
        labels = self.created_labels()
        self.assertEqual("az2", labels[ZONE_LABEL])
        self.assertNotIn(HOST_LABEL, labels)

    @test.create_mocks(LAUNCH_MOCKS)
    def test_any_zone_sends_no_zone_and_asks_nothing_more(self):
        # "Any zone" needs no list to be checked: a launch keeps its one
        # round trip to the proxy.
        self.prime(ZONES_ONLY)
        res = self.client.post(LAUNCH_URL, form_data(availability_zone=""))
        self.assertNoFormErrors(res)
        self.assertNotIn(ZONE_LABEL, self.created_labels())
        self.mock_docker_hosts.assert_not_called()

    @test.create_mocks(LAUNCH_MOCKS)
    def test_a_member_cannot_pin_a_host_by_posting_one(self):
        self.prime(TWO_HOSTS)
        res = self.client.post(LAUNCH_URL, form_data(
            availability_zone="", docker_host="host2"))
        self.assertNoFormErrors(res)
        self.assertNotIn(HOST_LABEL, self.created_labels())

    @test.create_mocks(LAUNCH_MOCKS)
    def test_a_single_host_cloud_shows_no_zone_choice(self):
        # A proxy without GET /dd/hosts (one Docker host) answers "none".
        self.prime(DockerHosts())
        res = self.client.get(LAUNCH_URL)
        self.assertNotIn("availability_zone", self.resources(res).fields)
        self.assertNotContains(res, "Availability Zone")

    @test.create_mocks(LAUNCH_MOCKS)
    def test_unreadable_zones_are_a_message_and_the_form_still_works(self):
        self.prime(ZONES_ONLY)
        self.mock_docker_hosts.side_effect = dd_exceptions.ProxyUnavailable(
            "The docker service is not reachable. Try again in a moment.")
        res = self.client.get(LAUNCH_URL)
        self.assertEqual(200, res.status_code)
        self.assertNotIn("availability_zone", self.resources(res).fields)
        self.assertIn("Unable to retrieve availability zones.",
                      " ".join(_messages(res)))

    @test.create_mocks(LAUNCH_MOCKS)
    def test_no_host_with_room_is_said_in_the_proxys_words(self):
        # rules/placement.py's no_room_message, as the proxy answers it.
        sentence = ("No Docker host has room for 2 vCPUs and 2048 MiB of "
                    "memory (in zone az2)")
        self.prime(ZONES_ONLY)
        self.mock_container_create.side_effect = dd_exceptions.ProxyRefused(
            sentence, status=409)
        res = self.client.post(LAUNCH_URL, form_data(availability_zone="az2",
                                                     flavor="2"))
        # Back on the form, the proxy's sentence beside the flavor (the
        # zone choice just below it), and the zone that was chosen still
        # chosen.
        self.assertContains(res, sentence)
        self.assertIn(sentence, str(self.resources(res).errors["flavor"]))
        self.assertContains(res, 'value="az2" selected')


class PinRefusedTests(_Launch, AdminTestCase):

    @test.create_mocks(LAUNCH_MOCKS)
    def test_a_refused_pin_is_shown_beside_the_host_choice(self):
        self.prime(TWO_HOSTS)
        self.mock_container_create.side_effect = dd_exceptions.ProxyRefused(
            "Only an admin may choose the Docker host", status=403)
        res = self.client.post(LAUNCH_URL, form_data(
            availability_zone="", docker_host="host1"))
        self.assertIn("Only an admin may choose the Docker host",
                      str(self.resources(res).errors["docker_host"]))
