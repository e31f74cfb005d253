"""Wasted space: bytes stored in some layer that the final image cannot show.

A version of a file is wasted when a later layer overwrites it (even with the
same bytes) or removes it: every layer tar still carries it. Summed over paths,
that is sum of the sizes of all but the final version of every path touched by
more than one layer, plus all versions of paths removed by the end.

efficiency = bytes visible in the final image / bytes stored in all layers
           = 1 - wasted / stored   (1.0 for an image that stores no bytes)
"""
from array import array
from dataclasses import dataclass

from . import kinds
from .entries import EntryTable


@dataclass(frozen=True)
class WasteReport:
    stored_bytes: int       # regular-file bytes summed over all layer tars
    final_bytes: int        # regular-file bytes visible in the final image
    wasted_nodes: array     # nodes with wasted bytes, most wasted first
    wasted_amounts: array   # bytes wasted at wasted_nodes[i]

    @property
    def wasted_bytes(self) -> int:
        return self.stored_bytes - self.final_bytes

    @property
    def efficiency(self) -> float:
        if not self.stored_bytes:
            return 1.0
        return self.final_bytes / self.stored_bytes


def measure_waste(table: EntryTable, final_state: array) -> WasteReport:
    stored = final = 0
    per_node: dict[int, int] = {}
    nodes, sizes, entry_kinds, statuses = table.nodes, table.sizes, table.kinds, table.statuses
    file_kind, removed = kinds.FILE, kinds.REMOVED
    for entry in range(len(nodes)):
        if entry_kinds[entry] != file_kind or statuses[entry] == removed:
            continue
        size = sizes[entry]
        stored += size
        node = nodes[entry]
        if final_state[node] == entry:
            final += size
        elif size:
            per_node[node] = per_node.get(node, 0) + size
    ranked = sorted(per_node.items(), key=lambda item: (-item[1], item[0]))
    return WasteReport(stored, final,
                       array('i', (node for node, _ in ranked)),
                       array('q', (amount for _, amount in ranked)))
