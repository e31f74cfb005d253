"""Layer analysis of `docker save` archives, in one streaming pass.

    analysis = analyse(stream)                 # ImageAnalysis
    analysis.layers                            # [LayerSummary]
    analysis.efficiency, analysis.wasted_bytes, analysis.top_wasters(20)
    analysis.list_dir(layer_index, '/etc', aggregate=False)   # [DirEntry]
    compare(parent, child)                     # ImageComparison
    AnalysisCache(folder, max_bytes).get_or_analyse(image_id, lambda: analyse(stream))
"""
from .analysis import ImageAnalysis, LayerSummary, WastedFile, analyse, analyse_archive
from .cache import AnalysisCache
from .compare import FileDifference, ImageComparison, compare
from .errors import (ArchiveLimitExceeded, ImageNotFound, InvalidImageArchive,
                     LayerAnalysisError, PathNotFound, TruncatedArchiveError,
                     UnsafeArchiveError)
from .limits import Limits
from .views import DirEntry

__all__ = [
    'AnalysisCache', 'ArchiveLimitExceeded', 'DirEntry', 'FileDifference', 'ImageAnalysis',
    'ImageComparison', 'ImageNotFound', 'InvalidImageArchive', 'LayerAnalysisError',
    'LayerSummary', 'Limits', 'PathNotFound', 'TruncatedArchiveError', 'UnsafeArchiveError',
    'WastedFile', 'analyse', 'analyse_archive', 'compare',
]
