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


# Decisions remembered per file version; a bound keeps a flood of distinct
# callers from growing it without limit (it is simply emptied when full).
MAX_DECISIONS = 4096


def _version(path):
    """What changes when the file is edited or replaced."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class Policy:
    """oslo.policy's decision for (action, roles, user, project), remembered
    until the file changes.

    oslo.policy re-reads the file's state and introspects every check's
    signature on each enforce (about 0.4 ms a call, on every request); the
    rules here read only the credentials, so the same credentials give the
    same answer until the file changes. The file is stat'ed on every call,
    so an edit is honoured from the next request, as before.
    """

    def __init__(self, policy_file=DEFAULT_POLICY_FILE):
        self._path = os.path.abspath(policy_file)
        conf = cfg.ConfigOpts()
        conf([], project="docker-dashboard", default_config_files=[],
             default_config_dirs=[])
        self._enforcer = oslo_policy.Enforcer(conf, policy_file=self._path)
        self._enforcer.load_rules()
        self._loaded = _version(self._path)
        self._decisions = {}

    def _current(self):
        version = _version(self._path)
        if version != self._loaded:
            self._enforcer.load_rules(force_reload=True)
            self._loaded = version
            self._decisions = {}

    def allowed(self, action, caller):
        self._current()
        key = (action, caller.roles, caller.user_id, caller.project_id)
        decision = self._decisions.get(key)
        if decision is None:
            if len(self._decisions) >= MAX_DECISIONS:
                self._decisions = {}
            decision = self._decide(action, caller)
            self._decisions[key] = decision
        return decision

    def _decide(self, action, caller):
        # An action without a rule is refused: a new route must be given a
        # rule before anyone can use it.
        if action not in self._enforcer.rules:
            return False
        return bool(self._enforcer.enforce(action, {}, credentials(caller)))

    def enforce(self, action, caller):
        if not self.allowed(action, caller):
            raise Refused(403, "Your role in this project does not allow "
                               "this action (policy %s)" % action)
