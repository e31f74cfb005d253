"""Small integer codes stored in the columnar arrays, and their public names."""

FILE, DIR, SYMLINK, HARDLINK, OTHER = range(5)
KIND_NAMES = ('file', 'dir', 'symlink', 'hardlink', 'other')

ADDED, MODIFIED, REMOVED, UNCHANGED = range(4)
STATUS_NAMES = ('added', 'modified', 'removed', 'unchanged')

HASH_SIZE = 16          # blake2b-128 of file content: collisions are not a concern here
NO_HASH = bytes(HASH_SIZE)


def same_kind_family(kind_a: int, kind_b: int) -> bool:
    """A hardlink is a regular file that shares storage; replacing one by the other
    with the same bytes is not a change of type."""
    regular = (FILE, HARDLINK)
    return kind_a == kind_b or (kind_a in regular and kind_b in regular)
