"""A compressed `docker load` body, undone as it streams.

dockerd (DecompressStream) takes an archive plain or compressed with gzip,
bzip2 or xz, told apart by their magic bytes. The proxy undoes the same
three itself, every member of a multi-member stream as Go's readers do, and
forwards a plain archive; zstd (later Docker versions) is refused. The
plain size is capped as the body is, so a small bomb cannot grow unbounded.
"""
import bz2
import lzma
import zlib

from docker_dashboard.proxy.rules.tarball import refused

GZIP, BZIP2, XZ, ZSTD = b"\x1f\x8b\x08", b"BZh", b"\xfd7zXZ\x00", \
    b"\x28\xb5\x2f\xfd"
MAGIC_BYTES = 6


def _new(kind):
    if kind == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if kind == "bzip2":
        return bz2.BZ2Decompressor()
    return lzma.LZMADecompressor(format=lzma.FORMAT_XZ)


class Decompress:
    """feed(chunk) -> plain bytes; finish() checks the stream ended whole."""

    def __init__(self):
        self._head = b""
        self.kind = None
        self._engine = None
        self._midway = False    # the current member has begun, not ended

    def feed(self, chunk):
        if self.kind is None:
            self._head += chunk
            if len(self._head) < MAGIC_BYTES:
                return b""
            chunk, self._head = self._head, b""
            self._choose(chunk)
        if self.kind == "plain":
            return chunk
        return self._inflate(chunk)

    def _choose(self, head):
        if head.startswith(ZSTD):
            raise refused("zstd-compressed archives are not offered: send "
                          "it plain, gzip, bzip2 or xz")
        for magic, kind in ((GZIP, "gzip"), (BZIP2, "bzip2"), (XZ, "xz")):
            if head.startswith(magic):
                self.kind, self._engine = kind, _new(kind)
                return
        self.kind = "plain"

    def _inflate(self, chunk):
        out = []
        while chunk:
            self._midway = True
            try:
                out.append(self._engine.decompress(chunk))
            except (zlib.error, OSError, lzma.LZMAError, EOFError):
                raise refused("the %s stream is corrupt" % self.kind) \
                    from None
            if not self._engine.eof:
                break
            # One member ended; what follows is the next one.
            chunk = self._engine.unused_data
            self._engine = _new(self.kind)
            self._midway = False
        return b"".join(out)

    def finish(self):
        """Whatever is left when the body ended (a body shorter than the
        magic), or a refusal when a compressed stream stopped midway."""
        out = b""
        if self.kind is None:
            head, self._head = self._head, b""
            self._choose(head)
            out = head if self.kind == "plain" else self._inflate(head)
        if self._midway:
            raise refused("the %s stream is truncated" % self.kind)
        return out
