"""Differences between two analysed images.

Layers are shared when their diff ids match (same uncompressed content); the
shared base is the common prefix of both layer chains. Files are compared on the
final filesystems by walking both trees together (children are sorted by name
in both), comparing type, permissions, owner and content hash.
"""
from dataclasses import asdict, dataclass, field

from . import kinds
from .analysis import ImageAnalysis


@dataclass(frozen=True)
class FileDifference:
    path: str
    status: str             # added (only in b), removed (only in a), modified
    kind_a: str | None
    kind_b: str | None
    size_a: int | None
    size_b: int | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ImageComparison:
    shared_base_layers: int                 # length of the common bottom of both chains
    shared_diff_ids: list[str]              # diff ids present in both images, in a's order
    layers_only_in_a: list[int]             # layer indexes of a whose diff id b lacks
    layers_only_in_b: list[int]
    differences: list[FileDifference] = field(default_factory=list)

    def counts(self) -> dict:
        result = {'added': 0, 'removed': 0, 'modified': 0}
        for difference in self.differences:
            result[difference.status] += 1
        return result

    def to_dict(self) -> dict:
        return {'shared_base_layers': self.shared_base_layers,
                'shared_diff_ids': self.shared_diff_ids,
                'layers_only_in_a': self.layers_only_in_a,
                'layers_only_in_b': self.layers_only_in_b,
                'counts': self.counts(),
                'differences': [d.to_dict() for d in self.differences]}


class _Side:
    """One image's final filesystem, as seen by the walk."""

    def __init__(self, analysis: ImageAnalysis):
        self.tree = analysis.tree
        self.table = analysis.table
        self.state = analysis.final_state

    def entry(self, node: int) -> int:
        entry = self.state[node]
        return entry if self.table.is_present(entry) else -1

    def present_children(self, node: int):
        names = self.tree.names
        return [(names[child], child) for child in self.tree.children(node)
                if self.entry(child) >= 0]

    def is_dir(self, node: int) -> bool:
        return node == 0 or self.table.kinds[self.entry(node)] == kinds.DIR

    def describe(self, node: int):
        entry = self.entry(node)
        return kinds.KIND_NAMES[self.table.kinds[entry]], self.table.sizes[entry]


def compare(a: ImageAnalysis, b: ImageAnalysis) -> ImageComparison:
    diff_a = [layer.diff_id for layer in a.layers]
    diff_b = [layer.diff_id for layer in b.layers]
    base = 0
    while base < min(len(diff_a), len(diff_b)) and diff_a[base] == diff_b[base]:
        base += 1
    set_a, set_b = set(diff_a), set(diff_b)
    result = ImageComparison(
        shared_base_layers=base,
        shared_diff_ids=[d for d in dict.fromkeys(diff_a) if d in set_b],
        layers_only_in_a=[i for i, d in enumerate(diff_a) if d not in set_b],
        layers_only_in_b=[i for i, d in enumerate(diff_b) if d not in set_a])
    _walk(_Side(a), _Side(b), result.differences)
    result.differences.sort(key=lambda difference: difference.path.split('/'))
    return result


def _walk(side_a: _Side, side_b: _Side, out: list):
    # Explicit stack of folder pairs; -1 means the folder is absent on that side.
    stack = [(0, 0, '')]
    while stack:
        node_a, node_b, prefix = stack.pop()
        children_a = side_a.present_children(node_a) if node_a >= 0 else []
        children_b = side_b.present_children(node_b) if node_b >= 0 else []
        pending = []
        i = j = 0
        while i < len(children_a) or j < len(children_b):
            if j >= len(children_b) or (i < len(children_a) and children_a[i][0] < children_b[j][0]):
                name, child_a, child_b = children_a[i][0], children_a[i][1], -1
                i += 1
            elif i >= len(children_a) or children_b[j][0] < children_a[i][0]:
                name, child_a, child_b = children_b[j][0], -1, children_b[j][1]
                j += 1
            else:
                name, child_a, child_b = children_a[i][0], children_a[i][1], children_b[j][1]
                i += 1
                j += 1
            path = f'{prefix}/{name}'
            _record(side_a, side_b, child_a, child_b, path, out)
            dir_a = child_a >= 0 and side_a.is_dir(child_a)
            dir_b = child_b >= 0 and side_b.is_dir(child_b)
            if dir_a or dir_b:
                pending.append((child_a if dir_a else -1, child_b if dir_b else -1, path))
        stack.extend(pending)


def _record(side_a, side_b, node_a, node_b, path, out):
    if node_a < 0:
        kind, size = side_b.describe(node_b)
        out.append(FileDifference(path, 'added', None, kind, None, size))
    elif node_b < 0:
        kind, size = side_a.describe(node_a)
        out.append(FileDifference(path, 'removed', kind, None, size, None))
    elif not side_a.table.same_content(side_a.entry(node_a), side_b.table, side_b.entry(node_b)):
        kind_a, size_a = side_a.describe(node_a)
        kind_b, size_b = side_b.describe(node_b)
        out.append(FileDifference(path, 'modified', kind_a, kind_b, size_a, size_b))
