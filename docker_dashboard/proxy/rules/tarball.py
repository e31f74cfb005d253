"""Checks of an untrusted `docker save` tarball, as its bytes pass.

A tarball from Glance was uploaded by anyone who could write to Glance, so it
is read as it streams (never buffered whole) and refused when:
- a member's path or a link's target escapes the archive (absolute, `..`),
- a member is a device, a FIFO or anything but files, folders and links,
- the metadata Docker reads tags from is not a plain file or is too large,
- the stream is larger than the configured cap,
- a header is corrupt (Docker would refuse it too, later).
Which tags it would set is answered by `repo_tags()` once the whole archive
has passed; whether the caller may set them is `rules/images.py`'s decision.

`safe_limit` says how many bytes may go on to `docker load` before the
decision: never the end-of-archive marker, and never a prefix that is itself
a complete tar (so cutting the upload there can only fail the load).
"""
import json
import posixpath

from docker_dashboard.proxy.rules.errors import Refused

BLOCK = 512
# Files Docker reads the image list and tags from: kept whole to be checked.
TAG_FILES = ("manifest.json", "repositories", "index.json")
MAX_TAG_FILE_BYTES = 1024 ** 2
# Members that are fine in a docker save (files, hard and symbolic links,
# folders) and the pax/GNU headers that carry long names.
REGULAR, HARDLINK, SYMLINK, FOLDER = b"0", b"1", b"2", b"5"
PAX, GNU_LONG_NAME, GNU_LONG_LINK = b"x", b"L", b"K"
ALLOWED_TYPES = {REGULAR, b"\0", b"7", HARDLINK, SYMLINK, FOLDER}
# After the end marker a tar may carry zero padding up to a record; more than
# this is not a docker save.
MAX_TRAILER_BYTES = 64 * 1024


def refused(message):
    return Refused(422, "Refused image archive: %s" % message, field="archive")


def clean_path(name, what="member"):
    """The archive-relative path `name` denotes, or a refusal when it would
    land outside the folder the archive is unpacked into."""
    if not name or "\0" in name:
        raise refused("a %s has an empty or invalid name" % what)
    if name.startswith("/") or "\\" in name:
        raise refused("%s path %r is absolute or uses backslashes"
                      % (what, name))
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise refused("%s path %r escapes the archive" % (what, name))
    return "/".join(parts)


def clean_link_target(member, target):
    """A symbolic link's target, resolved from the member's folder, must stay
    inside the archive."""
    if target.startswith("/"):
        raise refused("link %r points to the absolute path %r"
                      % (member, target))
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(member),
                                               target))
    if joined == ".." or joined.startswith("../"):
        raise refused("link %r points outside the archive (%r)"
                      % (member, target))
    return joined


def _octal(field):
    field = field.rstrip(b"\0 ").lstrip(b" ")
    if field[:1] and field[0] & 0x80:
        # base-256, used by GNU and Go tar for sizes past 8 GiB
        value = int.from_bytes(field, "big") & ~(0x80 << (8 * (len(field) - 1)))
        return value
    try:
        return int(field or b"0", 8)
    except ValueError:
        raise refused("a header has a corrupt number field") from None


def _checksum_ok(block):
    stored = _octal(block[148:156])
    unsigned = sum(block[:148]) + 8 * 32 + sum(block[156:])
    return stored == unsigned


def _text(raw):
    return raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def _pax_records(data):
    """key -> value from a pax extended header's records."""
    records, pos = {}, 0
    while pos < len(data):
        space = data.find(b" ", pos)
        if space < 0:
            raise refused("a pax header is corrupt")
        try:
            length = int(data[pos:space])
        except ValueError:
            raise refused("a pax header is corrupt") from None
        if length <= 0 or pos + length > len(data):
            raise refused("a pax header is corrupt")
        record = data[space + 1:pos + length - 1]
        key, _, value = record.partition(b"=")
        records[key.decode("utf-8", "replace")] = value.decode(
            "utf-8", "surrogateescape")
        pos += length
    return records


class TarballCheck:
    """Feed the stream's bytes in order; refusals raise as soon as the bytes
    that justify them have passed."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.received = 0
        self.ended = False
        self.end_offset = None
        self.tag_files = {}
        self.members = 0
        self._pending = bytearray()
        # What the parser waits for: a header block, or `_left` bytes of a
        # member's data (+ padding), some of which may be kept.
        self._left = 0
        self._keep = None          # bytearray collecting a kept member
        self._keep_as = None       # what the kept bytes are for
        self._keep_size = 0
        self._overrides = {}       # pax / GNU long names for the next member

    # -- feeding ---------------------------------------------------------
    def feed(self, chunk):
        self.received += len(chunk)
        if self.received > self.max_bytes:
            raise refused("it is larger than the %d bytes allowed"
                          % self.max_bytes)
        if self.ended:
            if self.received - self.end_offset > MAX_TRAILER_BYTES:
                raise refused("data follows the end of the archive")
            return
        self._pending += chunk
        self._consume()

    def finish(self):
        """The stream ended: it must have ended as a whole archive."""
        if not self.ended:
            raise refused("the archive is truncated")
        if "manifest.json" not in self.tag_files and \
                "repositories" not in self.tag_files:
            raise refused("it is not a docker save archive (no manifest.json)")

    @property
    def safe_limit(self):
        """How many of the received bytes may be forwarded now."""
        if self.ended:
            return self.end_offset - 1
        return max(self.received - 1, 0)

    def _consume(self):
        base = self.received - len(self._pending)
        pos = 0
        pending = self._pending
        while not self.ended:
            if self._left:
                take = min(self._left, len(pending) - pos)
                if take == 0:
                    break
                if self._keep is not None:
                    room = self._keep_size - len(self._keep)
                    self._keep += pending[pos:pos + min(take, max(room, 0))]
                pos += take
                self._left -= take
                if self._left == 0 and self._keep is not None:
                    self._kept_member_done()
                continue
            if len(pending) - pos < BLOCK:
                break
            block = bytes(pending[pos:pos + BLOCK])
            if block == bytes(BLOCK):
                self.ended = True
                self.end_offset = base + pos
                pos += BLOCK
                break
            pos += BLOCK
            self._header(block)
        del pending[:pos]

    # -- headers ---------------------------------------------------------
    def _header(self, block):
        if not _checksum_ok(block):
            raise refused("a tar header is corrupt (bad checksum)")
        kind = block[156:157]
        size = _octal(block[124:136])
        padded = -(-size // BLOCK) * BLOCK
        if kind in (PAX, GNU_LONG_NAME, GNU_LONG_LINK):
            if size > MAX_TAG_FILE_BYTES:
                raise refused("an extended header is too large")
            self._start_keep(kind, size, padded)
            return
        if kind == b"g":
            raise refused("global pax headers are not used by docker save")
        self.members += 1
        name = _text(block[0:100])
        if block[257:262] == b"ustar" and block[345:500].strip(b"\0"):
            name = _text(block[345:500]) + "/" + name
        linkname = _text(block[157:257])
        overrides, self._overrides = self._overrides, {}
        name = overrides.get("path", name)
        linkname = overrides.get("linkpath", linkname)
        if "size" in overrides:
            try:
                size = int(overrides["size"])
            except ValueError:
                raise refused("a pax size is corrupt") from None
            padded = -(-size // BLOCK) * BLOCK
        if kind not in ALLOWED_TYPES:
            raise refused("member %r is a device, FIFO or other special "
                          "file" % name)
        path = clean_path(name)
        if kind == SYMLINK:
            clean_link_target(path, linkname)
        elif kind == HARDLINK:
            clean_path(linkname, "hard link target")
        if path in TAG_FILES:
            if kind not in (REGULAR, b"\0", b"7"):
                raise refused("%s is not a plain file" % path)
            if size > MAX_TAG_FILE_BYTES:
                raise refused("%s is too large" % path)
            self._start_keep(path, size, padded)
            return
        if kind in (REGULAR, b"\0", b"7"):
            self._left = padded

    def _start_keep(self, what, size, padded):
        self._keep, self._keep_as, self._keep_size = bytearray(), what, size
        self._left = padded
        if padded == 0:
            self._kept_member_done()

    def _kept_member_done(self):
        data, what = bytes(self._keep), self._keep_as
        self._keep = self._keep_as = None
        if what == PAX:
            self._overrides.update(_pax_records(data))
        elif what == GNU_LONG_NAME:
            self._overrides["path"] = _text(data)
        elif what == GNU_LONG_LINK:
            self._overrides["linkpath"] = _text(data)
        else:
            self.tag_files[what] = data

    # -- what the archive would do ---------------------------------------
    def _json(self, name):
        raw = self.tag_files.get(name)
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise refused("%s is not valid JSON" % name) from None

    def repo_tags(self):
        """Every repo:tag the archive would set, from each file Docker (any
        version) reads tags from."""
        tags = []
        for entry in self._json("manifest.json") or []:
            if not isinstance(entry, dict):
                raise refused("manifest.json has an invalid entry")
            tags += [t for t in entry.get("RepoTags") or []]
        repositories = self._json("repositories") or {}
        if not isinstance(repositories, dict):
            raise refused("repositories is not an object")
        for repo, by_tag in repositories.items():
            for tag in (by_tag or {}):
                tags.append("%s:%s" % (repo, tag))
        index = self._json("index.json") or {}
        for entry in (index.get("manifests") or []
                      if isinstance(index, dict) else []):
            notes = (entry or {}).get("annotations") or {}
            name = notes.get("io.containerd.image.name")
            if name:
                tags.append(name)
        if not all(isinstance(t, str) and t for t in tags):
            raise refused("a tag in the archive is not a string")
        return sorted(set(tags))

    def image_ids(self):
        """The image ids manifest.json gives (`<hex>.json` config names)."""
        ids = []
        for entry in self._json("manifest.json") or []:
            config = str(entry.get("Config") or "")
            digest = config.rsplit("/", 1)[-1].replace(".json", "")
            if len(digest) == 64:
                ids.append("sha256:" + digest)
        return ids
