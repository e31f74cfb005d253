"""The change records of all layers of one image, as parallel arrays.

Entry e says what layer L did to node n: added, modified, removed, or rewrote it
unchanged, with the attributes the node has after that layer (for a removal, the
attributes it had before). Entries are grouped by layer (`layer_starts`) and
sorted by node inside a layer; since node ids are preorder ranks, the changes a
layer makes under any folder form one contiguous slice.
"""
from array import array

from . import kinds


class EntryTable:
    __slots__ = ('nodes', 'kinds', 'statuses', 'modes', 'uids', 'gids', 'sizes', 'hashes',
                 'link_targets', 'layer_starts')

    def __init__(self):
        self.nodes = array('i')
        self.kinds = bytearray()
        self.statuses = bytearray()
        self.modes = array('H')
        self.uids = array('I')
        self.gids = array('I')
        self.sizes = array('q')
        self.hashes = bytearray()
        self.link_targets = {}          # entry -> symlink or hardlink target
        self.layer_starts = array('i')  # entries of layer k: [starts[k], starts[k+1])

    def __len__(self):
        return len(self.nodes)

    @property
    def layer_count(self) -> int:
        return len(self.layer_starts) - 1

    def layer_range(self, layer: int) -> tuple[int, int]:
        return self.layer_starts[layer], self.layer_starts[layer + 1]

    def hash_at(self, entry: int) -> bytes:
        size = kinds.HASH_SIZE
        return bytes(self.hashes[entry * size:(entry + 1) * size])

    def is_present(self, entry: int) -> bool:
        return entry >= 0 and self.statuses[entry] != kinds.REMOVED

    def stored_bytes(self, entry: int) -> int:
        """Bytes this entry occupies in its layer tar (hardlinks share storage)."""
        if self.kinds[entry] == kinds.FILE and self.statuses[entry] != kinds.REMOVED:
            return self.sizes[entry]
        return 0

    def same_content(self, entry: int, other_table: 'EntryTable', other: int) -> bool:
        """Same type family, permissions, owner and content hash."""
        return (kinds.same_kind_family(self.kinds[entry], other_table.kinds[other])
                and self.modes[entry] == other_table.modes[other]
                and self.uids[entry] == other_table.uids[other]
                and self.gids[entry] == other_table.gids[other]
                and self.hash_at(entry) == other_table.hash_at(other))
