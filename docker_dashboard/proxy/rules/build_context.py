"""A build context re-written by the proxy: dockerd reads only this tar.

The caller's context (a tar, optionally gzip, bzip2 or xz compressed) is
read entry by entry and written again as a plain uncompressed PAX tar with
headers of the proxy's making: names cleaned (never absolute, never `..`),
only files, folders and links, a symbolic link never pointing out of the
context, a hard link only to a file written before it, sizes capped. The
Dockerfile the caller named must be there exactly once, as a regular file;
the proxy's canonical Dockerfile is added at DOCKERFILE_NAME (a name the
caller's context may not use), and that is the only Dockerfile dockerd
reads. The caller's own Dockerfile stays in the context as a plain file.
"""
import bz2
import gzip
import io
import lzma
import posixpath
import tarfile
import tempfile
import zlib

from docker_dashboard.proxy.rules.errors import refuse

DOCKERFILE_NAME = ".docker-dashboard.Dockerfile"
MAX_DOCKERFILE = 1024 ** 2
IN_MEMORY = 16 * 1024 ** 2
FIELD = "context"


def clean_name(name, what="an entry"):
    """The context-relative path a tar name denotes; "" for the root."""
    if not isinstance(name, str) or "\0" in name:
        refuse(FIELD, "%s has an invalid name" % what, status=400)
    if name.startswith("/"):
        refuse(FIELD, "%s has the absolute name %r" % (what, name),
               status=400)
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        refuse(FIELD, "%s name %r leaves the context" % (what, name),
               status=400)
    return "/".join(parts)


def _link_stays_inside(member_name, target):
    if target.startswith("/"):
        return False
    joined = posixpath.normpath(posixpath.join(
        posixpath.dirname(member_name), target))
    return joined != ".." and not joined.startswith("../")


def dockerfile_path(wanted):
    """The context path of the Dockerfile the caller named (default
    `Dockerfile`)."""
    return clean_name(wanted or "Dockerfile", "dockerfile")


class Rewritten:
    """The context as the proxy writes it; `dockerfile` holds the caller's
    Dockerfile bytes. `finish(canonical)` adds the canonical Dockerfile and
    returns the file to forward (positioned at 0)."""

    def __init__(self, out, archive, dockerfile):
        self.out = out
        self.archive = archive
        self.dockerfile = dockerfile

    def finish(self, canonical):
        info = tarfile.TarInfo(DOCKERFILE_NAME)
        info.size = len(canonical)
        info.mode = 0o644
        self.archive.addfile(info, io.BytesIO(canonical))
        self.archive.close()
        self.out.seek(0)
        return self.out

    def close(self):
        self.out.close()


class _Ended:
    """The decompressed tar, its end made whole: the docker CLI writes some
    contexts (`docker build -f - DIR`) without the last entry's padding and
    without the two zero blocks that end a tar, which Go's reader (and so
    dockerd) accepts and Python's does not. Zeros are added past the real
    end; `real` counts the bytes the caller sent, so an entry whose data
    runs past them is still refused as truncated."""

    def __init__(self, raw):
        self.raw, self.real, self.tail = raw, 0, None

    def read(self, size=-1):
        if self.tail is None:
            data = self.raw.read(size)
            if data or size == 0:
                self.real += len(data)
                return data
            self.tail = b"\0" * ((-self.real) % 512 + 1024)
        data, self.tail = self.tail[:size], self.tail[size:]
        return data


def _decompressed(source):
    """dockerd's DecompressStream: gzip, bzip2, xz or a plain tar."""
    head = source.read(6)
    source.seek(0)
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=source, mode="rb")
    if head.startswith(b"BZh"):
        return bz2.BZ2File(source, mode="rb")
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(source, mode="rb")
    return source


def _kind(member):
    if member.isfile():
        return "file"
    if member.isdir():
        return "dir"
    if member.issym():
        return "symlink"
    if member.islnk():
        return "hardlink"
    return None


def rewrite(source, wanted, max_bytes, spool_dir=None):
    """Read the caller's context from the file `source`, write it again;
    a Rewritten (its Dockerfile found) or a refusal."""
    path = dockerfile_path(wanted)
    candidates = [path]
    if (wanted or "Dockerfile") == "Dockerfile":
        candidates.append("dockerfile")
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY, dir=spool_dir)
    try:
        archive = tarfile.open(fileobj=out, mode="w",
                               format=tarfile.PAX_FORMAT)
        try:
            # Streamed: each entry read once, in order (a compressed
            # context is never re-read from its start).
            ended = _Ended(_decompressed(source))
            with tarfile.open(fileobj=ended, mode="r|") as reader:
                found = _copy_all(reader, archive, candidates, max_bytes,
                                  ended)
        except Exception as error:
            if _unreadable(error):
                refuse(FIELD, "the build context is not a readable tar "
                       "archive", status=400)
            raise
        if not found and ended.real == 0:
            refuse(FIELD, "the build context is empty", status=400)
        for name in candidates:
            if name in found:
                return Rewritten(out, archive, found[name])
        refuse("dockerfile", "Cannot locate specified Dockerfile: %s"
               % (wanted or "Dockerfile"), status=400)
    except BaseException:
        out.close()
        raise


def _unreadable(error):
    """A format error of the caller's archive (not the proxy's disk)."""
    if isinstance(error, OSError) and error.errno is not None:
        return False
    return isinstance(error, (tarfile.TarError, EOFError, OSError,
                              zlib.error, lzma.LZMAError))


def _copy_all(reader, archive, candidates, max_bytes, ended):
    """Copy every entry; {name: bytes} of the Dockerfile candidates."""
    found, files, total = {}, set(), 0
    for member in reader:
        name = clean_name(member.name)
        if not name:
            continue
        if name.split("/", 1)[0] == DOCKERFILE_NAME:
            refuse(FIELD, "%s is the proxy's own name in a build context"
                   % DOCKERFILE_NAME, status=400)
        kind = _kind(member)
        if kind is None:
            refuse(FIELD, "%s is a device, a FIFO or another special file: "
                   "a build context holds files, folders and links" % name,
                   status=400)
        data = None
        if name in candidates:
            if name in found:
                refuse(FIELD, "the build context holds %s twice" % name,
                       status=400)
            if kind != "file":
                refuse(FIELD, "the Dockerfile %s must be a regular file, "
                       "not a %s" % (name, kind), status=400)
            if member.size > MAX_DOCKERFILE:
                refuse("dockerfile", "the Dockerfile is larger than %d bytes"
                       % MAX_DOCKERFILE, status=413)
            found[name] = reader.extractfile(member).read()
            data = io.BytesIO(found[name])
        if kind == "file" and member.offset_data + member.size > ended.real:
            refuse(FIELD, "%s is cut short: the build context ends inside "
                   "it" % name, status=400)
        total += member.size if kind == "file" else 0
        if total > max_bytes:
            refuse(FIELD, "the unpacked build context is larger than %d "
                   "bytes" % max_bytes, status=413)
        _copy(reader, archive, member, name, kind, files, data)
    return found


def _copy(reader, archive, member, name, kind, files, data=None):
    info = tarfile.TarInfo(name)
    info.mode = member.mode & 0o7777
    info.mtime = max(0, int(member.mtime or 0))
    info.uid = max(0, int(member.uid or 0))
    info.gid = max(0, int(member.gid or 0))
    if kind == "dir":
        info.type = tarfile.DIRTYPE
        archive.addfile(info)
    elif kind == "symlink":
        if not _link_stays_inside(name, member.linkname or ""):
            refuse(FIELD, "the link %s points out of the build context"
                   % name, status=400)
        info.type = tarfile.SYMTYPE
        info.linkname = member.linkname
        archive.addfile(info)
    elif kind == "hardlink":
        target = clean_name(member.linkname, "a link target")
        if target not in files:
            refuse(FIELD, "the hard link %s names no file written before it"
                   % name, status=400)
        info.type = tarfile.LNKTYPE
        info.linkname = target
        archive.addfile(info)
    else:
        info.size = member.size
        archive.addfile(info, data if data is not None
                        else reader.extractfile(member))
        files.add(name)

