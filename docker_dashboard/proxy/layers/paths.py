"""Validation and normalisation of member names found in tar archives.

Nothing is ever extracted, but paths are still refused when they would escape the
archive root: the same names may later be used by tools that do extract, and an
archive that contains them is not something `docker save` produces.
"""
from .errors import ArchiveLimitExceeded, UnsafeArchiveError
from .limits import Limits


def normalise_member_path(name: str, limits: Limits, where: str) -> str:
    """Return `name` as a clean relative path ('' for the root itself).

    Leading './' and trailing '/' are dropped and empty or '.' components are
    collapsed (tar writers differ on these); absolute paths and '..' are refused.
    """
    if name.startswith('/'):
        raise UnsafeArchiveError(f'{where}: absolute path {name!r} in archive')
    if len(name) > limits.max_path_length:
        raise ArchiveLimitExceeded(f'{where}: path longer than {limits.max_path_length}')
    parts = [p for p in name.split('/') if p and p != '.']
    if '..' in parts:
        raise UnsafeArchiveError(f'{where}: path {name!r} escapes the archive')
    if len(parts) > limits.max_path_depth:
        raise ArchiveLimitExceeded(f'{where}: path deeper than {limits.max_path_depth}')
    if '\0' in name:
        raise UnsafeArchiveError(f'{where}: NUL byte in path {name!r}')
    return '/'.join(parts)


def resolve_relative(base_dir: str, target: str, limits: Limits, where: str) -> str:
    """Resolve a symlink target found in the outer archive against its folder,
    refusing anything that leaves the archive (legacy saves link duplicate layers
    as `../<id>/layer.tar`)."""
    if target.startswith('/'):
        raise UnsafeArchiveError(f'{where}: absolute link target {target!r}')
    parts = [p for p in base_dir.split('/') if p]
    for part in target.split('/'):
        if part in ('', '.'):
            continue
        if part == '..':
            if not parts:
                raise UnsafeArchiveError(f'{where}: link target {target!r} escapes the archive')
            parts.pop()
        else:
            parts.append(part)
    return normalise_member_path('/'.join(parts), limits, where)
