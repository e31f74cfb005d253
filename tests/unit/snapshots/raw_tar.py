"""Tar headers built byte by byte, for the quirks a library writer would
never produce (a GNU header with digits where USTAR keeps its prefix, a V7
header with a prefix, signed checksums, base-256 sizes)."""

BLOCK = 512


def octal(value, width):
    return b"%0*o\0" % (width - 1, value)


def header(name, size=0, kind=b"0", magic=b"ustar\x0000", linkname=b"",
           at=None, checksum=None, signed=False):
    """One header block; `at` maps offsets to raw bytes written last."""
    block = bytearray(BLOCK)
    block[0:len(name)] = name
    block[100:108] = octal(0o644, 8)
    block[108:116] = octal(0, 8)
    block[116:124] = octal(0, 8)
    block[124:136] = size if isinstance(size, bytes) else octal(size, 12)
    block[136:148] = octal(0, 12)
    block[156:157] = kind
    block[157:157 + len(linkname)] = linkname
    block[257:257 + len(magic)] = magic
    for offset, raw in (at or {}).items():
        block[offset:offset + len(raw)] = raw
    block[148:156] = b" " * 8
    if checksum is None:
        checksum = sum(block)
        if signed:
            checksum -= 256 * sum(1 for b in block if b >= 0x80)
    block[148:156] = b"%06o\0 " % checksum
    return bytes(block)


def member(name, data=b"", **kw):
    pad = bytes(-len(data) % BLOCK)
    return header(name, size=kw.pop("size", len(data)), **kw) + data + pad


def pax(records, name=b"PaxHeader"):
    body = b""
    for key, value in records:
        line = b" %s=%s\n" % (key, value)
        size = len(line) + len(str(len(line)))
        size = len(line) + len(str(size))
        body += str(size).encode() + line
    return member(name, body, kind=b"x")


END = bytes(2 * BLOCK)
