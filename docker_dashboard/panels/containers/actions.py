"""The Containers table's actions: each gated by the container's state and
by the plugin's policy (the proxy enforces the same rule when it is done)."""
import functools

from django.utils.translation import gettext_lazy as _
from django.utils import translation

from horizon import messages
from horizon import tables
from openstack_dashboard import policy

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.panels.containers import error_sentences
from docker_dashboard.panels.containers import stopping

# Horizon asks a batch action for its name on every row it renders, and each
# ngettext_lazy call builds a new lazy class. The lazy string is translated
# when it is shown (in the request's language), so one per (text, count) can
# be shared.
ngettext_lazy = functools.lru_cache(maxsize=1024)(translation.ngettext_lazy)

RUNNING = ("running",)
STOPPED = ("created", "exited", "dead")


def _state(datum):
    return getattr(datum, "state", None) if datum else None


def rule(action):
    """The action's rule in the plugin's policy file (service "docker")."""
    return (("docker", "docker:container:%s" % action),)


def policy_allows(request, rules):
    """The policy's answer for `rules`, asked once per request.

    The plugin's rules do not depend on the row (no policy target beyond the
    user's own project), so Horizon's check per action per row evaluated the
    same rule hundreds of times on a full page.
    """
    if not rules:
        return True
    answers = request.__dict__.setdefault("_docker_policy_answers", {})
    key = tuple(tuple(rule_) for rule_ in rules)
    if key not in answers:
        answers[key] = policy.check(key, request)
    return answers[key]


class PolicyOncePerRequest(object):
    """Horizon's `_allowed` (policy, then `allowed()`) with the policy
    answer memoized for the request."""

    def _allowed(self, request, datum=None):
        return (policy_allows(request, self.policy_rules) and
                self.allowed(request, datum))


class _BatchPolicyOncePerRequest(PolicyOncePerRequest):
    def _allowed(self, request, datum=None):
        # As Horizon's BatchAction: no batch button on a table without rows
        # (a row update has its one row).
        if (request.GET.get("action") != "row_update" and
                not self.table.data and not datum):
            return False
        return super()._allowed(request, datum)


class LaunchContainer(PolicyOncePerRequest, tables.LinkAction):
    name = "launch"
    verbose_name = _("Launch Container")
    url = "horizon:project:docker_containers:launch"
    classes = ("ajax-modal", "btn-launch")
    icon = "cloud-upload"
    policy_rules = (("docker", "docker:container:create"),)


class _ExplainsRefusals(object):
    """Horizon's batch actions answer a failure with "Unable to ...: name"
    only; the reason, in words that say what to do, is shown beside it."""

    def action(self, request, obj_id):
        try:
            return self.run(request, obj_id)
        except dd_exceptions.ProxyRefused as refusal:
            messages.error(request, error_sentences.explain(refusal.message))
            raise

    def run(self, request, obj_id):
        raise NotImplementedError


class _StateGatedBatch(_ExplainsRefusals, _BatchPolicyOncePerRequest,
                       tables.BatchAction):
    """A batch action allowed only for containers in `states` (a table-level
    button, with no datum, is always shown; the proxy has the last word)."""
    states = ()

    def allowed(self, request, datum=None):
        return datum is None or _state(datum) in self.states


class StartContainer(_StateGatedBatch):
    name = "start"
    policy_rules = rule("start")
    states = STOPPED
    icon = "play"
    # Horizon's batch actions say "This action cannot be undone": Start,
    # Restart, Pause and Resume can.
    help_text = ""

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Start Container", "Start Containers", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Started Container", "Started Containers", count)

    def run(self, request, obj_id):
        docker_proxy.container_start(request, obj_id)


class StopContainer(_StateGatedBatch):
    name = "stop"
    policy_rules = rule("stop")
    states = RUNNING + ("restarting",)
    icon = "stop"
    help_text = _("Each container gets its stop signal, then is killed after "
                  "Docker's grace period (10 seconds unless set otherwise). "
                  "The rows show \"Stopping\" until they are down.")
    action_type = "danger"

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Stop Container", "Stop Containers", count)

    @staticmethod
    def action_past(count):
        # The stop goes on after the page answers (stopping.py).
        return ngettext_lazy("Stopping Container", "Stopping Containers",
                             count)

    def run(self, request, obj_id):
        stopping.begin(request, obj_id)


class RestartContainer(_StateGatedBatch):
    name = "restart"
    policy_rules = rule("restart")
    states = RUNNING + STOPPED
    icon = "refresh"
    help_text = ""

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Restart Container", "Restart Containers", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Restarted Container", "Restarted Containers",
                             count)

    def run(self, request, obj_id):
        docker_proxy.container_restart(request, obj_id)


class PauseContainer(_StateGatedBatch):
    name = "pause"
    policy_rules = rule("pause")
    states = RUNNING
    help_text = ""

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Pause Container", "Pause Containers", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Paused Container", "Paused Containers", count)

    def run(self, request, obj_id):
        docker_proxy.container_pause(request, obj_id)


class UnpauseContainer(_StateGatedBatch):
    name = "unpause"
    policy_rules = rule("unpause")
    states = ("paused",)
    help_text = ""

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Resume Container", "Resume Containers", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Resumed Container", "Resumed Containers", count)

    def run(self, request, obj_id):
        docker_proxy.container_unpause(request, obj_id)


class _ExplainsDeleteRefusals(_ExplainsRefusals):
    """Horizon's DeleteAction runs `delete()`: its refusals explained too."""

    def delete(self, request, obj_id):
        return self.action(request, obj_id)


class DeleteContainer(_ExplainsDeleteRefusals, _BatchPolicyOncePerRequest,
                      tables.DeleteAction):
    """Deletes containers that are not running (Docker refuses the others
    without force; see ForceDeleteContainer)."""
    policy_rules = rule("delete")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Container", "Delete Containers", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deleted Container", "Deleted Containers", count)

    def allowed(self, request, datum=None):
        return datum is None or _state(datum) in STOPPED

    def run(self, request, obj_id):
        docker_proxy.container_delete(request, obj_id)


class ForceDeleteContainer(_ExplainsDeleteRefusals,
                           _BatchPolicyOncePerRequest, tables.DeleteAction):
    name = "force_delete"
    policy_rules = rule("delete")
    help_text = _("Running containers are killed without a chance to shut "
                  "down cleanly, then deleted. This cannot be undone.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Force Delete Container",
                             "Force Delete Containers", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Force Deleted Container",
                             "Force Deleted Containers", count)

    def allowed(self, request, datum=None):
        return datum is None or _state(datum) not in STOPPED

    def run(self, request, obj_id):
        docker_proxy.container_delete(request, obj_id, force=True)


class _StateGatedLink(PolicyOncePerRequest, tables.LinkAction):
    classes = ("ajax-modal",)
    states = ()

    def allowed(self, request, datum=None):
        return datum is not None and _state(datum) in self.states


class StopWithTimeout(_StateGatedLink):
    name = "stop_timeout"
    policy_rules = rule("stop")
    verbose_name = _("Stop with Timeout")
    url = "horizon:project:docker_containers:stop"
    states = RUNNING + ("restarting",)


class KillContainer(_StateGatedLink):
    name = "kill"
    policy_rules = rule("kill")
    verbose_name = _("Send Signal")
    url = "horizon:project:docker_containers:kill"
    states = RUNNING
    classes = ("ajax-modal", "btn-danger")


class RenameContainer(_StateGatedLink):
    name = "rename"
    policy_rules = rule("rename")
    verbose_name = _("Rename")
    url = "horizon:project:docker_containers:rename"
    states = RUNNING + STOPPED + ("paused",)


class UpdateLimits(_StateGatedLink):
    name = "update"
    policy_rules = rule("update")
    verbose_name = _("Update Limits")
    url = "horizon:project:docker_containers:update"
    states = RUNNING + STOPPED + ("paused",)
