"""What a Dockerfile reads, decided, and the canonical file written.

`read` parses and checks the file and says which image references the
route must resolve (`Build.images`); the route resolves each one to an
image id the project may use (or refuses it), collects the ONBUILD triggers
of every base image and hands them to `check_triggers`; `write` then writes
the canonical Dockerfile naming each image by the id resolved.

References are resolved as dockerd 20.10's classic builder resolves them:
- FROM: the name, after meta ARG expansion, is an earlier stage's name (in
  any case), `scratch`, or an image;
- COPY --from and a trigger's --from: an earlier stage's name (any case),
  else a number is an earlier stage's index, else an image;
- RUN --mount=...,from= (BuildKit, admins only): the same.
A stage's own name is not yet a stage while it builds: it names an image.
An image named through an ARG is resolved only in the plain forms `$NAME`
and `${NAME}`, from the build arguments, else the meta ARG's literal
default; anything else with `$`, quotes or escapes is refused.
"""
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from docker_dashboard.proxy.rules.dockerfile import instructions
from docker_dashboard.proxy.rules.dockerfile import parser
from docker_dashboard.proxy.rules.dockerfile import writer
from docker_dashboard.proxy.rules.errors import refuse

FIELD = "Dockerfile"
OPENSTACK_PREFIX = "org.openstack."
PLAIN_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/:@-]*$")
ARG_REF = re.compile(
    r"^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$")
INDEX = re.compile(r"^[+-]?[0-9]+$")
LABEL_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
INT64 = 2 ** 63


@dataclass(frozen=True)
class Ref:
    """What a name resolves to: ("scratch",), ("stage", index) or
    ("image", name)."""
    kind: str
    value: object = None


SCRATCH = Ref("scratch")


@dataclass
class Build:
    parsed: object
    stages: object
    bases: list
    froms: dict = dataclass_field(default_factory=dict)
    images: list = dataclass_field(default_factory=list)

    def image(self, name):
        if name not in self.images:
            self.images.append(name)
        return Ref("image", name)


def _stage_or_image(name, index, stages, what):
    """A --from value in stage `index`, resolved."""
    if "$" in name:
        refuse(FIELD, "%s=%s: an image named by a variable cannot be checked "
               "before the build: name it directly" % (what, name))
    for stage in stages[:index]:
        if stage.name and stage.name == name.lower():
            return Ref("stage", stage.index)
    if INDEX.match(name) and -INT64 <= int(name) < INT64:
        number = int(name)
        if number == index:
            refuse(FIELD, "%s=%s refers to the current build stage"
                   % (what, name))
        if not 0 <= number < index:
            refuse(FIELD, "%s=%s: stage index out of bounds" % (what, name))
        return Ref("stage", number)
    if not PLAIN_REF.match(name):
        refuse(FIELD, "%s=%s: write the image reference plainly (no quotes, "
               "escapes or spaces)" % (what, name))
    return None


def _meta_values(meta, buildargs, escape):
    values = {}
    for node in meta:
        for word in node.args:
            key, equals, default = word.partition("=")
            if key in buildargs and buildargs[key] is not None:
                values[key] = buildargs[key]
            elif equals:
                if "$" in default or escape in default or \
                        any(q in default for q in "'\""):
                    values[key] = None
                else:
                    values[key] = default
            else:
                # Declared again without a default: unset again (dockerd
                # keeps the last declaration).
                values[key] = None
    return values


def _base(node, index, stages, meta_values):
    name = node.args[0]
    found = ARG_REF.match(name)
    if found:
        key = found.group(1) or found.group(2)
        if key not in meta_values:
            refuse(FIELD, "line %d: FROM %s: no ARG %s before the first FROM"
                   % (node.line, name, key))
        value = meta_values[key]
        if value is None:
            refuse(FIELD, "line %d: FROM %s: the argument has no plain value "
                   "(give it as a build argument or a literal default)"
                   % (node.line, name))
        name = value
    elif not PLAIN_REF.match(name):
        refuse(FIELD, "line %d: FROM %s: write the image reference plainly, "
               "or as $NAME of an ARG before the first FROM"
               % (node.line, name))
    if not name:
        refuse(FIELD, "line %d: FROM: base name should not be blank"
               % node.line)
    for stage in stages[:index]:
        if stage.name and stage.name == name.lower():
            return Ref("stage", stage.index)
    if name == "scratch":
        return SCRATCH
    return ("image", name)


def check_node(node, is_admin, where=FIELD):
    """The decisions on one instruction that need no image."""
    line = "line %d: %s" % (node.line, node.cmd.upper())
    if node.cmd == "add":
        for source in node.args[:-1]:
            if "://" in source or source.startswith("git@") or \
                    "$" in source or "\\" in source or "`" in source or \
                    "'" in source or '"' in source:
                refuse(where, "%s %s: ADD of a URL is not offered (dockerd "
                       "would fetch it from the host's network); sources "
                       "are plain paths of the build context" % (line, source))
    if node.cmd == "label":
        for key in node.args[0::2]:
            if not LABEL_KEY.match(key):
                refuse(where, "%s %s: write label names plainly (no quotes, "
                       "escapes or variables)" % (line, key))
            if key.lower().startswith(OPENSTACK_PREFIX):
                refuse(where, "%s %s: the org.openstack. labels are set by "
                       "the proxy" % (line, key))
    if node.cmd == "from" and node.flags:
        refuse(where, "%s --platform: choosing a platform is not offered"
               % line)
    if node.cmd == "run" and node.flags and not is_admin:
        refuse(where, "%s --mount/--network/--security need BuildKit, which "
               "is offered to admins only" % line)
    if node.cmd == "onbuild":
        check_node(node.sub, is_admin, where)


def _mounts(node):
    """RUN --mount values as lists of (key, value) fields."""
    out = []
    for value in instructions.flags(node).get("mount", []):
        if '"' in value or "\n" in value:
            refuse(FIELD, "line %d: RUN --mount: quoted fields are not "
                   "offered" % node.line)
        out.append([tuple(part.split("=", 1)) if "=" in part else (part,)
                     for part in value.split(",")])
    return out


def read(data, buildargs=None, is_admin=False):
    """Parse and check a Dockerfile: a Build whose `images` the route must
    resolve."""
    parsed = parser.parse(data, FIELD)
    grouped = instructions.group(parsed, FIELD)
    if not grouped.stages:
        refuse(FIELD, "no FROM instruction", status=400)
    meta_values = _meta_values(grouped.meta_args, buildargs or {},
                               parsed.escape)
    for node in parsed.nodes:
        check_node(node, is_admin)
    build = Build(parsed, grouped, [])
    stages = grouped.stages
    for stage in stages:
        base = _base(stage.node, stage.index, stages, meta_values)
        if isinstance(base, tuple):
            base = build.image(base[1])
        build.bases.append(base)
        for node in stage.commands:
            _collect_froms(build, node, stage.index, stages)
    return build


def _collect_froms(build, node, index, stages):
    if node.cmd == "copy":
        value = instructions.flags(node).get("from", "")
        if value:
            found = _stage_or_image(value, index, stages, "--from")
            build.froms[(id(node), "from")] = found or build.image(value)
    if node.cmd == "run":
        for number, fields in enumerate(_mounts(node)):
            for pair in fields:
                if pair[0].lower() == "from" and len(pair) == 2 and pair[1]:
                    found = _stage_or_image(pair[1], index, stages,
                                            "--mount from")
                    build.froms[(id(node), number)] = \
                        found or build.image(pair[1])


def triggers_of(build, index):
    """The ONBUILD triggers the stage `index`'s base runs when the base is
    an earlier stage: that stage's own ONBUILD lines, as the proxy writes
    them (dockerd reads a trigger back with the default escape)."""
    base = build.bases[index]
    if base.kind != "stage":
        return []
    stage = build.stages.stages[base.value]
    return [writer.instruction(node.sub) for node in stage.commands
            if node.cmd == "onbuild"]


def check_triggers(build, index, triggers, own_base, is_admin):
    """Decide the ONBUILD triggers that run when stage `index` starts; the
    image names they read (which the route must find visible) are returned.

    dockerd parses each trigger as a Dockerfile of one instruction, with
    the default escape. A trigger runs before the stage's project label, so
    one that makes a cached layer (RUN, COPY, ADD) is accepted only from a
    base of the project's own."""
    stages = build.stages.stages
    names = []
    for text in triggers:
        where = "%s (an ONBUILD trigger of stage %d's base: %s)" % (
            FIELD, index, text[:80])
        parsed = parser.parse(text, where)
        if len(parsed.nodes) != 1:
            refuse(where, "onbuild trigger should be a single expression")
        node = parsed.nodes[0]
        if node.cmd in instructions.NOT_TRIGGERS:
            refuse(where, "%s isn't allowed as an ONBUILD trigger"
                   % node.cmd.upper())
        instructions.check(node, where)
        check_node(node, is_admin, where)
        if node.cmd in ("run", "copy", "add") and not (own_base or is_admin):
            refuse(where, "a base image of another owner runs %s at ONBUILD, "
                   "before the build cache is split by project: build FROM "
                   "an image of your own" % node.cmd.upper())
        if node.cmd == "copy":
            value = instructions.flags(node, where).get("from", "")
            if value and _stage_or_image(value, index, stages,
                                         "--from") is None:
                names.append(value)
    return names


def _ref_text(ref, build, resolved):
    if ref.kind == "scratch":
        return "scratch"
    if ref.kind == "stage":
        stage = build.stages.stages[ref.value]
        return stage.name or str(stage.index)
    return resolved[ref.value]


def write(build, resolved, project_id):
    """The canonical Dockerfile (bytes). `resolved` maps every name of
    `build.images` to the image id to write."""
    lines = [writer.instruction(node) for node in build.stages.meta_args]
    for stage, base in zip(build.stages.stages, build.bases):
        head = "FROM %s" % _ref_text(base, build, resolved)
        if stage.name:
            head += " AS %s" % stage.name
        lines.append(head)
        lines += writer.prelude(project_id)
        for node in stage.commands:
            lines.append(_command(node, build, resolved))
    return writer.document(build.parsed.escape, lines)


def _command(node, build, resolved):
    if node.cmd == "copy":
        pairs = []
        for name, value in instructions.flags(node).items():
            ref = build.froms.get((id(node), "from"))
            if name == "from" and ref is not None:
                value = _ref_text(ref, build, resolved)
            pairs.append((name, value))
        return writer.instruction(node, flags=pairs)
    if node.cmd == "run" and node.flags:
        pairs = []
        for number, fields in enumerate(_mounts(node)):
            ref = build.froms.get((id(node), number))
            parts = []
            for pair in fields:
                if pair[0].lower() == "from" and ref is not None:
                    pair = (pair[0], _ref_text(ref, build, resolved))
                parts.append("=".join(pair))
            pairs.append(("mount", ",".join(parts)))
        return writer.instruction(node, flags=pairs)
    return writer.instruction(node)


def target(build, wanted):
    """The stage name to forward as `target`: dockerd matches it against
    stage names in any case."""
    for stage in build.stages.stages:
        if stage.name and stage.name == wanted.lower():
            return stage.name
    refuse("target", "failed to reach build target %s in Dockerfile"
           % wanted, status=400)
