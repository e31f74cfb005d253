"""Opening tar archives for a strictly sequential, bounded read."""
import tarfile

from .errors import InvalidImageArchive, TruncatedArchiveError
from .streams import CHUNK


class StrictTarInfo(tarfile.TarInfo):
    """tarfile silently stops at a damaged or missing header after the first one,
    which would turn a truncated layer into a shorter valid-looking one. Here only
    a zero block (the real end marker) may end the archive."""

    @classmethod
    def frombuf(cls, buf, encoding, errors):
        try:
            return super().frombuf(buf, encoding, errors)
        except tarfile.EOFHeaderError:
            raise
        except (tarfile.EmptyHeaderError, tarfile.TruncatedHeaderError):
            raise TruncatedArchiveError('tar data ends before its end-of-archive marker') from None
        except tarfile.HeaderError as exc:
            raise InvalidImageArchive(f'corrupt tar header ({exc})') from None


def open_tar_stream(reader):
    """A TarFile reading `reader` front to back, never seeking."""
    return tarfile.open(fileobj=reader, mode='r|', bufsize=CHUNK, tarinfo=StrictTarInfo)


def iter_members(tar):
    """Yield members one by one. Stream mode never looks back, but tarfile still
    keeps every TarInfo it returned; dropping them keeps memory flat however many
    entries the archive has. The caller must consume a member's data (or not)
    before asking for the next one."""
    while True:
        member = tar.next()
        if member is None:
            return
        tar.members.clear()
        yield member


class BoundedReader:
    """The data of the current member of a stream-mode tar, read straight from
    the tar's own stream (cheaper than extractfile's buffered wrapper)."""

    def __init__(self, stream, size: int, what: str):
        self._stream = stream
        self._remaining = size
        self._what = what

    def read(self, size=-1):
        if size is None or size < 0 or size > self._remaining:
            size = self._remaining
        if not size:
            return b''
        data = self._stream.read(size)
        if len(data) < size:
            raise TruncatedArchiveError(f'{self._what} is cut short')
        self._remaining -= len(data)
        return data
