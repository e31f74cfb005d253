"""The build context as the proxy re-writes it: plain headers, the
caller's Dockerfile found exactly once as a regular file, the canonical one
at the proxy's fixed name, nothing that leaves the context."""
import gzip
import io
import tarfile

import pytest

from docker_dashboard.proxy.rules import build_context
from docker_dashboard.proxy.rules.errors import Refused

FIXED = build_context.DOCKERFILE_NAME


def tar(*entries, compress=False):
    """entries: (name, data) files, (name, None, type, linkname) others."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) \
            as archive:
        for entry in entries:
            info = tarfile.TarInfo(entry[0])
            if len(entry) == 2:
                info.size = len(entry[1])
                archive.addfile(info, io.BytesIO(entry[1]))
            else:
                info.type, info.linkname = entry[2], entry[3]
                archive.addfile(info)
    data = buffer.getvalue()
    return io.BytesIO(gzip.compress(data) if compress else data)


def rewritten(source, wanted=""):
    context = build_context.rewrite(source, wanted, 10 ** 9)
    out = context.finish(b"FROM canonical\n")
    with tarfile.open(fileobj=out, mode="r:") as archive:
        members = {m.name: m for m in archive.getmembers()}
        data = archive.extractfile(members[FIXED]).read()
    return context.dockerfile, members, data


def test_the_canonical_dockerfile_is_added_once_and_the_rest_kept():
    found, members, data = rewritten(tar(
        ("./Dockerfile", b"FROM a\n"), ("src/app.py", b"print()"),
        ("src", None, tarfile.DIRTYPE, ""),
        ("src/link", None, tarfile.SYMTYPE, "app.py"),
        ("src/hard", None, tarfile.LNKTYPE, "src/app.py"), compress=True))
    assert found == b"FROM a\n"
    assert data == b"FROM canonical\n"
    assert set(members) == {"Dockerfile", "src/app.py", "src", "src/link",
                            "src/hard", FIXED}
    assert members["src/link"].linkname == "app.py"


def test_a_named_dockerfile_and_the_lowercase_fallback():
    assert rewritten(tar(("sub/Build", b"FROM b\n")), "sub/Build")[0] == \
        b"FROM b\n"
    assert rewritten(tar(("dockerfile", b"FROM c\n")))[0] == b"FROM c\n"


@pytest.mark.parametrize("source, wanted", [
    # Two Dockerfile entries (dockerd would keep the last one).
    (tar(("Dockerfile", b"FROM a\n"), ("./Dockerfile", b"FROM b\n")), ""),
    # A linked Dockerfile.
    (tar(("real", b"FROM a\n"),
         ("Dockerfile", None, tarfile.SYMTYPE, "real")), ""),
    (tar(("real", b"FROM a\n"),
         ("Dockerfile", None, tarfile.LNKTYPE, "real")), ""),
    # The proxy's own name.
    (tar(("Dockerfile", b"FROM a\n"), (FIXED, b"FROM b\n")), ""),
    (tar(("Dockerfile", b"FROM a\n"), (FIXED + "/x", b"FROM b\n")), ""),
    # Names and links leaving the context.
    (tar(("Dockerfile", b"FROM a\n"), ("../x", b"")), ""),
    (tar(("Dockerfile", b"FROM a\n"), ("/etc/x", b"")), ""),
    (tar(("Dockerfile", b"FROM a\n"),
         ("l", None, tarfile.SYMTYPE, "/etc/passwd")), ""),
    (tar(("Dockerfile", b"FROM a\n"),
         ("d/l", None, tarfile.SYMTYPE, "../../x")), ""),
    (tar(("Dockerfile", b"FROM a\n"),
         ("h", None, tarfile.LNKTYPE, "missing")), ""),
    (tar(("Dockerfile", b"FROM a\n"),
         ("dev", None, tarfile.CHRTYPE, "")), ""),
    # No Dockerfile, a path out of the context, not a tar.
    (tar(("other", b"x")), ""),
    (tar(("Dockerfile", b"FROM a\n")), "../Dockerfile"),
    (io.BytesIO(b"FROM a\n" * 200), ""),
])
def test_refused(source, wanted):
    with pytest.raises(Refused):
        build_context.rewrite(source, wanted, 10 ** 9)


def test_unpacked_size_is_capped():
    with pytest.raises(Refused) as caught:
        build_context.rewrite(tar(("Dockerfile", b"FROM a\n"),
                                  ("big", b"x" * 5000), compress=True),
                              "", 1000)
    assert caught.value.status == 413


def test_a_tar_without_its_end_blocks_reads_as_dockerd_reads_it():
    """`docker build -f - DIR` sends the context without the last entry's
    padding and the closing zero blocks; Go's reader (dockerd's) takes it."""
    full = tar(("a.txt", b"hi\n"), (".dockerfile.x", b"FROM a\n"),
               ("last", b"x" * 47)).getvalue()
    cut = full[:512 * 5 + 47]
    context = build_context.rewrite(io.BytesIO(cut), ".dockerfile.x", 10 ** 9)
    assert context.dockerfile == b"FROM a\n"
    # Data cut inside an entry is refused, not filled with zeros.
    with pytest.raises(Refused):
        build_context.rewrite(io.BytesIO(full[:512 * 5 + 20]),
                              ".dockerfile.x", 10 ** 9)
