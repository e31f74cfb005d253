"""Each parsed instruction checked as dockerd 20.10 checks it, and the file
grouped into build stages.

Facts of that version (BuildKit v0.8's `instructions` package, vendored):
- flags: `--name=value` or `--name` (a boolean); each instruction knows its
  own (ADD: chown, chmod; COPY: chown, from, chmod; FROM: platform; RUN:
  mount, which may repeat; HEALTHCHECK: interval, timeout, start-period,
  retries); any other flag is an error, and so is a flag given twice
  ("Duplicate flag specified"). ARG and STOPSIGNAL never read their flags:
  the proxy refuses flags there instead of dropping them silently.
- FROM takes one argument or three (`image AS name`); a stage name is
  lower-cased and matches `^[a-z][a-z0-9-_.]*$`.
- ARG lines before the first FROM are the "meta" arguments; any other
  instruction before it is an error.
- ONBUILD may not trigger ONBUILD, FROM or MAINTAINER.
"""
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from docker_dashboard.proxy.rules.dockerfile.lexer import invalid as refuse

STAGE_NAME = re.compile(r"^[a-z][a-z0-9\-_.]*$")
# name: repeatable?
FLAGS = {
    "add": {"chown": False, "chmod": False},
    "copy": {"chown": False, "from": False, "chmod": False},
    "from": {"platform": False},
    "run": {"mount": True},
    "healthcheck": {"interval": False, "timeout": False,
                    "start-period": False, "retries": False},
}
STRING_FLAGS = {"add", "copy", "from", "run", "healthcheck"}
ONE_ARGUMENT = ("maintainer", "workdir", "user", "stopsignal")
AT_LEAST_ONE = ("env", "label", "expose", "volume", "arg", "onbuild",
                "healthcheck", "shell")
NOT_TRIGGERS = ("onbuild", "from", "maintainer")


def flags(node, field="Dockerfile"):
    """{name: value or [values]} of a node's flags, read as dockerd's
    BFlags reads them."""
    known = FLAGS.get(node.cmd, {})
    if node.cmd == "healthcheck" and node.args and \
            node.args[0].upper() == "NONE":
        known = {}
    out = {}
    for word in node.flags:
        if not word.startswith("--"):
            refuse(field, "line %d: Arg should start with -- : %s"
                   % (node.line, word))
        if word == "--":
            break
        name, equals, value = word[2:].partition("=")
        if name not in known:
            refuse(field, "line %d: unknown flag %s for %s"
                   % (node.line, name, node.cmd.upper()))
        if not equals:
            refuse(field, "line %d: missing a value on flag: %s"
                   % (node.line, name))
        if known[name]:
            out.setdefault(name, []).append(value)
        elif name in out:
            refuse(field, "line %d: duplicate flag specified: %s"
                   % (node.line, name))
        else:
            out[name] = value
    return out


def check(node, field="Dockerfile"):
    """Refuse what dockerd would refuse when it reads `node`; returns its
    flags."""
    where = "line %d: %s" % (node.line, node.cmd.upper())
    found = flags(node, field)
    args = node.args
    if node.cmd in ONE_ARGUMENT and len(args) != 1:
        refuse(field, "%s requires exactly one argument" % where)
    if node.cmd in AT_LEAST_ONE and not args and node.sub is None:
        refuse(field, "%s requires at least one argument" % where)
    if node.cmd in ("add", "copy") and len(args) < 2:
        refuse(field, "%s requires at least two arguments" % where)
    if node.cmd in ("env", "label"):
        for key in args[0::2]:
            if not key:
                refuse(field, "%s names can not be blank" % where)
    if node.cmd == "arg":
        for word in args:
            if word.startswith("="):
                refuse(field, "%s names can not be blank" % where)
    if node.cmd == "from":
        stage_name(node, field)
    if node.cmd == "shell" and not node.json:
        refuse(field, "%s requires the arguments to be in JSON form" % where)
    if node.cmd == "volume":
        for path in args:
            if not path.strip():
                refuse(field, "%s specified can not be an empty string"
                       % where)
    if node.cmd == "healthcheck":
        kind = args[0].upper()
        if kind == "NONE":
            if len(args) != 1 or node.flags:
                refuse(field, "%s NONE takes no arguments" % where)
        elif kind != "CMD" or len(args) < 2:
            refuse(field, "%s: use CMD (or NONE) with a command" % where)
    if node.cmd == "onbuild":
        if node.sub is None:
            refuse(field, "%s requires at least one argument" % where)
        if node.sub.cmd in NOT_TRIGGERS:
            refuse(field, "%s isn't allowed as an ONBUILD trigger"
                   % node.sub.cmd.upper())
        check(node.sub, field)
    return found


def stage_name(node, field="Dockerfile"):
    args = node.args
    if len(args) == 3 and args[1].lower() == "as":
        name = args[2].lower()
        if not STAGE_NAME.match(name):
            refuse(field, "line %d: invalid name for build stage: %r, name "
                   "can't start with a number or contain symbols"
                   % (node.line, args[2]))
        return name
    if len(args) != 1:
        refuse(field, "line %d: FROM requires either one or three arguments"
               % node.line)
    return ""


@dataclass
class Stage:
    node: object
    name: str
    index: int
    commands: list = dataclass_field(default_factory=list)


@dataclass
class Stages:
    meta_args: list
    stages: list


def group(dockerfile, field="Dockerfile"):
    """Meta ARGs and stages, each instruction checked."""
    meta, stages, names = [], [], set()
    for node in dockerfile.nodes:
        check(node, field)
        if node.cmd == "from":
            name = stage_name(node, field)
            if name and name in names:
                refuse(field, "line %d: %s stage name already used"
                       % (node.line, name))
            names.add(name)
            stages.append(Stage(node, name, len(stages)))
        elif not stages:
            if node.cmd != "arg":
                refuse(field, "line %d: no build stage in current context: "
                       "the first instruction must be FROM (or ARG)"
                       % node.line)
            meta.append(node)
        else:
            stages[-1].commands.append(node)
    return Stages(meta, stages)
