"""The checks of an untrusted docker-save tarball, fed as it would stream
through the proxy's re-writing (rules/archive/rewrite.py)."""
import io
import json
import tarfile

import pytest

from docker_dashboard.proxy.rules.archive.rewrite import ArchiveRewrite
from docker_dashboard.proxy.rules.errors import Refused
from tests.unit.snapshots.crafted import archive


def feed(data, chunk=1000, cap=10 ** 9):
    """(rewrite, forwarded bytes before the decision)"""
    rewrite = ArchiveRewrite(cap)
    out = bytearray()
    for i in range(0, len(data), chunk):
        out += rewrite.feed(data[i:i + chunk])
    out += rewrite.finish()
    return rewrite, bytes(out)


@pytest.mark.parametrize("chunk", [1, 511, 512, 4096, 10 ** 6])
def test_tags_and_ids_are_read_whatever_the_chunking(chunk):
    rewrite, _ = feed(archive(tags=("shop/web:2", "shop/web:latest")), chunk)
    assert rewrite.plan.tags == ["shop/web:2", "shop/web:latest"]
    config = json.dumps(
        {"architecture": "amd64", "os": "linux", "config": {},
         "rootfs": {"type": "layers", "diff_ids": []}}).encode()
    import hashlib
    # The id dockerd gives: the config's sha256, not the name it is under.
    assert rewrite.plan.image_ids == ["sha256:" + hashlib.sha256(
        config).hexdigest()]


def test_a_long_pax_name_is_followed():
    long_name = "layer/" + "x" * 90 + "/" + "y" * 90 + "/layer.tar"
    rewrite, _ = feed(archive(extra=[(long_name, b"data")]))
    assert long_name in rewrite.contents.files


def test_a_name_longer_than_a_plain_header_holds_is_refused():
    """The proxy writes USTAR headers only (name and prefix, 255 bytes):
    docker save never needs more."""
    with pytest.raises(Refused, match="too long"):
        feed(archive(extra=[("layer/" + "x" * 200 + "/layer.tar", b"d")]))


def test_a_gnu_long_name_escaping_is_refused():
    long_name = "../" + "x" * 200
    with pytest.raises(Refused, match="escapes"):
        feed(archive(extra=[(long_name, b"data")], fmt=tarfile.GNU_FORMAT))


@pytest.mark.parametrize("member, why", [
    (("../evil", b"x"), "escapes"),
    (("a/../../evil", b"x"), "escapes"),
    (("/etc/evil", b"x"), "absolute"),
    (("link", b"", tarfile.SYMTYPE, "../../etc/passwd"), "outside"),
    (("link", b"", tarfile.SYMTYPE, "/etc/passwd"), "absolute"),
    (("hard", b"", tarfile.LNKTYPE, "../outside"), "escapes"),
    (("dev", b"", tarfile.CHRTYPE), "device"),
    (("fifo", b"", tarfile.FIFOTYPE), "device"),
])
def test_members_escaping_or_special_are_refused(member, why):
    with pytest.raises(Refused, match=why) as caught:
        feed(archive(extra=[member]))
    assert caught.value.status == 422


def test_a_symlinked_manifest_is_refused():
    # Docker would follow it to a file the check never read as a manifest.
    data = archive(extra=[("manifest.json", b"", tarfile.SYMTYPE, "x.json")])
    with pytest.raises(Refused, match="not a plain file"):
        feed(data)


def test_over_the_size_cap_is_refused_as_it_passes():
    data = archive()
    rewrite = ArchiveRewrite(len(data) - 1)
    with pytest.raises(Refused, match="larger"):
        rewrite.feed(data)


def test_a_truncated_archive_is_refused():
    with pytest.raises(Refused, match="truncated"):
        feed(archive()[:1536])


def test_a_corrupt_header_is_refused():
    data = bytearray(archive())
    data[10] ^= 0xFF
    with pytest.raises(Refused, match="checksum"):
        feed(bytes(data))


def test_not_a_docker_save_is_refused():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(Refused, match="manifest"):
        feed(buf.getvalue())


def test_what_is_forwarded_before_the_decision_is_never_a_whole_archive():
    """Cutting the stream at the refusal can only fail dockerd's load: the
    forwarded bytes stop one byte short of the last member written, before
    the manifest the proxy writes and the end marker."""
    rewrite, early = feed(archive())
    assert len(early) % 512 == 511
    with pytest.raises(tarfile.ReadError):
        with tarfile.open(fileobj=io.BytesIO(early), mode="r|") as tar:
            for member in tar:
                tar.extractfile(member) and tar.extractfile(member).read()
    whole = early + rewrite.closing()
    with tarfile.open(fileobj=io.BytesIO(whole)) as tar:
        assert "manifest.json" in tar.getnames()


def test_tags_from_repositories_and_index_are_not_forwarded():
    """dockerd sets the tags of manifest.json; the others are dropped from
    the archive it reads, so they set nothing."""
    data = archive(tags=(), extra=[
        ("repositories", json.dumps({"other/app": {"v1": "a" * 64}}).encode()),
        ("index.json", json.dumps({"manifests": [{"annotations": {
            "io.containerd.image.name": "docker.io/library/busybox:latest"}}]
        }).encode()),
    ])
    rewrite, early = feed(data)
    assert rewrite.plan.tags == []
    whole = early + rewrite.closing()
    with tarfile.open(fileobj=io.BytesIO(whole)) as tar:
        names = tar.getnames()
    assert "repositories" not in names and "index.json" not in names
