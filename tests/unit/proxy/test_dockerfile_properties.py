"""Generated Dockerfiles and build contexts: whatever way a reference is
written (escapes, quotes, continuations, comments, case, ARGs), the proxy
either refuses the file or asks about the very image dockerd would read;
what it forwards names only images it resolved; its canonical file reads
back as the same instructions; a re-written context holds the canonical
Dockerfile once and nothing that leaves the context."""
import io
import tarfile

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from docker_dashboard.proxy.rules import build_context
from docker_dashboard.proxy.rules.dockerfile import decision
from docker_dashboard.proxy.rules.dockerfile import instructions
from docker_dashboard.proxy.rules.dockerfile import parser
from docker_dashboard.proxy.rules.dockerfile import writer
from docker_dashboard.proxy.rules.errors import Refused

ALLOWED = {"pub": "sha256:" + "a" * 64, "own:1": "sha256:" + "b" * 64}
FOREIGN = "alt-private"
NAMES = sorted(ALLOWED) + [FOREIGN]
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def spelled(draw, word, escape):
    """`word` as dockerd's flag reader or word reader would read it back."""
    how = draw(st.sampled_from(["plain", "quoted", "escaped"]))
    if how == "quoted":
        flag, _, value = word.partition("=")
        return '%s="%s"' % (flag, value)
    if how == "escaped" and len(word) > 3:
        # A flag is a word that starts with a literal `--`.
        at = draw(st.integers(3, len(word) - 1))
        return word[:at] + "\\" + word[at:]
    return word


@st.composite
def case(draw, word):
    return "".join(c.upper() if draw(st.booleans()) else c for c in word)


@st.composite
def instruction(draw, escape, stages, meta, current):
    """(text, the image names dockerd reads from it). `stages` are the
    names of finished stages; `current` holds the building stage's name
    (a stage is a name for later stages only)."""
    kind = draw(st.sampled_from(["from", "copy", "run", "label", "env"]))
    if kind == "from" or not current:
        name = draw(st.sampled_from(NAMES + ["scratch"] + stages))
        images = [] if name in stages or name == "scratch" else [name]
        ref = name
        if name in NAMES and draw(st.booleans()):
            arg = "B%d" % len(meta)
            meta.append("ARG %s=%s" % (arg, name))
            ref = draw(st.sampled_from(["$" + arg, "${%s}" % arg]))
        text = "%s %s" % (draw(case("from")), ref)
        if current and current[-1]:
            stages.append(current[-1])
        current[:] = []
        current.append(None)
        if draw(st.booleans()):
            stage = "s%d" % (len(stages) + 1)
            text += " %s %s" % (draw(case("as")), draw(case(stage)))
            current[-1] = stage
        return text, images
    if kind == "copy":
        name = draw(st.sampled_from(NAMES + stages))
        flag = draw(spelled("--from=" + name, escape))
        images = [] if name in stages else [name]
        return "%s %s /a /b" % (draw(case("copy")), flag), images
    if kind == "run":
        return "RUN echo %s" % draw(st.sampled_from(NAMES)), []
    if kind == "label":
        return "LABEL a=%s" % draw(st.sampled_from(NAMES)), []
    return "ENV A %s" % draw(st.sampled_from(NAMES)), []


@st.composite
def dockerfiles(draw):
    escape = draw(st.sampled_from(["\\", "`"]))
    head = ["\ufeff"] if draw(st.booleans()) else [""]
    if escape == "`":
        head[0] += "# escape=`\n"
    stages, meta, body, images, current = [], [], [], [], []
    for _ in range(draw(st.integers(1, 6))):
        text, read = draw(instruction(escape, stages, meta, current))
        if not body and not text.lower().startswith("from"):
            continue
        # Split the line at a blank with a continuation, perhaps with a
        # comment line or an empty line inside.
        blanks = [i for i, c in enumerate(text) if c == " "]
        if blanks and draw(st.booleans()):
            at = draw(st.sampled_from(blanks))
            inside = draw(st.sampled_from(["", "# note\n", "\n", "  \n"]))
            text = text[:at] + " " + escape + "\n" + inside + text[at:]
        body.append(text)
        images += read
    if not body:
        body, images = ["FROM pub"], ["pub"]
    return head[0] + "\n".join(meta + body) + "\n", images


@SETTINGS
@given(dockerfiles())
def test_the_proxy_asks_about_every_image_dockerd_would_read(generated):
    text, images = generated
    try:
        build = decision.read(text.encode("utf-8"))
    except Refused:
        return
    assert set(images) <= set(build.images)
    if set(build.images) - set(ALLOWED):
        return  # the route refuses it: lookups.image answers 404
    out = decision.write(build, ALLOWED, "p1")
    again = parser.parse(out)
    for node in again.nodes:
        refs = []
        if node.cmd == "from":
            refs.append(node.args[0])
        if node.cmd == "copy":
            refs.append(instructions.flags(node).get("from", "scratch"))
        for ref in refs:
            assert (ref in ALLOWED.values() or ref == "scratch"
                    or ref.startswith("s") or ref.isdigit()), ref
    # The canonical file reads back as the same instructions: written
    # again from its own reading, it is the same bytes.
    lines = out.decode().splitlines()
    if lines[0].startswith("# escape"):
        lines = lines[1:]
    assert [writer.instruction(n) for n in again.nodes] == lines


@st.composite
def contexts(draw):
    entries = []
    names = st.sampled_from(["Dockerfile", "./Dockerfile", "dockerfile",
                             "a", "d/b", "../x", "/abs", "d/../y",
                             build_context.DOCKERFILE_NAME, "d", "d/"])
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from([tarfile.REGTYPE, tarfile.DIRTYPE,
                                     tarfile.SYMTYPE, tarfile.LNKTYPE,
                                     tarfile.FIFOTYPE]))
        target = draw(st.sampled_from(["a", "../a", "/etc/passwd",
                                       "Dockerfile", "d/b"]))
        entries.append((draw(names), kind, target))
    fmt = draw(st.sampled_from([tarfile.GNU_FORMAT, tarfile.PAX_FORMAT,
                                tarfile.USTAR_FORMAT]))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt) as archive:
        for name, kind, target in entries:
            info = tarfile.TarInfo(name)
            info.type = kind
            data = b"FROM pub\n"
            if kind == tarfile.REGTYPE:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            else:
                info.linkname = target
                archive.addfile(info)
    buffer.seek(0)
    return buffer


@SETTINGS
@given(contexts())
def test_a_rewritten_context_holds_one_dockerfile_and_stays_inside(source):
    try:
        context = build_context.rewrite(source, "", 10 ** 6)
    except Refused:
        return
    out = context.finish(b"FROM canonical\n")
    with tarfile.open(fileobj=out, mode="r:") as archive:
        members = archive.getmembers()
    fixed = [m for m in members if m.name == build_context.DOCKERFILE_NAME]
    assert len(fixed) == 1 and fixed[0].isfile()
    for member in members:
        assert not member.name.startswith("/")
        assert ".." not in member.name.split("/")
        assert member.isfile() or member.isdir() or member.issym() \
            or member.islnk()
        if member.issym():
            assert not member.linkname.startswith("/")


@st.composite
def label_changes(draw):
    """`docker commit --change` values setting an org.openstack. label,
    spelled in the ways dockerd's evaluator reads back to that name."""
    key = draw(st.sampled_from(["org.openstack.project-id",
                                "org.openstack.public", "ORG.OpenStack.x"]))
    spelled = ""
    for char in key:
        how = draw(st.sampled_from(["plain"] * 4 + ["escaped", "quoted"]))
        spelled += {"plain": char, "escaped": "\\" + char,
                    "quoted": '"%s"' % char}[how]
    value = 'LABEL %s=p2' % spelled
    if draw(st.booleans()):
        # Continued into the next value, as dockerd joins them.
        at = draw(st.integers(len("LABEL "), len(value) - 1))
        return [value[:at] + "\\", value[at:]]
    return [value]


@SETTINGS
@given(label_changes())
def test_commit_changes_never_set_the_proxys_labels(changes):
    from docker_dashboard.proxy.rules.dockerfile.changes import (
        canonical_changes)
    try:
        forwarded = canonical_changes(changes, ("org.openstack.snapshot-of",
                                                "c1"))
    except Refused:
        return
    # Whatever passed names no org.openstack. label but the proxy's own.
    for line in forwarded[:-1]:
        assert "openstack" not in line.lower().replace("\\", "").replace(
            '"', ""), line
