"""The checks of an untrusted docker-save tarball, fed as it would stream."""
import tarfile

import pytest

from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.rules.tarball import TarballCheck
from tests.unit.snapshots.crafted import archive


def feed(data, chunk=1000, cap=10 ** 9):
    check = TarballCheck(cap)
    for i in range(0, len(data), chunk):
        check.feed(data[i:i + chunk])
    check.finish()
    return check


@pytest.mark.parametrize("chunk", [1, 511, 512, 4096, 10 ** 6])
def test_tags_and_ids_are_read_whatever_the_chunking(chunk):
    check = feed(archive(tags=("shop/web:2", "shop/web:latest")), chunk)
    assert check.repo_tags() == ["shop/web:2", "shop/web:latest"]
    assert check.image_ids() == ["sha256:" + "a" * 64]


def test_a_long_pax_name_is_followed():
    long_name = "layer/" + "x" * 200 + "/layer.tar"
    check = feed(archive(extra=[(long_name, b"data")]))
    assert check.members == 3


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
    check = TarballCheck(len(data) - 1)
    with pytest.raises(Refused, match="larger"):
        check.feed(data)


def test_a_truncated_archive_is_refused():
    data = archive()
    check = TarballCheck(10 ** 9)
    check.feed(data[:1536])
    with pytest.raises(Refused, match="truncated"):
        check.finish()


def test_a_corrupt_header_is_refused():
    data = bytearray(archive())
    data[10] ^= 0xFF
    with pytest.raises(Refused, match="checksum"):
        feed(bytes(data))


def test_not_a_docker_save_is_refused():
    import io
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(Refused, match="manifest"):
        feed(buf.getvalue())


def test_the_end_marker_is_held_back_until_judged():
    """What may be forwarded before the verdict is never a whole archive:
    it stops before the end-of-archive marker, one byte into the last
    member, so cutting the upload there fails dockerd's load."""
    data = archive()
    check = TarballCheck(10 ** 9)
    check.feed(data)
    assert check.ended
    assert check.safe_limit == check.end_offset - 1
    assert data[check.end_offset:check.end_offset + 1024] == bytes(1024)
    import io
    with pytest.raises(tarfile.ReadError):
        with tarfile.open(fileobj=io.BytesIO(data[:check.safe_limit]),
                          mode="r|") as tar:
            for member in tar:
                tar.extractfile(member) and tar.extractfile(member).read()


def test_tags_from_repositories_and_index_are_counted():
    import json
    data = archive(tags=(), extra=[
        ("repositories", json.dumps({"other/app": {"v1": "a" * 64}}).encode()),
        ("index.json", json.dumps({"manifests": [{"annotations": {
            "io.containerd.image.name": "docker.io/library/busybox:latest"}}]
        }).encode()),
    ])
    assert feed(data).repo_tags() == ["docker.io/library/busybox:latest",
                                      "other/app:v1"]
