"""Folder-at-a-time listings of one layer, alone or stacked on those below.

Nothing here walks the whole tree per request: a layer's changes under a folder
are a slice of its sorted entries (found by bisect), counts and byte totals come
from prefix sums, and the stacked state of a layer (latest entry per node) is
built once per layer and kept in a small LRU.
"""
from array import array
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate

from . import kinds
from .entries import EntryTable
from .errors import PathNotFound
from .tree import PathTree

STACKED_STATES_KEPT = 4


def folder_status(own_status: int, changed_below: int) -> int:
    """A folder whose subtree the layer changes is itself marked modified,
    as `docker diff` (the container's Changes tab) marks its parent folders
    "changed": otherwise /bin would read "unchanged" on the layer that
    removed /bin/vi. Added and removed folders keep their own mark."""
    if own_status == kinds.UNCHANGED and changed_below:
        return kinds.MODIFIED
    return own_status


@dataclass(frozen=True, slots=True)
class DirEntry:
    name: str
    path: str
    kind: str                   # file, dir, symlink, hardlink, other
    status: str                 # added, modified, removed, unchanged (relative to the layer)
    size: int                   # files: bytes; folders: bytes of files below (see list_dir)
    changed_descendants: int    # folders: added/modified/removed paths below, in this layer
    mode: int
    uid: int
    gid: int
    link_target: str | None

    def to_dict(self) -> dict:
        return {'name': self.name, 'path': self.path, 'kind': self.kind,
                'status': self.status, 'size': self.size,
                'changed_descendants': self.changed_descendants,
                'mode': self.mode, 'uid': self.uid, 'gid': self.gid,
                'link_target': self.link_target}


class _StackedState:
    """Latest entry per node up to a layer, and prefix sums of visible file bytes
    in preorder (bytes under node n = prefix[ends[n]] - prefix[n])."""

    __slots__ = ('latest', 'byte_prefix')

    def __init__(self, latest, byte_prefix):
        self.latest = latest
        self.byte_prefix = byte_prefix


class LayerViews:
    def __init__(self, tree: PathTree, table: EntryTable, final_state: array):
        self.tree = tree
        self.table = table
        self.final_state = final_state
        self._changed_prefix = None   # per entry: count of changing entries before it
        self._bytes_prefix = None     # per entry: stored file bytes before it
        self._stacked: OrderedDict[int, _StackedState] = OrderedDict()

    # -- prefix sums over entries -----------------------------------------------

    def _entry_prefixes(self):
        if self._changed_prefix is None:
            table = self.table
            unchanged = kinds.UNCHANGED
            self._changed_prefix = array('i', accumulate(
                (status != unchanged for status in table.statuses), initial=0))
            self._bytes_prefix = array('q', accumulate(
                (table.stored_bytes(entry) for entry in range(len(table))), initial=0))
        return self._changed_prefix, self._bytes_prefix

    def _layer_slice(self, layer: int, node: int) -> tuple[int, int]:
        """Entries of `layer` on node and everything below it."""
        start, stop = self.table.layer_range(layer)
        nodes = self.table.nodes
        low = bisect_left(nodes, node, start, stop)
        return low, bisect_left(nodes, self.tree.ends[node], low, stop)

    def changes_below(self, layer: int, node: int) -> int:
        """Added/modified/removed paths strictly below `node` in `layer`."""
        changed, _ = self._entry_prefixes()
        low, high = self._layer_slice(layer, node)
        count = changed[high] - changed[low]
        if low < high and self.table.nodes[low] == node:
            count -= self.table.statuses[low] != kinds.UNCHANGED
        return count

    # -- stacked state ----------------------------------------------------------

    def stacked(self, layer: int) -> _StackedState:
        state = self._stacked.get(layer)
        if state is not None:
            self._stacked.move_to_end(layer)
            return state
        table = self.table
        if layer == table.layer_count - 1:
            latest = self.final_state
        else:
            latest = array('i', [-1]) * len(self.tree)
            nodes = table.nodes
            for entry in range(table.layer_starts[layer + 1]):
                latest[nodes[entry]] = entry
        visible_bytes = (table.sizes[entry] if entry >= 0 and table.kinds[entry] == kinds.FILE
                         and table.statuses[entry] != kinds.REMOVED else 0
                         for entry in latest)
        state = _StackedState(latest, array('q', accumulate(visible_bytes, initial=0)))
        self._stacked[layer] = state
        if len(self._stacked) > STACKED_STATES_KEPT:
            self._stacked.popitem(last=False)
        return state

    # -- listings ---------------------------------------------------------------

    def _check_layer(self, layer: int):
        if not 0 <= layer < self.table.layer_count:
            raise IndexError(f'layer {layer} out of range 0..{self.table.layer_count - 1}')

    def _entry_view(self, node, entry, status, size, changed) -> DirEntry:
        table = self.table
        return DirEntry(self.tree.names[node], self.tree.path(node),
                        kinds.KIND_NAMES[table.kinds[entry]], kinds.STATUS_NAMES[status],
                        size, changed, table.modes[entry], table.uids[entry],
                        table.gids[entry], table.link_targets.get(entry))

    def list_layer(self, layer: int, path: str) -> list[DirEntry]:
        """Children of `path` that `layer` itself touches (or writes below)."""
        self._check_layer(layer)
        tree, table = self.tree, self.table
        folder = tree.find(path)
        low, high = self._layer_slice(layer, folder) if folder >= 0 else (0, 0)
        if folder < 0 or (folder > 0 and low == high):
            raise PathNotFound(f'{path!r} is not a folder in layer {layer}')
        if low < high and table.nodes[low] == folder:
            if table.kinds[low] != kinds.DIR:
                raise PathNotFound(f'{path!r} is not a folder in layer {layer}')
            low += 1
        changed, stored = self._entry_prefixes()
        nodes, parents, ends = table.nodes, tree.parents, tree.ends
        listing = []
        entry = low
        while entry < high:
            child = nodes[entry]
            while parents[child] != folder:
                child = parents[child]
            stop = bisect_left(nodes, ends[child], entry, high)
            below = changed[stop] - changed[entry]
            if nodes[entry] == child:
                own_status = table.statuses[entry]
                below -= own_status != kinds.UNCHANGED
                kind = table.kinds[entry]
                size = table.sizes[entry] if kind != kinds.DIR else stored[stop] - stored[entry]
                listing.append(self._entry_view(child, entry, folder_status(own_status, below),
                                                size, below))
            else:
                # Not listed by this layer, only written into: the folder is
                # there so that the changes below can be reached.
                folder_entry = self.stacked(layer).latest[child]
                listing.append(self._entry_view(child, folder_entry,
                                                folder_status(kinds.UNCHANGED, below),
                                                stored[stop] - stored[entry], below))
            entry = stop
        return listing

    def list_stacked(self, layer: int, path: str) -> list[DirEntry]:
        """Children of `path` in the filesystem of layers 0..layer, with statuses
        relative to `layer` (removed paths of that layer included)."""
        self._check_layer(layer)
        tree, table = self.tree, self.table
        start, stop = table.layer_range(layer)
        folder = tree.find(path)
        state = self.stacked(layer)
        latest = state.latest
        if folder < 0 or (folder > 0 and not self._shown(latest[folder], start)):
            raise PathNotFound(f'{path!r} is not a folder up to layer {layer}')
        if folder > 0 and table.kinds[latest[folder]] != kinds.DIR:
            raise PathNotFound(f'{path!r} is not a folder up to layer {layer}')
        byte_prefix, ends = state.byte_prefix, tree.ends
        listing = []
        for child in tree.children(folder):
            entry = latest[child]
            if not self._shown(entry, start):
                continue
            status = table.statuses[entry] if entry >= start else kinds.UNCHANGED
            if table.kinds[entry] == kinds.DIR:
                size = byte_prefix[ends[child]] - byte_prefix[child]
                below = self.changes_below(layer, child)
            else:
                size, below = table.sizes[entry], 0
            listing.append(self._entry_view(child, entry, folder_status(status, below),
                                            size, below))
        return listing

    def _shown(self, entry: int, layer_start: int) -> bool:
        """Present, or removed by the layer being viewed (shown as removed)."""
        if entry < 0:
            return False
        return self.table.statuses[entry] != kinds.REMOVED or entry >= layer_start

