"""Compact storage of every path seen in an image.

Each distinct path is one node: its own name plus the index of its parent, so a
path costs one string for its last component and a few array slots, not a full
path string per file per layer.

While the archive streams, `PathTableBuilder` interns paths in arrival order.
Once all layers are scanned it is frozen into a `PathTree` whose node ids are the
preorder rank (children sorted by name). That numbering is what makes the rest
cheap: the descendants of node n are exactly the ids in [n, ends[n]), so "everything
under this folder" is a range and a layer's changes under a folder are one bisect.
"""
from array import array


class PathTableBuilder:
    """Interns slash-separated relative paths into nodes (node 0 is the root)."""

    def __init__(self):
        self.names = ['']
        self.parents = array('i', [-1])
        # Per node: dict child-name -> node, or None while the node has no children.
        # Only used while building; freezing drops it.
        self._children = [None]
        # Tar members come grouped by folder, so remembering the last folder saves
        # walking every component of every path.
        self._last_dir = ''
        self._last_dir_node = 0

    def __len__(self):
        return len(self.names)

    def intern(self, path: str) -> int:
        if not path:
            return 0
        dirname, _, base = path.rpartition('/')
        if dirname == self._last_dir:
            parent = self._last_dir_node
        else:
            parent = 0
            if dirname:
                for part in dirname.split('/'):
                    parent = self._child(parent, part)
            self._last_dir, self._last_dir_node = dirname, parent
        return self._child(parent, base)

    def _child(self, parent: int, name: str) -> int:
        kids = self._children[parent]
        if kids is None:
            kids = self._children[parent] = {}
        node = kids.get(name)
        if node is None:
            node = len(self.names)
            self.names.append(name)
            self.parents.append(parent)
            self._children.append(None)
            kids[name] = node
        return node

    def freeze(self):
        """Return (PathTree in preorder, remap) where remap[old_id] = new_id."""
        count = len(self.names)
        remap = array('i', bytes(4 * count))
        order = array('i')
        stack = [0]
        children = self._children
        while stack:
            old = stack.pop()
            remap[old] = len(order)
            order.append(old)
            kids = children[old]
            if kids:
                # Reverse-sorted onto the stack so they pop in name order.
                stack.extend(node for _, node in sorted(kids.items(), reverse=True))
        names = [self.names[old] for old in order]
        parents = array('i', [-1]) + array('i', (remap[self.parents[old]] for old in order[1:]))
        # Subtree sizes: children have larger ids than their parent in preorder, so
        # one backwards sweep accumulates them.
        sizes = array('i', [1]) * count
        for node in range(count - 1, 0, -1):
            sizes[parents[node]] += sizes[node]
        ends = array('i', (node + sizes[node] for node in range(count)))
        self._children = None
        return PathTree(names, parents, ends), remap


class PathTree:
    """Immutable preorder tree: node ids are preorder ranks, children sorted by name."""

    __slots__ = ('names', 'parents', 'ends')

    def __init__(self, names, parents, ends):
        self.names = names
        self.parents = parents
        self.ends = ends

    def __len__(self):
        return len(self.names)

    def path(self, node: int) -> str:
        """'/'-rooted path of a node ('/' for the root)."""
        parts = []
        parents, names = self.parents, self.names
        while node > 0:
            parts.append(names[node])
            node = parents[node]
        return '/' + '/'.join(reversed(parts))

    def children(self, node: int):
        ends = self.ends
        child, stop = node + 1, ends[node]
        while child < stop:
            yield child
            child = ends[child]

    def child_named(self, node: int, name: str) -> int:
        names = self.names
        for child in self.children(node):
            if names[child] == name:
                return child
        return -1

    def find(self, path: str) -> int:
        """Node of a '/'-separated path (leading '/' optional), or -1."""
        node = 0
        for part in path.split('/'):
            if part and part != '.':
                node = self.child_named(node, part)
                if node < 0:
                    return -1
        return node

    def is_ancestor(self, ancestor: int, node: int) -> bool:
        return ancestor <= node < self.ends[ancestor]
