"""One 512-byte tar header block, read the way Go's `archive/tar` reads it.

Facts from Go's reader (format.go, reader.go, strconv.go), written anew:
- the checksum field is octal (spaces and NULs trimmed, read up to a NUL)
  and may equal the unsigned or the signed byte sum, the field itself
  counted as eight spaces; anything else is not a header;
- the format comes from the magic: `ustar\\0` with `tar\\0` at 508 is STAR
  (prefix 345..476), `ustar\\0` alone USTAR/PAX (prefix 345..500), `ustar `
  with version ` \\0` GNU (no prefix: that area holds atime and ctime), and
  anything else V7 (no prefix, no user or group names);
- for GNU, an atime or ctime that does not parse as a number makes Go fall
  back to the old buggy-writer reading: the area is a prefix if ASCII;
- numbers are octal (spaces and NULs trimmed) or, with the top bit of the
  first byte set, base-256 two's complement; a bad number is a bad header.

Python's `tarfile` joins bytes 345..500 as a prefix for every format (GNU
and V7 included); where the two readings of a name differ, the header is
refused rather than guessed.
"""
import re
from dataclasses import dataclass

from docker_dashboard.proxy.rules.tarball import refused

BLOCK = 512
ZERO_BLOCK = bytes(BLOCK)
V7, USTAR, STAR, GNU = "v7", "ustar", "star", "gnu"
# Typeflags Python's tarfile never joins a prefix to (its GNU_TYPES).
PY_GNU_TYPES = (b"L", b"K", b"S")
_OCTAL = re.compile(rb"[0-7]+")


@dataclass
class Header:
    name: str
    linkname: str
    size: int
    kind: bytes
    fmt: str


def cstring(raw):
    """Go's parseString: up to the first NUL, or the whole field."""
    end = raw.find(b"\0")
    return raw if end < 0 else raw[:end]


def parse_octal(field, python_too=True):
    """Go's parseOctal: None when it would set ErrHeader, or (python_too)
    when Python would read another number (it stops at a leading NUL where
    Go skips it: `\\0\\0017` is 0 for one and 15 for the other)."""
    if python_too and field[:1] == b"\0" and field.strip(b" \0"):
        return None
    field = field.strip(b" \0")
    if not field:
        return 0
    digits = cstring(field)
    if not _OCTAL.fullmatch(digits):
        return None
    value = int(digits, 8)
    return value if value < 1 << 64 else None


def parse_numeric(field, python_too=True):
    """Go's parseNumeric (base-256 or octal); None on error. With
    `python_too`, also None where Python reads another number: base-256
    is taken with a first byte of 0x80 or 0xFF only, the two it reads."""
    if field and field[0] & 0x80:
        if python_too and field[0] not in (0x80, 0xFF):
            return None
        negative = bool(field[0] & 0x40)
        value = 0
        for i, byte in enumerate(field):
            if negative:
                byte ^= 0xFF
            if i == 0:
                byte &= 0x7F
            if value >> 56:
                return None
            value = value << 8 | byte
        if value >> 63:
            return None
        return ~value if negative else value
    return parse_octal(field, python_too)


def checksums(block):
    """(unsigned, signed) sums with the checksum field read as spaces."""
    unsigned = sum(block[:148]) + 8 * 32 + sum(block[156:])
    signed = unsigned - 256 * sum(1 for b in block[:148] + block[156:]
                                  if b >= 0x80)
    return unsigned, signed


def block_format(block):
    """The format Go guesses, or None when the checksum fails."""
    stored = parse_octal(block[148:156])
    if stored is None or stored not in checksums(block):
        return None
    magic, version = block[257:263], block[263:265]
    if magic == b"ustar\0" and block[508:512] == b"tar\0":
        return STAR
    if magic == b"ustar\0":
        return USTAR
    if magic == b"ustar " and version == b" \0":
        return GNU
    return V7


def _is_ascii(raw):
    return all(0 < b < 0x80 for b in raw)


def _go_prefix(block, fmt):
    if fmt == USTAR:
        return cstring(block[345:500])
    if fmt == STAR:
        return cstring(block[345:476])
    if fmt == GNU:
        times_ok = all(block[at] == 0 or parse_numeric(
            block[at:at + 12], python_too=False) is not None
            for at in (345, 357))
        if not times_ok:
            prefix = cstring(block[345:500])
            return prefix if _is_ascii(prefix) else b""
    return b""


def _python_prefix(block, kind):
    if kind in PY_GNU_TYPES:
        return b""
    return cstring(block[345:500])


def parse(block):
    """The header Go reads from `block` (not a zero block), or a refusal."""
    fmt = block_format(block)
    if fmt is None:
        raise refused("a tar header is corrupt (bad checksum)")
    fields = [block[100:108], block[108:116], block[116:124],
              block[124:136], block[136:148]]
    if fmt != V7:
        fields += [block[329:337], block[337:345]]
    if fmt == STAR:
        fields += [block[476:488], block[488:500]]
    numbers = [parse_numeric(f) for f in fields]
    if any(n is None for n in numbers):
        raise refused("a tar header has a corrupt number field")
    size = numbers[3]
    if size < 0:
        raise refused("a tar header has a negative size")
    kind = block[156:157]
    name = cstring(block[0:100])
    prefix = _go_prefix(block, fmt)
    go_name = prefix + b"/" + name if prefix else name
    py_prefix = _python_prefix(block, kind)
    py_name = py_prefix + b"/" + name if py_prefix else name
    if go_name != py_name:
        raise refused(
            "the tar header of %r is read as %r by some tar readers (a %s "
            "header's bytes 345-500 taken as a name prefix): ambiguous "
            "headers are refused" % (_shown(go_name), _shown(py_name),
                                     fmt.upper()))
    return Header(name=_text(go_name), linkname=_text(cstring(
        block[157:257])), size=size, kind=kind, fmt=fmt)


def _shown(raw):
    return raw.decode("ascii", "backslashreplace")


def _text(raw):
    """Names are kept only when they are printable ASCII: what every tar
    reader decodes alike. Anything else is refused by the path checks."""
    return raw.decode("latin-1")


# -- PAX records ---------------------------------------------------------
_DECIMAL = re.compile(r"[0-9]+")
_PAX_NUMBERS = ("size", "uid", "gid")
_PAX_TIMES = ("mtime", "atime", "ctime")
_PAX_TIME = re.compile(r"-?[0-9]+(\.[0-9]*)?")
# Keys that change how another reader (Python's, GNU's) reads the member.
_PAX_REFUSED = ("hdrcharset", "GNU.sparse.")


def pax_records(data):
    """{key: value} of one PAX extended header, as Go's parsePAX reads it
    (later duplicates win); a refusal where Go would fail or another reader
    would read the member differently."""
    records = {}
    text = data.decode("latin-1")
    while text:
        length, space, rest = text.partition(" ")
        if not space or not _DECIMAL.fullmatch(length) or \
                length.startswith("0"):
            raise refused("a pax header is corrupt")
        size = int(length)
        if size < 5 or size > len(text):
            raise refused("a pax header is corrupt")
        record, text = text[len(length) + 1:size], text[size:]
        if not record.endswith("\n") or "=" not in record:
            raise refused("a pax header is corrupt")
        key, _, value = record[:-1].partition("=")
        if not key or "\0" in key or \
                (key in ("path", "linkpath", "uname", "gname")
                 and "\0" in value):
            raise refused("a pax header is corrupt")
        if key.startswith(_PAX_REFUSED):
            raise refused("pax record %r (sparse files, other charsets) is "
                          "not used by docker save" % key)
        if key in _PAX_NUMBERS and not _DECIMAL.fullmatch(value) or \
                key in _PAX_TIMES and not _PAX_TIME.fullmatch(value):
            raise refused("pax record %r has a corrupt value" % key)
        if key in ("path", "linkpath", "size") and value == "":
            raise refused("pax record %r is empty" % key)
        records[key] = value
    return records
