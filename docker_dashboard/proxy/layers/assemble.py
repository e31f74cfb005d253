"""Stacking layer scans into change records, bottom layer first.

Each layer is applied to the union of the layers below it, the way overlayfs
would present it:

1. whiteouts (`.wh.name`) remove that path and everything under it; an opaque
   marker hides everything the lower layers had under its folder; a non-folder
   entry replacing a folder hides what was under the folder;
2. entries are compared with what the path was before this layer: added,
   modified (content hash, type, permissions or owner differ) or unchanged;
3. folders a layer writes into without listing them get a synthesised entry
   (added, or modified if a file stood there).

Removals are recorded as entries too, one per path that disappears, so that the
state of any path at any layer is simply its latest entry up to that layer.
"""
from array import array

from . import kinds
from .entries import EntryTable
from .layer_scan import LayerScan
from .tree import PathTree

IMPLIED_DIR_MODE = 0o755


class _Assembler:
    def __init__(self, tree: PathTree):
        self.tree = tree
        count = len(tree)
        self.table = EntryTable()
        # Per node, across layers (4 bytes each):
        self.current = array('i', [-1]) * count       # latest entry, -1 if never seen
        self.listed_in = array('i', [-1]) * count     # last layer whose tar lists the node
        self.local_index = array('i', [-1]) * count   # its index in that layer's scan
        self.removed_in = array('i', [-1]) * count    # last layer that removed the node

    def present(self, node: int) -> bool:
        entry = self.current[node]
        return entry >= 0 and self.table.statuses[entry] != kinds.REMOVED

    def is_dir(self, node: int) -> bool:
        return self.present(node) and self.table.kinds[self.current[node]] == kinds.DIR

    def apply(self, layer: int, scan: LayerScan):
        table = self.table
        table.layer_starts.append(len(table))
        self._resolve_hardlinks(scan)

        listed = []  # nodes listed by this layer, last occurrence wins
        for index, node in enumerate(scan.nodes):
            if self.listed_in[node] != layer:
                listed.append(node)
            self.listed_in[node] = layer
            self.local_index[node] = index

        removed = []
        for node in scan.whiteouts:
            if self.present(node):
                self._remove_subtree(layer, node, node, removed)
        for node in scan.opaque_dirs:
            self._remove_subtree(layer, node, node + 1, removed)
        for node in listed:
            if scan.kinds[self.local_index[node]] != kinds.DIR and self.is_dir(node):
                self._remove_subtree(layer, node, node + 1, removed)

        implied = self._implied_folders(layer, listed)

        touched = listed
        touched.extend(implied)
        touched.extend(n for n in removed if self.listed_in[n] != layer and n not in implied)
        touched.sort()
        for node in touched:
            if self.listed_in[node] == layer:
                self._append_listed(node, scan, self.local_index[node])
            elif node in implied:
                self._append_implied(node)
            else:
                self._append_removal(node)

    def finish(self) -> EntryTable:
        self.table.layer_starts.append(len(self.table))
        return self.table

    # -- steps ---------------------------------------------------------------

    def _resolve_hardlinks(self, scan: LayerScan):
        """A hardlink has the content of its target: an earlier entry of the same
        tar, or (rarely) a file of a lower layer."""
        if not scan.hardlinks:
            return
        last_index = {node: index for index, node in enumerate(scan.nodes)}
        size = kinds.HASH_SIZE
        for index, target in scan.hardlinks.items():
            source = last_index.get(target)
            if source is not None and source != index:
                scan.hashes[index * size:(index + 1) * size] = scan.hash_at(source)
                scan.sizes[index] = scan.sizes[source]
            elif self.present(target):
                entry = self.current[target]
                scan.hashes[index * size:(index + 1) * size] = self.table.hash_at(entry)
                scan.sizes[index] = self.table.sizes[entry]

    def _remove_subtree(self, layer, root, first, removed):
        """Mark present nodes in [first, end of root) as removed by this layer."""
        removed_in = self.removed_in
        for node in range(first, self.tree.ends[root]):
            if removed_in[node] != layer and self.present(node):
                removed_in[node] = layer
                removed.append(node)

    def _implied_folders(self, layer, listed) -> set:
        """Folders that must exist for the listed nodes but are neither listed nor
        already present as folders (not removed by this same layer)."""
        parents = self.tree.parents
        implied = set()
        for node in listed:
            folder = parents[node]
            while folder > 0 and self.listed_in[folder] != layer and folder not in implied:
                if self.is_dir(folder) and self.removed_in[folder] != layer:
                    break  # present folder: its own ancestors are present folders too
                implied.add(folder)
                folder = parents[folder]
        return implied

    def _status_against_prior(self, node, kind, mode, uid, gid, content_hash) -> int:
        table = self.table
        prior = self.current[node]
        if prior < 0 or table.statuses[prior] == kinds.REMOVED:
            return kinds.ADDED
        if (kinds.same_kind_family(table.kinds[prior], kind) and table.modes[prior] == mode
                and table.uids[prior] == uid and table.gids[prior] == gid
                and table.hash_at(prior) == content_hash):
            return kinds.UNCHANGED
        return kinds.MODIFIED

    def _append(self, node, kind, status, mode, uid, gid, size, content_hash, link_target):
        table = self.table
        entry = len(table.nodes)
        table.nodes.append(node)
        table.kinds.append(kind)
        table.statuses.append(status)
        table.modes.append(mode)
        table.uids.append(uid)
        table.gids.append(gid)
        table.sizes.append(size)
        table.hashes += content_hash
        if link_target is not None:
            table.link_targets[entry] = link_target
        self.current[node] = entry

    def _append_listed(self, node, scan: LayerScan, index: int):
        kind, mode = scan.kinds[index], scan.modes[index]
        uid, gid = scan.uids[index], scan.gids[index]
        content_hash = scan.hash_at(index)
        status = self._status_against_prior(node, kind, mode, uid, gid, content_hash)
        self._append(node, kind, status, mode, uid, gid, scan.sizes[index], content_hash,
                     scan.link_targets.get(index))

    def _append_implied(self, node):
        status = self._status_against_prior(node, kinds.DIR, IMPLIED_DIR_MODE, 0, 0,
                                            kinds.NO_HASH)
        self._append(node, kinds.DIR, status, IMPLIED_DIR_MODE, 0, 0, 0, kinds.NO_HASH, None)

    def _append_removal(self, node):
        table, prior = self.table, self.current[node]
        self._append(node, table.kinds[prior], kinds.REMOVED, table.modes[prior],
                     table.uids[prior], table.gids[prior], table.sizes[prior],
                     table.hash_at(prior), table.link_targets.get(prior))


def assemble(tree: PathTree, scans: list[LayerScan]) -> tuple[EntryTable, array]:
    """Return the entry table and the final state (latest entry per node)."""
    assembler = _Assembler(tree)
    for layer, scan in enumerate(scans):
        assembler.apply(layer, scan)
    return assembler.finish(), assembler.current
