"""One pass over one layer tar: what it contains, in columnar form.

A layer is scanned on its own, without knowing the layers below it (in the legacy
layout the manifest that orders the layers usually arrives after them). Comparing
against lower layers happens later, in `assemble.py`.

Per entry we keep node id, kind, mode, owner, size and a 16-byte content hash in
parallel arrays (about 40 bytes per entry) instead of one Python object per entry.
Whiteouts and opaque markers are kept apart because they are not files.
"""
import hashlib
import tarfile
from array import array

from . import kinds
from .errors import ArchiveLimitExceeded, InvalidImageArchive, TruncatedArchiveError
from .limits import Limits
from .paths import normalise_member_path
from .streams import CHUNK
from .tarstream import BoundedReader, iter_members, open_tar_stream

WHITEOUT_PREFIX = '.wh.'
OPAQUE_MARKER = '.wh..wh..opq'
MAX_ID = 2**32 - 1


class LayerScan:
    """What one layer tar holds. Node ids refer to the shared PathTableBuilder
    until `remap` renumbers them to the frozen tree."""

    __slots__ = ('nodes', 'kinds', 'modes', 'uids', 'gids', 'sizes', 'hashes',
                 'link_targets', 'hardlinks', 'whiteouts', 'opaque_dirs',
                 'tar_bytes', 'diff_id', 'file_bytes', 'digest', 'compressed_bytes',
                 'compression')

    def __init__(self):
        self.nodes = array('i')
        self.kinds = bytearray()
        self.modes = array('H')
        self.uids = array('I')
        self.gids = array('I')
        self.sizes = array('q')
        self.hashes = bytearray()
        self.link_targets = {}      # entry index -> symlink or hardlink target text
        self.hardlinks = {}         # entry index -> node of the hardlink target
        self.whiteouts = array('i')     # nodes removed from lower layers
        self.opaque_dirs = array('i')   # folders whose lower content is hidden
        self.tar_bytes = 0          # uncompressed size of the layer tar
        self.diff_id = ''           # sha256 of the uncompressed tar
        self.file_bytes = 0         # sum of regular file sizes
        self.digest = ''            # sha256 of the blob as stored (maybe compressed)
        self.compressed_bytes = 0
        self.compression = 'tar'

    def __len__(self):
        return len(self.nodes)

    def hash_at(self, index: int) -> bytes:
        return bytes(self.hashes[index * kinds.HASH_SIZE:(index + 1) * kinds.HASH_SIZE])

    def remap(self, remap):
        """Renumber nodes after the path table is frozen into preorder."""
        self.nodes = array('i', (remap[n] for n in self.nodes))
        self.whiteouts = array('i', (remap[n] for n in self.whiteouts))
        self.opaque_dirs = array('i', (remap[n] for n in self.opaque_dirs))
        self.hardlinks = {i: remap[n] for i, n in self.hardlinks.items()}


class EntryBudget:
    """Counts entries over all layers of one archive against the limits."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.total_entries = 0
        self.total_bytes = 0


def scan_layer(reader, paths, limits: Limits, budget: EntryBudget, label: str) -> LayerScan:
    """Scan an uncompressed layer tar read sequentially from `reader`."""
    scan = LayerScan()
    try:
        _scan_members(reader, scan, paths, limits, budget, label)
    except TruncatedArchiveError as exc:
        raise TruncatedArchiveError(f'layer {label}: {exc}') from None
    except InvalidImageArchive as exc:
        raise InvalidImageArchive(f'layer {label}: {exc}') from None
    except (tarfile.ReadError, EOFError) as exc:
        raise TruncatedArchiveError(f'layer {label}: truncated or unreadable tar ({exc})') from None
    return scan


def _scan_members(reader, scan, paths, limits, budget, label):
    tar = open_tar_stream(reader)
    stream = tar.fileobj  # in stream mode a member's data follows its header here
    blake2b = hashlib.blake2b
    hash_size = kinds.HASH_SIZE
    count = 0
    for member in iter_members(tar):
        count += 1
        budget.total_entries += 1
        if count > limits.max_layer_entries or budget.total_entries > limits.max_total_entries:
            raise ArchiveLimitExceeded(f'layer {label}: too many entries')
        path = normalise_member_path(member.name, limits, f'layer {label}')
        if not path:
            continue  # the root folder's own entry carries nothing we report
        dirname, _, base = path.rpartition('/')
        if base.startswith(WHITEOUT_PREFIX):
            if base == OPAQUE_MARKER:
                scan.opaque_dirs.append(paths.intern(dirname))
            elif not base.startswith(WHITEOUT_PREFIX + WHITEOUT_PREFIX):
                hidden = base[len(WHITEOUT_PREFIX):]
                scan.whiteouts.append(paths.intern(f'{dirname}/{hidden}' if dirname else hidden))
            # other '.wh..wh.*' names are aufs bookkeeping, not user files
            continue

        index = len(scan.nodes)
        size = 0
        if member.isreg():
            kind = kinds.FILE
            size = member.size
            digest = blake2b(digest_size=hash_size)
            if member.sparse is not None:
                data = tar.extractfile(member)  # knows how to expand sparse maps
            else:
                data = BoundedReader(stream, size, f'file {path!r}')
            remaining = size
            while remaining:
                chunk = data.read(min(remaining, CHUNK))
                if not chunk:
                    raise TruncatedArchiveError(f'file {path!r} is cut short')
                digest.update(chunk)
                remaining -= len(chunk)
            content_hash = digest.digest()
            scan.file_bytes += size
        elif member.isdir():
            kind = kinds.DIR
            content_hash = kinds.NO_HASH
        elif member.issym():
            kind = kinds.SYMLINK
            target = member.linkname
            if len(target) > limits.max_link_target_length:
                raise ArchiveLimitExceeded(f'layer {label}: symlink target too long')
            scan.link_targets[index] = target
            content_hash = blake2b(b'symlink\0' + target.encode('utf-8', 'surrogateescape'),
                                   digest_size=hash_size).digest()
        elif member.islnk():
            kind = kinds.HARDLINK
            target = normalise_member_path(member.linkname, limits, f'layer {label} hardlink')
            scan.link_targets[index] = '/' + target
            scan.hardlinks[index] = paths.intern(target)
            content_hash = kinds.NO_HASH  # resolved from the target during assembly
        else:
            kind = kinds.OTHER  # devices, fifos: identity is their type and numbers
            content_hash = blake2b(
                f'{member.type!r}:{member.devmajor}:{member.devminor}'.encode(),
                digest_size=hash_size).digest()

        scan.nodes.append(paths.intern(path))
        scan.kinds.append(kind)
        scan.modes.append(member.mode & 0o7777)
        scan.uids.append(min(max(member.uid, 0), MAX_ID))
        scan.gids.append(min(max(member.gid, 0), MAX_ID))
        scan.sizes.append(size)
        scan.hashes += content_hash

    # Read whatever follows the end marker so the caller's digest covers the blob.
    while reader.read(CHUNK):
        pass
