"""The archive the proxy forwards to `docker load`, written as it reads.

Fed the caller's bytes chunk by chunk, it undoes compression, reads each
member as Go does (`reader`), checks its path, and writes anew (`writer`):
- regular files and folders with the proxy's plain headers, data streamed
  through (one chunk in memory at a time);
- links never: they are recorded, checked to stay inside the archive, and
  followed when the manifest names a path through them;
- `manifest.json`, `index.json`, `repositories` and `oci-layout` never:
  kept to be read (a second one is refused), then one new `manifest.json`
  is written from what was checked (`layout.plan`).
A path given twice (dockerd would let the later one win), a member under a
file or a link, or a file where a folder was, is refused.

Until the proxy has decided, what it forwarded is never a whole archive:
the last byte is held back, so cutting the stream (a refusal) leaves
dockerd a truncated tar it cannot load. `closing()` sends the rest.
"""
import hashlib

from docker_dashboard.proxy.rules.archive import layout
from docker_dashboard.proxy.rules.archive import writer
from docker_dashboard.proxy.rules.archive.compression import Decompress
from docker_dashboard.proxy.rules.archive.reader import FOLDER
from docker_dashboard.proxy.rules.archive.reader import GoTarReader
from docker_dashboard.proxy.rules.archive.reader import HARDLINK
from docker_dashboard.proxy.rules.archive.reader import SYMLINK
from docker_dashboard.proxy.rules.tarball import clean_link_target
from docker_dashboard.proxy.rules.tarball import clean_path
from docker_dashboard.proxy.rules.tarball import refused

# Files up to this size are hashed as they pass (a config's sha256 is the
# image id dockerd will give it); metadata files are kept up to it.
SMALL_FILE = 1024 ** 2
# A docker save holds a few files per layer; the proxy keeps every path it
# passed (to refuse a second one), so their number is capped.
MAX_MEMBERS = 50000
# dockerd reads an archive starting `BZh` as bzip2: no first name may.
BZIP2_MAGIC = "BZh"


class ArchiveRewrite:
    """feed(chunk) -> bytes to forward now; finish() -> bytes, then
    `plan` holds the decision's input; closing() -> the last bytes."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.received = 0
        self.plain_bytes = 0
        self.contents = layout.Contents()
        self.plan = None
        self._decompress = Decompress()
        self._reader = GoTarReader()
        self._held = b""
        self._current = None     # (path, hasher or None) of a file
        self._meta = None        # (name, bytearray) of a metadata file
        self._implied = set()    # folders implied by a member's path
        self._written = 0
        self._members = 0

    # -- streaming -------------------------------------------------------
    def feed(self, chunk):
        return b"".join(self.feed_pieces(chunk))

    def feed_pieces(self, chunk):
        """As `feed`, as a list of buffers (views into `chunk` among them),
        so that a layer's bytes go on without being copied here."""
        self.received += len(chunk)
        if self.received > self.max_bytes:
            raise refused("it is larger than the %d bytes allowed"
                          % self.max_bytes)
        return self._rewrite(self._decompress.feed(chunk))

    def finish(self):
        """The body ended: what is left to forward (never the last byte);
        `plan` then says what the archive would set."""
        out = b"".join(self._rewrite(self._decompress.finish()))
        self._reader.close()
        self.plan = layout.plan(self.contents)
        return out

    def closing(self):
        """Once decided: the held byte, the proxy's manifest, the end."""
        if self.plan is None:
            raise RuntimeError("closing() before finish()")
        held, self._held = self._held, b""
        return held + writer.regular_file("manifest.json",
                                          self.plan.manifest) + writer.END

    def _rewrite(self, plain):
        if not plain:
            return []
        self.plain_bytes += len(plain)
        if self.plain_bytes > self.max_bytes:
            raise refused("it unpacks to more than the %d bytes allowed"
                          % self.max_bytes)
        pieces = [self._held]
        for event, value in self._reader.feed(plain):
            if event == "data":
                self._data(value, pieces)
            elif event == "member":
                pieces.append(self._member(value))
            elif event == "end_member":
                self._member_done(pieces)
        pieces = [piece for piece in pieces if len(piece)]
        if not pieces:
            return []
        last = pieces.pop()
        self._held = bytes(last[-1:])
        if len(last) > 1:
            pieces.append(last[:-1])
        return pieces

    # -- members ---------------------------------------------------------
    def _member(self, member):
        self._members += 1
        if self._members > MAX_MEMBERS:
            raise refused("it holds more than %d members" % MAX_MEMBERS)
        path = clean_path(member.name)
        if member.kind == FOLDER and path == "":
            return b""          # "./", the archive's own root
        if path in layout.METADATA:
            return self._metadata(path, member)
        self._check_place(path, member.kind)
        contents = self.contents
        if member.kind == FOLDER:
            if path in contents.folders:
                return b""
            contents.folders.add(path)
            return self._header(path, folder=True)
        if member.kind == SYMLINK:
            contents.links[path] = clean_link_target(path, member.linkname)
            return b""
        if member.kind == HARDLINK:
            target = clean_path(member.linkname, "hard link target")
            if target not in contents.files:
                raise refused("hard link %r points to %r, which is not a "
                              "file before it" % (path, target))
            contents.links[path] = target
            return b""
        contents.files[path] = None
        hasher = hashlib.sha256() if member.size <= SMALL_FILE else None
        self._current = (path, hasher, member.size)
        return self._header(path, size=member.size)

    def _header(self, path, folder=False, size=0):
        if not self._written and path.startswith(BZIP2_MAGIC):
            raise refused("the first member's name %r reads as bzip2 "
                          "magic" % path)
        self._written += 1
        return writer.header(path, folder=folder, size=size)

    def _metadata(self, path, member):
        if member.kind != "file":
            raise refused("%s is not a plain file (a %s)" % (path,
                                                              member.kind))
        if path in self.contents.metadata:
            raise refused("the archive holds a second %s" % path)
        if member.size > SMALL_FILE:
            raise refused("%s is too large" % path)
        self.contents.metadata[path] = None
        self._meta = (path, bytearray())
        return b""

    def _check_place(self, path, kind):
        contents = self.contents
        if path in contents.files or path in contents.links:
            raise refused("member %r appears twice" % path)
        if kind != FOLDER and (path in contents.folders
                               or path in self._implied):
            raise refused("member %r is both a folder and a %s"
                          % (path, kind))
        parts = path.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if parent in contents.files or parent in contents.links or \
                    parent in layout.METADATA:
                raise refused("member %r lies under %r, which is not a "
                              "folder" % (path, parent))
            self._implied.add(parent)

    def _data(self, view, pieces):
        if self._meta is not None:
            self._meta[1].extend(view)
            return
        hasher = self._current[1]
        if hasher is not None:
            hasher.update(view)
        pieces.append(view)

    def _member_done(self, pieces):
        if self._meta is not None:
            name, data = self._meta
            self.contents.metadata[name] = bytes(data)
            self._meta = None
            return
        if self._current is None:
            return
        path, hasher, size = self._current
        self._current = None
        if hasher is not None:
            self.contents.files[path] = hasher.hexdigest()
        pieces.append(writer.padding(size))
