"""On-disk cache of analyses, one file per image id, bounded in total size.

Recency is the file's mtime: reading an entry touches it, and when the total
size exceeds the bound the least recently used files go first. Writes go to a
temporary file then `os.replace`, so a reader never sees half a file, even with
several proxy workers sharing the folder.
"""
import os
import re
import tempfile

from .analysis import ImageAnalysis
from .serialise import CorruptCacheFile, dump, load

SUFFIX = '.analysis'
IMAGE_ID = re.compile(r'^(?:sha256:)?([0-9a-f]{64})$')


class AnalysisCache:
    def __init__(self, directory: str, max_bytes: int):
        self.directory = directory
        self.max_bytes = max_bytes
        os.makedirs(directory, exist_ok=True)

    def _path(self, image_id: str) -> str:
        match = IMAGE_ID.match(image_id)
        if not match:  # the id becomes a file name: accept nothing but a digest
            raise ValueError(f'not an image id: {image_id!r}')
        return os.path.join(self.directory, match.group(1) + SUFFIX)

    def get(self, image_id: str) -> ImageAnalysis | None:
        path = self._path(image_id)
        try:
            with open(path, 'rb') as handle:
                data = handle.read()
        except FileNotFoundError:
            return None
        try:
            analysis = load(data)
        except CorruptCacheFile:
            self._discard(path)
            return None
        try:
            os.utime(path)  # mark as recently used
        except FileNotFoundError:
            pass  # evicted meanwhile by another worker; the data we read is fine
        return analysis

    def put(self, analysis: ImageAnalysis) -> bool:
        """Store an analysis; False when it alone exceeds the size bound."""
        data = dump(analysis)
        if len(data) > self.max_bytes:
            return False
        path = self._path(analysis.image_id)
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix='.tmp')
        try:
            with os.fdopen(handle, 'wb') as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            self._discard(temporary)
            raise
        self.evict(keep=path)
        return True

    def get_or_analyse(self, image_id: str, analyse_image) -> ImageAnalysis:
        """Cached analysis, or `analyse_image()` stored for next time."""
        analysis = self.get(image_id)
        if analysis is None:
            analysis = analyse_image()
            self.put(analysis)
        return analysis

    def evict(self, keep: str | None = None):
        """Remove least recently used entries until the total fits the bound."""
        entries, total = [], 0
        with os.scandir(self.directory) as listing:
            for item in listing:
                if not item.name.endswith(SUFFIX):
                    continue
                try:
                    stat = item.stat()
                except FileNotFoundError:
                    continue
                entries.append((stat.st_mtime_ns, item.path, stat.st_size))
                total += stat.st_size
        entries.sort()
        for _, path, size in entries:
            if total <= self.max_bytes:
                break
            if path == keep:
                continue
            self._discard(path)
            total -= size

    def total_bytes(self) -> int:
        with os.scandir(self.directory) as listing:
            return sum(item.stat().st_size for item in listing if item.name.endswith(SUFFIX))

    @staticmethod
    def _discard(path: str):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
