"""The plugin's oslo.policy rules, enforced by the proxy per route.

Horizon reads the same file to show or hide actions, so what a user is shown
is what the proxy lets through. Ownership is decided separately
(rules/ownership.py): these rules say what a role may do in its own project.
"""
import os

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from docker_dashboard.proxy.rules.errors import Refused

DEFAULT_POLICY_FILE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    "conf", "docker_policy.yaml")


def credentials(caller):
    return {"roles": sorted(caller.roles), "user_id": caller.user_id,
            "project_id": caller.project_id}


class Policy:
    def __init__(self, policy_file=DEFAULT_POLICY_FILE):
        conf = cfg.ConfigOpts()
        conf([], project="docker-dashboard", default_config_files=[],
             default_config_dirs=[])
        self._enforcer = oslo_policy.Enforcer(
            conf, policy_file=os.path.abspath(policy_file))
        self._enforcer.load_rules()

    def allowed(self, action, caller):
        # An action without a rule is refused: a new route must be given a
        # rule before anyone can use it.
        if action not in self._enforcer.rules:
            return False
        return bool(self._enforcer.enforce(action, {}, credentials(caller)))

    def enforce(self, action, caller):
        if not self.allowed(action, caller):
            raise Refused(403, "Your role in this project does not allow "
                               "this action (policy %s)" % action)
