"""Tar headers read the way Go's archive/tar (dockerd) reads them, one quirk
per test, the bytes built by hand. Where Python's tarfile reads the same
bytes differently, the test shows it, and the proxy refuses the header."""
import io
import tarfile

import pytest

from docker_dashboard.proxy.rules.archive import headers
from docker_dashboard.proxy.rules.archive.reader import GoTarReader
from docker_dashboard.proxy.rules.errors import Refused
from tests.unit.snapshots import raw_tar
from tests.unit.snapshots.raw_tar import END, header, member, pax

GNU_MAGIC = b"ustar  \0"
V7_MAGIC = b""


def go_read(data, chunk=None):
    """[(name, kind, size, linkname, data)] as the proxy's Go-faithful
    reader reads `data`, fed in chunks."""
    reader, out, current = GoTarReader(), [], None
    chunk = chunk or len(data) or 1
    for i in range(0, max(len(data), 1), chunk):
        for event, value in reader.feed(data[i:i + chunk]):
            if event == "member":
                current = [value.name, value.kind, value.size,
                           value.linkname, b""]
                out.append(current)
            elif event == "data":
                current[4] += bytes(value)
    reader.close()
    return [tuple(m) for m in out]


def python_names(data):
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return [m.name for m in tar]


def test_gnu_header_atime_is_not_a_prefix_for_go_but_is_for_python():
    """The issue's case: a GNU header with an octal atime where USTAR keeps
    its prefix. Go reads `manifest.json`; Python joins the digits as a
    prefix. The proxy refuses rather than pick one."""
    data = member(b"manifest.json", b"[]", magic=GNU_MAGIC,
                  at={345: b"14540432046\0", 357: b"14540432046\0"}) + END
    assert python_names(data) == ["14540432046/manifest.json"]
    with pytest.raises(Refused, match="ambiguous"):
        go_read(data)


def test_gnu_header_with_unparsable_times_falls_back_to_the_prefix():
    """Go's pre-1.8 fallback: times that are not numbers and ASCII in the
    area make it a prefix; Python reads the same, so it is accepted."""
    data = member(b"layer.tar", b"x", magic=GNU_MAGIC,
                  at={345: b"abc\0"}) + END
    assert python_names(data) == ["abc/layer.tar"]
    assert go_read(data)[0][0] == "abc/layer.tar"


def test_v7_header_has_no_prefix_for_go():
    data = member(b"manifest.json", b"[]", magic=V7_MAGIC,
                  at={345: b"evil\0"}) + END
    assert python_names(data) == ["evil/manifest.json"]
    with pytest.raises(Refused, match="ambiguous"):
        go_read(data)


def test_ustar_prefix_is_joined_by_both():
    data = member(b"layer.tar", b"x", at={345: b"abc\0"}) + END
    assert python_names(data) == ["abc/layer.tar"]
    assert go_read(data)[0][0] == "abc/layer.tar"


def test_star_prefix_stops_at_476_for_go():
    """STAR (`tar\\0` at 508) keeps only 131 prefix bytes; a prefix that
    runs past them reads differently, so it is refused."""
    at = {345: b"p" * 131 + b"q" * 20, 508: b"tar\0"}
    with pytest.raises(Refused):
        go_read(member(b"a", b"x", at=at) + END)
    ok = {345: b"abc\0", 508: b"tar\0"}
    assert go_read(member(b"a", b"x", at=ok) + END)[0][0] == "abc/a"


@pytest.mark.parametrize("signed", [False, True])
def test_signed_and_unsigned_checksums_are_both_accepted(signed):
    data = member(b"\xe9t\xe9", b"x", signed=signed)
    assert headers.block_format(data[:512]) == headers.USTAR


def test_a_wrong_checksum_is_refused():
    data = member(b"a", b"x", checksum=1) + END
    with pytest.raises(Refused, match="checksum"):
        go_read(data)


def test_base256_size_is_read():
    size = b"\x80" + (5).to_bytes(11, "big")
    data = member(b"a", b"hello", size=size) + END
    assert go_read(data) == [("a", "file", 5, "", b"hello")]


def test_a_negative_base256_size_is_refused():
    data = header(b"a", size=b"\xff" * 12) + END
    with pytest.raises(Refused, match="negative"):
        go_read(data)


@pytest.mark.parametrize("field", [b"0o0000005\0", b"1_0\0", b"9\0"])
def test_numbers_python_reads_but_go_does_not_are_refused(field):
    with pytest.raises(Refused, match="corrupt number"):
        go_read(header(b"a", size=field.rjust(12, b" ")) + END)


def test_pax_path_and_size_override_the_header():
    # the header says 0, PAX says 3: Go reads 3 bytes of data
    data = pax([(b"path", b"long/" + b"n" * 150), (b"size", b"3")]) + \
        header(b"short", size=0) + b"abc".ljust(512, b"\0") + END
    assert go_read(data) == [("long/" + "n" * 150, "file", 3, "", b"abc")]
    assert python_names(data) == ["long/" + "n" * 150]


@pytest.mark.parametrize("records, why", [
    ([(b"hdrcharset", b"BINARY")], "hdrcharset"),
    ([(b"GNU.sparse.size", b"10")], "sparse"),
    ([(b"size", b"+3")], "corrupt value"),
    ([(b"path", b"")], "empty"),
])
def test_pax_records_that_change_another_readers_view_are_refused(records,
                                                                   why):
    data = pax(records) + member(b"a", b"") + END
    with pytest.raises(Refused, match=why):
        go_read(data)


def test_a_pax_record_without_its_newline_is_refused():
    body = b"11 path=abc"
    data = member(b"PaxHeader", body, kind=b"x") + member(b"a") + END
    with pytest.raises(Refused, match="pax header is corrupt"):
        go_read(data)


def test_two_pax_headers_for_one_member_are_refused():
    """Go keeps only the second header's records; other readers merge."""
    data = pax([(b"path", b"x")]) + pax([(b"size", b"0")]) + \
        member(b"a") + END
    with pytest.raises(Refused, match="two pax headers"):
        go_read(data)


def test_gnu_long_name_and_pax_path_together_are_refused():
    data = member(b"././@LongLink", b"gnu-name\0", kind=b"L",
                  magic=GNU_MAGIC) + pax([(b"path", b"pax-name")]) + \
        member(b"a") + END
    with pytest.raises(Refused, match="both a pax and a GNU long name"):
        go_read(data)


def test_gnu_long_name_is_followed():
    data = member(b"././@LongLink", b"x" * 150 + b"\0", kind=b"L",
                  magic=GNU_MAGIC) + member(b"short", b"d",
                                            magic=GNU_MAGIC) + END
    assert go_read(data)[0][:2] == ("x" * 150, "file")


def test_global_pax_header_is_refused():
    data = member(b"pax_global_header", b"9 a=bc\n", kind=b"g") + END
    with pytest.raises(Refused, match="global"):
        go_read(data)


@pytest.mark.parametrize("kind, why", [
    (b"S", "sparse"), (b"7", "contiguous"), (b"3", "device"),
    (b"6", "FIFO"), (b"Z", "unknown"),
])
def test_unusual_typeflags_are_refused(kind, why):
    with pytest.raises(Refused, match=why):
        go_read(member(b"a", kind=kind) + END)


def test_an_old_style_folder_regular_file_with_a_slash_is_refused():
    """Typeflag NUL with a trailing slash: Python (and newer Go) read a
    folder, older Go a file."""
    with pytest.raises(Refused, match="slash"):
        go_read(member(b"dir/", kind=b"\0") + END)


def test_header_only_types_with_a_size_are_refused():
    with pytest.raises(Refused, match="with a size"):
        go_read(header(b"d/", size=512, kind=b"5") + bytes(512) + END)


def test_one_zero_block_then_the_end_of_input_ends_the_archive():
    assert go_read(member(b"a", b"x") + bytes(512))[0][0] == "a"


def test_a_zero_block_followed_by_a_header_is_refused():
    """Python stops at the first zero block; Go reads on and fails."""
    data = member(b"a", b"x") + bytes(512) + member(b"b", b"y") + END
    assert python_names(data) == ["a"]
    with pytest.raises(Refused, match="zero block"):
        go_read(data)


def test_data_after_the_end_is_refused():
    with pytest.raises(Refused, match="follows the end"):
        go_read(member(b"a", b"x") + END + b"junk")


def test_a_missing_end_marker_is_refused():
    with pytest.raises(Refused, match="truncated"):
        go_read(member(b"a", b"x"))


@pytest.mark.parametrize("chunk", [1, 100, 511, 513, 4096])
def test_reading_does_not_depend_on_chunking(chunk):
    data = pax([(b"path", b"p" * 120)]) + member(b"a", b"x" * 1000) + \
        member(b"b", b"") + member(b"c/", kind=b"5") + \
        member(b"l", kind=b"2", linkname=b"a") + END
    assert go_read(data, chunk) == go_read(data)


def test_raw_tar_helper_matches_python_for_plain_headers():
    data = member(b"a", b"x") + END
    assert python_names(data) == ["a"]
    assert raw_tar.BLOCK == headers.BLOCK


def test_a_number_after_a_leading_nul_is_refused():
    """Go skips leading NULs (size 5); Python stops at the first (size 0):
    the two would cut the stream at different places."""
    field = b"\0" + b"0000000005\0"
    data = header(b"a", size=field) + b"hello".ljust(512, b"\0") + END
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        assert tar.getmembers()[0].size == 0
    with pytest.raises(Refused, match="corrupt number"):
        go_read(data)


def test_base256_with_an_unusual_first_byte_is_refused():
    """Go takes any first byte with the top bit; Python only 0x80, 0xff."""
    size = b"\x81" + bytes(11)
    with pytest.raises(Refused, match="corrupt number"):
        go_read(header(b"a", size=size) + END)
