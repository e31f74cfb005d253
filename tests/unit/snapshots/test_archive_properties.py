"""Property-based tests of the archive the proxy forwards to `docker load`.

Hypothesis generates archives (USTAR, GNU and PAX headers mixed, hand-made
header quirks, duplicate and linked members, repeated or linked manifests,
legacy and OCI metadata, tags of every owner in many spellings). Whatever
it makes, either the proxy refuses it, or the archive it forwards:
- reads the same with Python's tarfile and with the Go-faithful reader,
- holds only folders and regular files, one manifest.json and no other
  metadata, and its manifest names only files it holds,
- sets exactly the tags the proxy checked, and only tags the project may
  set (the decision of rules/images.check_tag_target),
- re-written again, comes out unchanged;
and what went to dockerd before the decision is never a whole archive.
"""
import io
import json
import tarfile

from hypothesis import HealthCheck
from hypothesis import event
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.rules import images as image_rules
from docker_dashboard.proxy.rules.archive.reader import GoTarReader
from docker_dashboard.proxy.rules.archive.rewrite import ArchiveRewrite
from docker_dashboard.proxy.rules.archive.tags import familiar_tag
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import PUBLIC_OWNER

CALLER = Caller("u-demo", "demo", frozenset(["member"]))
# familiar tag -> (recorded tag owner, exists, image owner, reserved)
FACTS = {
    "mine:1": ("demo", True, "demo", False),
    # tags no one holds yet, free to take
    **{"mine:%d" % n: (None, False, None, False) for n in range(2, 9)},
    "theirs:1": ("alt_demo", True, "alt_demo", False),
    "busybox:latest": (None, True, PUBLIC_OWNER, True),
    "unowned:1": (None, True, None, False),
    "fresh:1": (None, False, None, False),
}
TAG_SPELLINGS = [
    "mine:1", "docker.io/library/mine:1", "theirs:1", "library/theirs:1",
    "index.docker.io/library/theirs:1", "busybox:latest", "busybox",
    "docker.io/busybox:latest", "Theirs:1", "fresh:1", "unowned:1",
    "theirs:1@sha256:" + "0" * 64, "localhost/fresh:1",
]
GOOD_NAMES = ["l1", "l2/layer.tar", "l1/json", "x", "y/z", "l2",
              "blobs", "blobs/sha256/ab", "n" * 120 + "/f", "dir/"]
ODD_NAMES = ["manifest.json", "./manifest.json", "repositories",
             "index.json", "oci-layout", "../up", "/abs", "a/../b"]
NAMES = GOOD_NAMES + ODD_NAMES
FORMATS = [tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT]


def allowed(tag):
    tag_owner, exists, owner, reserved = FACTS.get(
        tag, (None, False, None, False))
    try:
        image_rules.check_tag_target(CALLER, tag, tag_owner, exists, owner,
                                     reserved=reserved)
    except Refused:
        return False
    return True


def _checksum(block):
    block[148:156] = b" " * 8
    block[148:156] = b"%06o\0 " % sum(block)


@st.composite
def members(draw):
    name = draw(st.sampled_from(GOOD_NAMES * 4 + ODD_NAMES))
    kind = draw(st.sampled_from(["file", "file", "file", "dir", "sym",
                                 "hard"]))
    fmt = draw(st.sampled_from(FORMATS))
    info = tarfile.TarInfo(name)
    data = b""
    if kind == "file":
        data = draw(st.binary(max_size=1200))
        info.size = len(data)
    elif kind == "dir":
        info.type = tarfile.DIRTYPE
    else:
        info.type = tarfile.SYMTYPE if kind == "sym" else tarfile.LNKTYPE
        info.linkname = draw(st.sampled_from(NAMES + ["../l1/layer.tar"]))
    try:
        raw = bytearray(info.tobuf(fmt, "utf-8", "surrogateescape"))
    except ValueError:
        return b""
    odd = draw(st.sampled_from([None] * 8 + ["gnu-times", "v7-prefix"]))
    last = len(raw) - 512           # the member's own header block
    if odd == "gnu-times":
        raw[last + 257:last + 265] = b"ustar  \0"
        raw[last + 345:last + 357] = b"00000000017\0"
    elif odd == "v7-prefix":
        raw[last + 257:last + 265] = bytes(8)
        raw[last + 345:last + 349] = b"pfx\0"
    if odd in ("gnu-times", "v7-prefix"):
        block = raw[last:last + 512]
        _checksum(block)
        raw[last:last + 512] = block
    pad = bytes(-len(data) % 512)
    return bytes(raw) + data + pad


@st.composite
def manifests(draw):
    items = []
    for _ in range(draw(st.integers(1, 2))):
        items.append({
            draw(st.sampled_from(["Config", "config"])):
                draw(st.sampled_from(["c.json"] * 6 + [
                    "x", "l1/layer.tar", "missing"])),
            "RepoTags": draw(st.lists(st.sampled_from(
                TAG_SPELLINGS + ["mine:%d" % n for n in range(2, 9)] * 3),
                min_size=draw(st.sampled_from([0, 1, 1])), max_size=3)),
            "Layers": draw(st.lists(st.sampled_from(
                ["l1/layer.tar"] * 4 + ["l2/layer.tar", "x"]), max_size=2)),
        })
    info = tarfile.TarInfo("manifest.json")
    data = json.dumps(items).encode()
    info.size = len(data)
    return info.tobuf(tarfile.PAX_FORMAT) + data + bytes(-len(data) % 512)


@st.composite
def archives(draw):
    parts = draw(st.lists(members(), max_size=4))
    for name, data in (("c.json", b"{}"), ("l1/layer.tar", b"L" * 700)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        parts.insert(draw(st.integers(0, len(parts))), info.tobuf(
            draw(st.sampled_from(FORMATS))) + data + bytes(-len(data) % 512))
    for _ in range(draw(st.sampled_from([1, 1, 1, 1, 0, 2]))):
        parts.insert(draw(st.integers(0, len(parts))), draw(manifests()))
    tail = draw(st.sampled_from([bytes(1024), bytes(512), bytes(10240),
                                 b""]))
    return b"".join(parts) + tail


def go_entries(data):
    reader, out, current = GoTarReader(), [], None
    for event, value in reader.feed(data):
        if event == "member":
            current = [value.name, value.kind, value.size, b""]
            out.append(current)
        elif event == "data":
            current[3] += bytes(value)
    reader.close()
    return [tuple(e) for e in out]


def python_entries(data):
    kinds = {tarfile.REGTYPE: "file", tarfile.DIRTYPE: "folder"}
    out = []
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for m in tar:
            name = m.name + "/" if m.isdir() else m.name
            content = tar.extractfile(m).read() if m.isfile() else b""
            out.append((name, kinds.get(m.type, m.type), m.size, content))
    return out


def unslashed(entries):
    return [(name.rstrip("/"),) + tuple(rest) for name, *rest in entries]


def run(data, chunk):
    rewrite = ArchiveRewrite(10 ** 8)
    early = bytearray()
    for i in range(0, len(data), chunk):
        early += rewrite.feed(data[i:i + chunk])
    early += rewrite.finish()
    return rewrite, bytes(early)


@settings(max_examples=600, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(archives(), st.integers(1, 3000))
def test_what_is_forwarded_is_the_proxys_reading_and_sets_only_allowed_tags(
        data, chunk):
    try:
        rewrite, early = run(data, chunk)
    except Refused as refusal:
        assert refusal.status == 422
        event("refused: " + str(refusal).split(":")[1][:40])
        return
    plan = rewrite.plan
    assert plan.tags == sorted(set(plan.tags))
    # Before the decision: never a whole archive.
    try:
        go_entries(early)
        raise AssertionError("a whole archive went before the decision")
    except Refused:
        pass
    if not all(allowed(tag) for tag in plan.tags):
        event("a tag the project may not set")
        return      # the route refuses; the rest is never sent
    event("forwarded with %d tags" % len(plan.tags))
    out = early + rewrite.closing()
    go, py = go_entries(out), python_entries(out)
    # Python's tarfile drops a folder's trailing slash; Go keeps it.
    assert unslashed(go) == unslashed(py)
    kinds = {kind for _, kind, _, _ in go}
    assert kinds <= {"file", "folder"}
    names = [name for name, _, _, _ in go]
    assert names.count("manifest.json") == 1
    assert not {"repositories", "index.json", "oci-layout"} & set(names)
    files = {name for name, kind, _, _ in go if kind == "file"}
    written = json.loads([e for e in go if e[0] == "manifest.json"][0][3])
    tags = [t for item in written for t in item["RepoTags"]]
    assert sorted(tags) == plan.tags
    for tag in tags:
        assert familiar_tag(tag) == tag and allowed(tag)
    for item in written:
        assert item["Config"] in files
        assert set(item["Layers"]) <= files
    # The proxy's own archive passes through it unchanged.
    again, again_early = run(out, 4096)
    assert again_early + again.closing() == out


@st.composite
def saves(draw):
    """Well-formed `docker save`s: several layers, some saved twice and
    linked to their first copy (as docker save does), headers in any of
    the three formats, tags in any spelling, members in any order."""
    layers = draw(st.lists(st.binary(min_size=1, max_size=900), min_size=1,
                           max_size=4))
    entries, paths = [], []
    for n, data in enumerate(layers):
        entries.append(("l%d" % n, None))
        if n and draw(st.booleans()):
            entries.append(("l%d/layer.tar" % n, ("sym", "../l0/layer.tar")))
            layers[n] = layers[0]
        else:
            entries.append(("l%d/layer.tar" % n, data))
        paths.append("l%d/layer.tar" % n)
    tags = draw(st.lists(st.sampled_from(TAG_SPELLINGS[:11] + [
        "mine:%d" % n for n in range(2, 9)]), max_size=3, unique=True))
    entries.append(("c.json", b'{"rootfs":{}}'))
    entries = draw(st.permutations(entries))
    entries.append(("manifest.json", json.dumps([{
        "Config": "c.json", "RepoTags": tags, "Layers": paths}]).encode()))
    buf = io.BytesIO()
    for name, data in entries:
        info = tarfile.TarInfo(name)
        if data is None:
            info.type = tarfile.DIRTYPE
        elif isinstance(data, tuple):
            info.type, info.linkname = tarfile.SYMTYPE, data[1]
        else:
            info.size = len(data)
        buf.write(info.tobuf(draw(st.sampled_from(FORMATS))))
        if isinstance(data, bytes):
            buf.write(data + bytes(-len(data) % 512))
    buf.write(bytes(1024))
    return buf.getvalue(), tags, layers


@settings(max_examples=300, deadline=None)
@given(saves(), st.integers(1, 5000))
def test_a_well_formed_save_keeps_its_layers_and_its_checked_tags(save,
                                                                  chunk):
    data, tags, layers = save
    try:
        rewrite, early = run(data, chunk)
    except Refused as refusal:
        # Only a tag dockerd would not read as a repository:tag (or one
        # set twice under two spellings) stops a well-formed save.
        assert "tag" in str(refusal) or "repository" in str(refusal) or \
            "digest" in str(refusal), refusal
        event("refused for its tags")
        return
    assert rewrite.plan.tags == sorted({familiar_tag(t) for t in tags})
    out = early + rewrite.closing()
    go = {name: content for name, kind, _, content in go_entries(out)}
    written = json.loads(go["manifest.json"])[0]
    # dockerd reads, for each layer, the very bytes the caller's archive
    # held at that path (through its links).
    assert [go[path] for path in written["Layers"]] == layers
    assert sorted(written["RepoTags"]) == rewrite.plan.tags
    event("forwarded, %d tags allowed of %d" % (
        sum(allowed(t) for t in rewrite.plan.tags), len(rewrite.plan.tags)))
