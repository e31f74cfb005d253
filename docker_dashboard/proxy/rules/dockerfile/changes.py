"""`docker commit --change`: the changes read as dockerd reads them,
decided, and written back by the proxy.

dockerd 20.10 joins the `changes` values with newlines and parses the
result as one Dockerfile (so a value can hold several lines, continue into
the next value, or open with an escape directive), then accepts only CMD,
ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, USER, VOLUME and
WORKDIR. The proxy does the same, refuses the org.openstack. labels (its
own) however the label's name is written, and forwards one canonical change
per instruction. Checked on the real dockerd: re-serialized changes keep
the container's other settings (its Cmd, Env and labels).
"""
from docker_dashboard.proxy.rules.dockerfile import decision
from docker_dashboard.proxy.rules.dockerfile import instructions
from docker_dashboard.proxy.rules.dockerfile import parser
from docker_dashboard.proxy.rules.dockerfile import writer
from docker_dashboard.proxy.rules.errors import refuse

FIELD = "changes"
COMMIT_COMMANDS = ("cmd", "entrypoint", "env", "expose", "healthcheck",
                   "label", "onbuild", "user", "volume", "workdir")


def canonical_changes(changes, snapshot_label=None):
    """The `changes` values to forward: the caller's, parsed, decided and
    re-written, then the proxy's own label line if given."""
    out = []
    if changes:
        parsed = parser.parse("\n".join(changes), FIELD)
        if parsed.escape == "`":
            out.append("# escape=`")
        for node in parsed.nodes:
            if node.cmd not in COMMIT_COMMANDS:
                refuse(FIELD, "%s is not a valid change command"
                       % node.cmd.upper(), status=400)
            instructions.check(node, FIELD)
            decision.check_node(node, False, FIELD)
            out.append(writer.instruction(node))
    if snapshot_label:
        out.append("LABEL %s=%s" % snapshot_label)
    return out
