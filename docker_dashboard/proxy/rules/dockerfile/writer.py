"""The canonical Dockerfile: the proxy's own bytes for what it parsed.

One instruction a line, no continuations and no comments; JSON forms
re-encoded; flags re-quoted; every image a stage or a `--from` reads named
by the image id the proxy resolved (or by the stage); the escape directive
kept when the file used a backtick (dockerd's evaluator reads escapes in
words later, so the token must stay the same). Each stage opens with the
label that carries the project's id: it is in every later step's
configuration, so no cached step of one project answers another project's
build. Checked on dockerd 20.10's classic builder: a build argument carrying
the project id changes the cache key of RUN steps only (COPY and ADD steps
were still served across projects), so the label, not an ARG, splits the
cache; an ARG beside it would only cost one more step.
"""
import json
import re

from docker_dashboard.proxy.caller import PROJECT_LABEL

PLAIN_FLAG = re.compile(r"^[A-Za-z0-9._:/@+=,-]+$")


def flag(name, value):
    if PLAIN_FLAG.match(value):
        return "--%s=%s" % (name, value)
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return '--%s="%s"' % (name, quoted)


def _json(values):
    return json.dumps(list(values), ensure_ascii=True)


def _rest(node):
    if node.cmd == "healthcheck":
        kind = node.args[0]
        if node.json:
            return "%s %s" % (kind, _json(node.args[1:]))
        return node.rest
    if node.json:
        return _json(node.args)
    return node.rest


def instruction(node, flags=None, rest=None):
    """One instruction's line. `flags` are the flags to write as
    [(name, value)] (default: the node's own, parsed); `rest` replaces the
    arguments."""
    from docker_dashboard.proxy.rules.dockerfile import instructions
    if flags is None:
        flags = []
        for name, value in instructions.flags(node).items():
            for one in (value if isinstance(value, list) else [value]):
                flags.append((name, one))
    parts = [node.cmd.upper()]
    parts += [flag(name, value) for name, value in flags]
    if node.cmd == "onbuild":
        text = instruction(node.sub)
    else:
        text = _rest(node) if rest is None else rest
    if text:
        parts.append(text)
    return " ".join(parts)


def project_value(project_id):
    """The project id as one word: Keystone's ids are hex; anything else is
    quoted so the evaluator reads it back unchanged."""
    if re.match(r"^[A-Za-z0-9_.-]+$", project_id):
        return project_id
    return json.dumps(project_id)


def prelude(project_id):
    return ["LABEL %s=%s" % (PROJECT_LABEL, project_value(project_id))]


def document(escape, lines):
    head = ["# escape=`"] if escape == "`" else []
    return ("\n".join(head + lines) + "\n").encode("utf-8")
