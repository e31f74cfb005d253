"""Exceptions raised while analysing a `docker save` archive.

Everything derives from LayerAnalysisError so the proxy can map the whole family
to one HTTP error class, and the subclasses let it tell "your archive is bad" (4xx)
from "we refused on purpose" (limits, unsafe paths).
"""


class LayerAnalysisError(Exception):
    """Base class for every error of the layer-analysis engine."""


class InvalidImageArchive(LayerAnalysisError):
    """The archive is not a usable `docker save` output (missing manifest, bad JSON,
    a referenced blob is absent, a digest does not match its content...)."""


class TruncatedArchiveError(InvalidImageArchive):
    """The outer archive, a compressed layer or a layer tar ends before its end marker."""


class UnsafeArchiveError(LayerAnalysisError):
    """A member name or hardlink target escapes the archive (absolute path or `..`)."""


class ArchiveLimitExceeded(LayerAnalysisError):
    """The archive exceeds one of the caps in `Limits` (entries, sizes, depth...)."""


class ImageNotFound(LayerAnalysisError):
    """The requested image is not in the archive, or several are and none was chosen."""


class PathNotFound(LayerAnalysisError, KeyError):
    """`list_dir` was asked for a folder that does not exist in the requested view."""

    def __str__(self):  # KeyError would otherwise print the repr of the message
        return str(self.args[0]) if self.args else ''
