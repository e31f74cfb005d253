"""What the Containers table does to stay cheap on a full page: the policy
asked once per rule, a row action menu rendered once per distinct menu. Both
must leave the page exactly as Horizon's own code would render it."""
from unittest import mock

from django.urls import reverse
from horizon import tables as horizon_tables
from openstack_auth import policy
from openstack_dashboard.test import helpers as test


from docker_dashboard.api import docker_proxy
from tests.unit.helpers import RealPolicyTestCase
from tests.unit.panels.container_data import container_id
from tests.unit.panels.container_data import container_row

INDEX_URL = reverse('horizon:project:docker_containers:index')
STATES = ("running", "exited", "paused", "restarting", "created", "dead",
          "running", "exited")
REAL_CHECK = policy.check


def rows():
    return [container_row("c%d" % index, state=state)
            for index, state in enumerate(STATES)]


class ContainersTableCostTests(RealPolicyTestCase):
    """A member, with the plugin's real policy file."""

    def docker_rules_asked(self, check):
        return [tuple(call.args[0]) for call in check.call_args_list
                if call.args[0] and call.args[0][0][0] == "docker"]

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_each_rule_is_asked_once_per_page(self):
        self.mock_container_list.return_value = rows()
        with mock.patch("openstack_auth.policy.check",
                        wraps=REAL_CHECK) as check:
            res = self.client.get(INDEX_URL)
        self.assertEqual(200, res.status_code)
        asked = self.docker_rules_asked(check)
        # Every action's rule is still asked (8 rows x 12 row actions would
        # have asked them about a hundred times)...
        for action in ("start", "stop", "restart", "pause", "unpause",
                       "kill", "rename", "update", "commit", "delete",
                       "create"):
            self.assertIn((("docker", "docker:container:%s" % action),),
                          asked)
        # ...once each (the navigation asks its panels' list rules).
        actions_asked = [rule for rule in asked
                         if rule[0][1].startswith("docker:container:") and
                         rule[0][1] != "docker:container:list"]
        self.assertEqual(len(set(actions_asked)), len(actions_asked))

    @test.create_mocks({docker_proxy: ['container_list',
                                       'container_delete']})
    def test_a_denied_rule_hides_the_action_on_every_row_and_refuses_it(self):
        self.mock_container_list.return_value = rows()

        def deny_delete(rules, request, target=None):
            if any(rule == "docker:container:delete" for _, rule in rules):
                return False
            return REAL_CHECK(rules, request, target)

        with mock.patch("openstack_auth.policy.check",
                        side_effect=deny_delete):
            res = self.client.get(INDEX_URL)
            table = res.context['containers_table']
            offered = {row.name: [a.name for a in table.get_row_actions(row)]
                       for row in table.data}
            for names in offered.values():
                self.assertNotIn("delete", names)
                self.assertNotIn("force_delete", names)
            self.assertIn("rename", offered["c0"])    # others still shown
            self.assertNotContains(res, "Delete Container")
            stopped = container_id("c1")
            self.client.post(INDEX_URL, {
                "action": "containers__delete__%s" % stopped})
        self.mock_container_delete.assert_not_called()

    @test.create_mocks({docker_proxy: ['container_list']})
    def test_reused_menus_are_what_horizon_renders_for_each_row(self):
        self.mock_container_list.return_value = rows()
        res = self.client.get(INDEX_URL)
        table = res.context['containers_table']
        table.request = res.wsgi_request
        for row in table.data:
            ours = table.render_row_actions(row)
            horizons = horizon_tables.DataTable.render_row_actions(table, row)
            self.assertEqual(str(horizons), str(ours))
            self.assertIn(row.id, ours)
            other_ids = [r.id for r in table.data if r.id != row.id]
            self.assertFalse(any(other in ours for other in other_ids))
        # The page itself carries each row's own actions.
        self.assertContains(res, "containers__stop__%s" % container_id("c6"))
        self.assertContains(
            res, reverse("horizon:project:docker_containers:rename",
                         args=[container_id("c7")]))
