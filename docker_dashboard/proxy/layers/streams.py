"""Small sequential readers chained between the outer tar and a layer scan.

Only `read(n)` is needed by `tarfile` in stream mode ('r|'), so these are plain
classes rather than full `io` objects. Each one does a single job: count and hash
what passes, put back peeked bytes, or decompress with a bounded output size (a
few kilobytes of zstd or gzip can expand to gigabytes; we never want a whole
layer, or a bomb, in memory).
"""
import hashlib
import zlib

from .errors import ArchiveLimitExceeded, TruncatedArchiveError

CHUNK = 1 << 16
GZIP_MAGIC = b'\x1f\x8b'
ZSTD_MAGIC = b'\x28\xb5\x2f\xfd'
TAR_MAGIC_OFFSET = 257  # "ustar" of POSIX/GNU headers lives here in the first block


class HashingReader:
    """Passes bytes through while computing their sha256 and count, and refuses
    to pass more than `max_bytes` (limit on the uncompressed size of a layer)."""

    def __init__(self, source, max_bytes=None, what='stream'):
        self._source = source
        self._sha256 = hashlib.sha256()
        self._max_bytes = max_bytes
        self._what = what
        self.count = 0

    def read(self, size=-1):
        data = self._source.read(size if size is not None and size >= 0 else CHUNK)
        if data:
            self.count += len(data)
            if self._max_bytes is not None and self.count > self._max_bytes:
                raise ArchiveLimitExceeded(f'{self._what}: more than {self._max_bytes} bytes')
            self._sha256.update(data)
        return data

    def drain(self):
        """Read to the end so that the count and digest cover the whole stream."""
        while self.read(CHUNK):
            pass

    @property
    def digest(self) -> str:
        return 'sha256:' + self._sha256.hexdigest()


class PrefixedReader:
    """Serves `prefix` first, then the rest of `source` (undoes a peek)."""

    def __init__(self, prefix: bytes, source):
        self._prefix = memoryview(prefix)
        self._source = source

    def read(self, size=-1):
        if size is None or size < 0:
            size = CHUNK
        if self._prefix:
            part = bytes(self._prefix[:size])
            self._prefix = self._prefix[size:]
            return part
        return self._source.read(size)


def read_prefix(source, size: int) -> bytes:
    """Read up to `size` bytes, fewer only at end of stream."""
    parts, got = [], 0
    while got < size:
        data = source.read(size - got)
        if not data:
            break
        parts.append(data)
        got += len(data)
    return b''.join(parts)


def detect_compression(prefix: bytes) -> str | None:
    """'gzip', 'zstd', 'tar', or None, judged by magic bytes: media types in
    manifests are not trusted (Docker writes tar media types for gzip layers and
    the other way round depending on version)."""
    if prefix.startswith(GZIP_MAGIC):
        return 'gzip'
    if prefix.startswith(ZSTD_MAGIC):
        return 'zstd'
    if prefix[TAR_MAGIC_OFFSET:TAR_MAGIC_OFFSET + 5] == b'ustar':
        return 'tar'
    return None


class GzipReader:
    """Streaming gzip decoder (multi-member aware) with bounded output per read.
    Reports a stream that stops inside a member as truncated."""

    def __init__(self, source, what='layer'):
        self._source = source
        self._what = what
        self._decoder = None
        self._pending = b''      # compressed bytes not yet consumed by the decoder
        self._in_member = False
        self._finished = False

    def read(self, size=-1):
        if size is None or size < 0:
            size = CHUNK
        while not self._finished:
            if not self._pending:
                self._pending = self._source.read(CHUNK)
                if not self._pending:
                    if self._in_member:
                        raise TruncatedArchiveError(f'{self._what}: gzip stream ends early')
                    self._finished = True
                    break
            if not self._in_member:
                if not self._pending.startswith(GZIP_MAGIC[:len(self._pending)]):
                    self._finished = True  # padding after the last member: ignore it
                    break
                # A new member follows (pigz and concatenated gzip produce several).
                self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._in_member = True
            try:
                out = self._decoder.decompress(self._pending, size)
            except zlib.error as exc:
                raise TruncatedArchiveError(f'{self._what}: corrupt gzip data ({exc})') from None
            self._pending = self._decoder.unconsumed_tail
            if self._decoder.eof:
                self._pending = self._decoder.unused_data
                self._in_member = False
            if out:
                return out
        return b''


class ZstdReader:
    """Streaming zstd decoder with bounded output per read. A stream that stops
    inside a frame yields short output; the tar end-marker check of the layer scan
    turns that into a TruncatedArchiveError."""

    def __init__(self, source, what='layer'):
        import zstandard  # optional dependency, only needed for zstd layers
        self._what = what
        self._reader = zstandard.ZstdDecompressor().stream_reader(
            source, read_size=CHUNK, read_across_frames=True)
        self._zstd_error = zstandard.ZstdError

    def read(self, size=-1):
        if size is None or size < 0:
            size = CHUNK
        try:
            return self._reader.read(size)
        except self._zstd_error as exc:
            raise TruncatedArchiveError(f'{self._what}: corrupt zstd data ({exc})') from None


def decompressing_reader(source, compression: str | None, what: str):
    if compression == 'gzip':
        return GzipReader(source, what)
    if compression == 'zstd':
        return ZstdReader(source, what)
    return source
