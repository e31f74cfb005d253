"""The archive the proxy writes for `docker load`: layouts converted or
refused, the manifest regenerated from what was checked, tags read as
dockerd reads them."""
import gzip
import hashlib
import io
import json
import tarfile

import pytest

from docker_dashboard.proxy.rules.archive.rewrite import ArchiveRewrite
from docker_dashboard.proxy.rules.archive.tags import familiar_tag
from docker_dashboard.proxy.rules.errors import Refused

CONFIG = b'{"rootfs":{"type":"layers","diff_ids":[]}}'
CONFIG_ID = hashlib.sha256(CONFIG).hexdigest()


def build(members, fmt=tarfile.PAX_FORMAT):
    """members: (name, data | None for a folder | ("sym"|"hard", target))"""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif isinstance(data, tuple):
                info.type = (tarfile.SYMTYPE if data[0] == "sym"
                             else tarfile.LNKTYPE)
                info.linkname = data[1]
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def manifest(tags=("app:1",), config="c.json", layers=(), **extra):
    item = dict({"Config": config, "RepoTags": list(tags),
                 "Layers": list(layers)}, **extra)
    return json.dumps([item]).encode()


def rewritten(data, chunk=700):
    rewrite = ArchiveRewrite(10 ** 9)
    out = bytearray()
    for i in range(0, len(data), chunk):
        out += rewrite.feed(data[i:i + chunk])
    out += rewrite.finish()
    out += rewrite.closing()
    return rewrite.plan, bytes(out)


def members_of(data):
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {m.name: (m.type, tar.extractfile(m).read() if m.isfile()
                         else None) for m in tar}


def written_manifest(data):
    return json.loads(members_of(data)["manifest.json"][1])


def test_a_legacy_save_round_trips_with_plain_headers_and_its_tags():
    data = build([("c.json", CONFIG), ("l1", None), ("l1/VERSION", b"1.0"),
                  ("l1/layer.tar", b"L" * 3000),
                  ("manifest.json", manifest(layers=["l1/layer.tar"])),
                  ("repositories", b'{"app":{"1":"x"}}')],
                 fmt=tarfile.GNU_FORMAT)
    plan, out = rewritten(data)
    assert plan.tags == ["app:1"]
    assert plan.image_ids == ["sha256:" + CONFIG_ID]
    found = members_of(out)
    assert sorted(found) == ["c.json", "l1", "l1/VERSION", "l1/layer.tar",
                             "manifest.json"]
    assert found["l1/layer.tar"][1] == b"L" * 3000
    assert written_manifest(out) == [{"Config": "c.json",
                                      "RepoTags": ["app:1"],
                                      "Layers": ["l1/layer.tar"]}]
    with tarfile.open(fileobj=io.BytesIO(out)) as tar:
        assert {m.type for m in tar} <= {tarfile.REGTYPE, tarfile.DIRTYPE}
        assert all(m.uid == 0 and m.mtime == 0 for m in tar)


def test_a_repeated_manifest_is_refused():
    data = build([("c.json", CONFIG), ("manifest.json", manifest()),
                  ("manifest.json", manifest(tags=("other:1",)))])
    with pytest.raises(Refused, match="second manifest.json"):
        rewritten(data)


@pytest.mark.parametrize("link", [("sym", "m2.json"), ("hard", "m2.json")])
def test_a_linked_manifest_is_refused(link):
    data = build([("c.json", CONFIG), ("m2.json", manifest()),
                  ("manifest.json", link)])
    with pytest.raises(Refused, match="manifest.json is not a plain file"):
        rewritten(data)


def test_a_manifest_spelled_as_a_path_is_still_the_manifest():
    data = build([("c.json", CONFIG), ("manifest.json", manifest()),
                  ("./manifest.json", manifest(tags=("other:1",)))])
    with pytest.raises(Refused, match="second manifest.json"):
        rewritten(data)


def test_the_legacy_repositories_layout_alone_is_refused():
    data = build([("l1", None), ("l1/json", b"{}"), ("l1/layer.tar", b""),
                  ("repositories", b'{"app":{"1":"l1"}}')])
    with pytest.raises(Refused, match="legacy layout"):
        rewritten(data)


def test_an_oci_layout_is_converted_to_the_manifest_layout():
    blob = "blobs/sha256/" + CONFIG_ID
    data = build([("blobs", None), ("blobs/sha256", None), (blob, CONFIG),
                  ("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'),
                  ("index.json", b'{"manifests":[{"annotations":{'
                                 b'"io.containerd.image.name":"busybox:latest"'
                                 b'}}]}'),
                  ("manifest.json", manifest(config=blob))])
    plan, out = rewritten(data)
    assert plan.tags == ["app:1"]
    assert sorted(members_of(out)) == ["blobs", "blobs/sha256", blob,
                                       "manifest.json"]


def test_an_oci_layout_without_manifest_is_refused():
    data = build([("index.json", b'{"manifests":[]}'),
                  ("oci-layout", b"{}")])
    with pytest.raises(Refused, match="OCI layout without manifest.json"):
        rewritten(data)


def test_links_are_followed_into_the_manifest_and_never_written():
    """docker save links a layer it saved twice to the first copy."""
    data = build([("c.json", CONFIG), ("l1", None), ("l1/layer.tar", b"A"),
                  ("l2", None), ("l2/layer.tar", ("sym", "../l1/layer.tar")),
                  ("cfg", ("hard", "c.json")),
                  ("manifest.json", manifest(config="cfg", layers=[
                      "l1/layer.tar", "l2/layer.tar"]))])
    plan, out = rewritten(data)
    assert written_manifest(out)[0]["Config"] == "c.json"
    assert written_manifest(out)[0]["Layers"] == ["l1/layer.tar"] * 2
    assert "l2/layer.tar" not in members_of(out)


@pytest.mark.parametrize("members, why", [
    ([("a", b"1"), ("a", b"2")], "appears twice"),
    ([("a", b"1"), ("a/b", b"2")], "lies under"),
    ([("a", ("sym", "b")), ("a/c", b"2")], "lies under"),
    ([("a/b", b"1"), ("a", b"2")], "both a folder"),
    ([("h", ("hard", "later"))], "not a file before it"),
])
def test_ambiguous_paths_are_refused(members, why):
    data = build([("c.json", CONFIG)] + members +
                 [("manifest.json", manifest())])
    with pytest.raises(Refused, match=why):
        rewritten(data)


@pytest.mark.parametrize("item, why", [
    ({"Parent": "sha256:" + "b" * 64}, "parent"),
    ({"LayerSources": {"sha256:x": {}}}, "foreign layers"),
    ({"Layers": ["../etc/passwd"]}, "escapes"),
    ({"Layers": ["missing.tar"]}, "not a file"),
    ({"RepoTags": ["a:1", "docker.io/library/a:1"]}, "set twice"),
    ({"RepoTags": "a:1"}, "list of strings"),
])
def test_manifest_entries_the_proxy_does_not_write_are_refused(item, why):
    fields = {"Config": "c.json", "RepoTags": ["app:1"], "Layers": []}
    fields.update(item)
    data = build([("c.json", CONFIG),
                  ("manifest.json", json.dumps([fields]).encode())])
    with pytest.raises(Refused, match=why):
        rewritten(data)


def test_manifest_field_names_are_read_in_any_case_as_go_does():
    data = build([("c.json", CONFIG), ("manifest.json",
                  b'[{"config":"c.json","repotags":["app:2"]}]')])
    assert rewritten(data)[0].tags == ["app:2"]


def test_a_manifest_field_given_twice_is_refused():
    """Go's decoder lets the last one win; Python's json keeps both keys.
    The proxy refuses rather than rely on either."""
    data = build([("c.json", CONFIG), ("manifest.json",
                  b'[{"Config":"c.json","RepoTags":["app:2"],'
                  b'"repotags":["busybox:latest"]}]')])
    with pytest.raises(Refused, match="RepoTags twice"):
        rewritten(data)


@pytest.mark.parametrize("raw, familiar", [
    ("busybox:latest", "busybox:latest"),
    ("library/busybox:latest", "busybox:latest"),
    ("docker.io/busybox:latest", "busybox:latest"),
    ("docker.io/library/busybox:latest", "busybox:latest"),
    ("index.docker.io/library/busybox:latest", "busybox:latest"),
    ("docker.io/shop/web:2", "shop/web:2"),
    ("localhost:5005/app:RC1", "localhost:5005/app:RC1"),
    ("localhost/app:1", "localhost/app:1"),
    ("127.0.0.1:5005/a/b:c", "127.0.0.1:5005/a/b:c"),
])
def test_tags_are_written_in_the_one_form_that_was_checked(raw, familiar):
    assert familiar_tag(raw) == familiar


@pytest.mark.parametrize("raw", [
    "busybox", "Busybox:1", "a:1@sha256:" + "c" * 64, "a/:1", "a:-x",
    "a" * 64 + ":1", "", "a::1", "a:" + "t" * 200, "-a:1",
])
def test_tags_dockerd_would_not_set_are_refused(raw):
    with pytest.raises(Refused):
        familiar_tag(raw)


def test_a_gzip_archive_gives_the_same_archive_as_the_plain_one():
    data = build([("c.json", CONFIG), ("manifest.json", manifest())])
    assert rewritten(gzip.compress(data))[1] == rewritten(data)[1]
    # two gzip members, as pigz and concatenated streams make
    half = len(data) // 2
    twice = gzip.compress(data[:half]) + gzip.compress(data[half:])
    assert rewritten(twice)[1] == rewritten(data)[1]


def test_a_truncated_gzip_is_refused():
    data = gzip.compress(build([("c.json", CONFIG),
                                ("manifest.json", manifest())]))
    with pytest.raises(Refused, match="truncated"):
        rewritten(data[:-10])


def test_zstd_is_refused():
    with pytest.raises(Refused, match="zstd"):
        rewritten(b"\x28\xb5\x2f\xfd" + bytes(600))


def test_a_decompression_bomb_is_capped():
    bomb = gzip.compress(bytes(10 ** 6))
    rewrite = ArchiveRewrite(10 ** 5)
    with pytest.raises(Refused, match="unpacks to more"):
        rewrite.feed(bomb)


def test_a_first_member_named_like_bzip2_magic_is_refused():
    """dockerd would read the proxy's archive as bzip2."""
    data = build([("BZh91", b"x"), ("c.json", CONFIG),
                  ("manifest.json", manifest())])
    with pytest.raises(Refused, match="bzip2"):
        rewritten(data)


def test_the_number_of_members_is_capped(monkeypatch):
    from docker_dashboard.proxy.rules.archive import rewrite as module
    monkeypatch.setattr(module, "MAX_MEMBERS", 3)
    data = build([("a", b""), ("b", b""), ("c", b""), ("d", b"")])
    with pytest.raises(Refused, match="more than 3 members"):
        rewritten(data)


def _drive(body):
    """Read RewrittenBody.stream() as aiohttp would: (bytes sent, error)."""
    import asyncio

    async def run():
        sent = bytearray()
        try:
            async for piece in body.stream():
                sent += piece
        except Refused as refusal:
            return bytes(sent), refusal
        return bytes(sent), None
    return asyncio.run(run())


def _chunks(data, size=300):
    async def gen():
        for i in range(0, len(data), size):
            yield data[i:i + size]
    return gen()


def test_a_refused_decision_cuts_the_stream_before_the_end():
    from docker_dashboard.proxy.load_archive import RewrittenBody
    data = build([("c.json", CONFIG), ("l1", None), ("l1/layer.tar", b"L" *
                  2000), ("manifest.json", manifest(tags=("theirs:1",)))])
    seen = []

    async def decide(plan):
        seen.append(plan.tags)
        raise Refused(403, "Tag theirs:1 is not available to this project")
    body = RewrittenBody(_chunks(data), 10 ** 6, decide)
    sent, error = _drive(body)
    assert seen == [["theirs:1"]] and error.status == 403
    assert not body.passed
    with pytest.raises(Refused, match="not available"):
        body.raise_refusal()
    # dockerd got the layer's bytes but no manifest and no end: Go's reader
    # (and Python's) fail on it.
    assert b"L" * 2000 in sent and b"theirs:1" not in sent
    with pytest.raises(tarfile.ReadError):
        with tarfile.open(fileobj=io.BytesIO(sent), mode="r|") as tar:
            for member in tar:
                if member.isfile():
                    tar.extractfile(member).read()


def test_an_input_check_runs_before_the_archive_is_judged():
    """A Glance load's checksum is checked once the bytes ended, before the
    archive's end and its tags are judged."""
    from docker_dashboard.proxy.load_archive import RewrittenBody
    order = []

    async def check_input():
        order.append("checksum")
        raise Refused(422, "The data from Glance does not match")

    async def decide(plan):
        order.append("tags")
    body = RewrittenBody(_chunks(b"not an archive at all"), 10 ** 6, decide,
                         check_input)
    _, error = _drive(body)
    assert order == ["checksum"] and "Glance" in error.message


def test_an_allowed_archive_is_sent_whole():
    from docker_dashboard.proxy.load_archive import RewrittenBody

    async def decide(plan):
        pass
    data = build([("c.json", CONFIG), ("manifest.json", manifest())])
    body = RewrittenBody(_chunks(data, 7), 10 ** 6, decide)
    sent, error = _drive(body)
    assert error is None and body.passed
    assert written_manifest(sent)[0]["RepoTags"] == ["app:1"]
