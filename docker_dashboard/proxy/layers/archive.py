"""The single pass over the outer `docker save` tar.

Members arrive in whatever order the daemon wrote them, and in the legacy layout
the manifest that says which tar is which layer usually comes last. So every
member is judged by its own bytes: anything that starts like a tar, gzip or zstd
stream is scanned as a layer on the spot (keyed by its member path), small
members are kept whole (manifests, configs, index), the rest is skipped. Which
scans form which image is decided afterwards, in `manifests.py`.
"""
import hashlib
import io
import re
import tarfile

from .errors import (ArchiveLimitExceeded, InvalidImageArchive, LayerAnalysisError,
                     TruncatedArchiveError)
from .layer_scan import EntryBudget, LayerScan, scan_layer
from .limits import Limits
from .paths import normalise_member_path, resolve_relative
from .streams import (CHUNK, HashingReader, PrefixedReader, decompressing_reader,
                      detect_compression, read_prefix)
from .tarstream import BoundedReader, iter_members, open_tar_stream
from .tree import PathTableBuilder

PEEK_BYTES = 512
BLOB_PATH = re.compile(r'^blobs/sha256/([0-9a-f]{64})$')
MAX_ALIAS_HOPS = 8


class ArchiveContents:
    """Everything kept from the outer archive, before images are assembled."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.paths = PathTableBuilder()
        self.budget = EntryBudget(limits)
        self.scans: dict[str, LayerScan] = {}   # member path -> scan of that layer
        self.small_members: dict[str, bytes] = {}  # member path -> whole content
        self.aliases: dict[str, str] = {}       # link member path -> target path
        # Members that looked like layers but did not scan: an error only if an
        # image actually uses them (an odd unreferenced blob must not fail the rest).
        self.unreadable: dict[str, InvalidImageArchive] = {}
        self.metadata_bytes = 0

    def resolve(self, path: str) -> str:
        """Follow links between members (legacy saves link duplicate layers)."""
        for _ in range(MAX_ALIAS_HOPS):
            if path not in self.aliases:
                return path
            path = self.aliases[path]
        raise InvalidImageArchive(f'archive member links loop at {path!r}')

    def has(self, path: str) -> bool:
        path = self.resolve(path)
        return path in self.small_members or path in self.scans

    def read_small(self, path: str) -> bytes:
        resolved = self.resolve(path)
        try:
            return self.small_members[resolved]
        except KeyError:
            raise InvalidImageArchive(f'{path!r} is missing from the archive') from None

    def layer_scan(self, path: str) -> LayerScan:
        """The scan of a layer member; tiny layers (an empty layer is 1 KiB of zeros,
        which carries no magic bytes) were kept whole and are scanned now."""
        resolved = self.resolve(path)
        if resolved in self.unreadable:
            raise self.unreadable[resolved]
        scan = self.scans.get(resolved)
        if scan is None:
            if resolved not in self.small_members:
                raise InvalidImageArchive(f'layer {path!r} is missing from the archive')
            raw = io.BytesIO(self.small_members[resolved])
            scan = _scan_blob(raw, read_prefix(raw, PEEK_BYTES), resolved, self)
            self.scans[resolved] = scan
        return scan


def read_archive(stream, limits: Limits = Limits()) -> ArchiveContents:
    """Read a `docker save` stream once, front to back."""
    contents = ArchiveContents(limits)
    try:
        _read_members(stream, contents)
    except LayerAnalysisError:
        raise
    except (tarfile.ReadError, EOFError) as exc:
        raise TruncatedArchiveError(f'archive is truncated or unreadable ({exc})') from None
    except tarfile.TarError as exc:
        raise InvalidImageArchive(f'archive is not a valid tar ({exc})') from None
    return contents


def _read_members(stream, contents: ArchiveContents):
    limits = contents.limits
    try:
        outer = open_tar_stream(stream)  # reads the first header
    except InvalidImageArchive as exc:
        raise InvalidImageArchive(f'input is not a tar archive ({exc})') from None
    count = 0
    for member in iter_members(outer):
        count += 1
        if count > limits.max_archive_members:
            raise ArchiveLimitExceeded('archive has too many members')
        name = normalise_member_path(member.name, limits, 'archive')
        if member.issym():
            folder = name.rpartition('/')[0]
            contents.aliases[name] = resolve_relative(folder, member.linkname, limits, 'archive')
            continue
        if member.islnk():
            contents.aliases[name] = normalise_member_path(member.linkname, limits, 'archive')
            continue
        if not member.isreg():
            continue
        raw = BoundedReader(outer.fileobj, member.size, f'archive member {name!r}')
        prefix = read_prefix(raw, PEEK_BYTES)
        if detect_compression(prefix):
            try:
                contents.scans[name] = _scan_blob(raw, prefix, name, contents)
            except InvalidImageArchive as exc:  # truncated or corrupt; limits still raise
                contents.unreadable[name] = exc
        elif member.size <= limits.max_metadata_bytes:
            contents.metadata_bytes += member.size
            if contents.metadata_bytes > limits.max_total_metadata_bytes:
                raise ArchiveLimitExceeded('archive has too much metadata')
            data = prefix + read_prefix(raw, member.size - len(prefix))
            _check_blob_digest(name, 'sha256:' + hashlib.sha256(data).hexdigest())
            contents.small_members[name] = data
        # else: a large member that is neither a layer nor metadata (signatures,
        # attestations...): tarfile skips its data when asked for the next member.


def _scan_blob(raw, prefix: bytes, name: str, contents: ArchiveContents) -> LayerScan:
    """Scan one layer blob whose first bytes were already read into `prefix`."""
    limits, budget = contents.limits, contents.budget
    compression = detect_compression(prefix) or 'tar'
    if compression == 'tar':
        # Uncompressed: the blob digest is the diff id, hash the bytes once.
        blob = tar_input = HashingReader(PrefixedReader(prefix, raw), limits.max_layer_bytes,
                                         f'layer {name}')
    else:
        blob = HashingReader(PrefixedReader(prefix, raw))
        tar_input = HashingReader(decompressing_reader(blob, compression, f'layer {name}'),
                                  limits.max_layer_bytes, f'layer {name}')
    scan = scan_layer(tar_input, contents.paths, limits, budget, name)
    while blob.read(CHUNK):  # trailing bytes after the compressed stream
        pass
    scan.tar_bytes = tar_input.count
    scan.diff_id = tar_input.digest
    scan.digest = blob.digest
    scan.compressed_bytes = blob.count
    scan.compression = compression
    budget.total_bytes += tar_input.count
    if budget.total_bytes > limits.max_total_bytes:
        raise ArchiveLimitExceeded('layers are larger than the total size limit')
    _check_blob_digest(name, scan.digest)
    return scan


def _check_blob_digest(name: str, digest: str):
    """OCI blobs are named by their digest: a mismatch means corruption or tampering."""
    match = BLOB_PATH.match(name)
    if match and digest != 'sha256:' + match.group(1):
        raise InvalidImageArchive(f'blob {name} does not match its digest ({digest})')
