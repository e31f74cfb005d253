"""The proxy's own tar headers: plain USTAR, chosen fields only.

Every member the proxy forwards is a regular file or a folder with a USTAR
header it wrote: name (split into prefix and name past 100 bytes, which Go
and Python both join for USTAR), fixed mode, owner 0, time 0, size in octal
or, past 8 GiB, base-256 (both readers take it). No PAX, no GNU, no links:
nothing two readers could read differently.
"""
from docker_dashboard.proxy.rules.tarball import refused

BLOCK = 512
END = bytes(2 * BLOCK)
FILE_MODE, FOLDER_MODE = 0o644, 0o755
_OCTAL_SIZE_LIMIT = 8 ** 11


def _field(value, width):
    """Octal digits, zero-padded, NUL-terminated."""
    return b"%0*o\0" % (width - 1, value)


def _size_field(size):
    if size < _OCTAL_SIZE_LIMIT:
        return _field(size, 12)
    raw = bytearray(size.to_bytes(12, "big"))
    raw[0] |= 0x80
    return bytes(raw)


def _split(name):
    raw = name.encode("ascii")
    if len(raw) <= 100:
        return b"", raw
    for cut in range(min(len(raw) - 1, 155), 0, -1):
        if raw[cut] == 0x2F and len(raw) - cut - 1 <= 100:
            return raw[:cut], raw[cut + 1:]
    raise refused("member name %r is too long" % name)


def header(name, folder=False, size=0):
    """The 512-byte header of a regular file (or folder) at `name`, a
    clean archive-relative path."""
    if folder:
        name += "/"
    prefix, short = _split(name)
    block = bytearray(BLOCK)
    block[0:len(short)] = short
    block[100:108] = _field(FOLDER_MODE if folder else FILE_MODE, 8)
    block[108:116] = _field(0, 8)
    block[116:124] = _field(0, 8)
    block[124:136] = _size_field(0 if folder else size)
    block[136:148] = _field(0, 12)
    block[156:157] = b"5" if folder else b"0"
    block[257:265] = b"ustar\x0000"
    block[329:337] = _field(0, 8)
    block[337:345] = _field(0, 8)
    block[345:345 + len(prefix)] = prefix
    block[148:156] = b" " * 8
    block[148:156] = b"%06o\0 " % sum(block)
    return bytes(block)


def padding(size):
    return bytes(-size % BLOCK)


def regular_file(name, data):
    """A whole small file: header, data, padding."""
    return header(name, size=len(data)) + data + padding(len(data))
