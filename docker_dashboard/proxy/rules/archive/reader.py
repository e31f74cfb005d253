"""A tar stream read member by member the way Go's `archive/tar` reads it.

Fed in chunks of any size, it yields what Go's `Reader.Next` would return:
members with their PAX and GNU long names merged, then their data. Where
Go and Python's `tarfile` part ways, or where the input is unusual for a
`docker save` (sparse files, global PAX headers, typeflags other than
files, folders and links, two extended headers for one member, data after
the end), it refuses rather than pick one reading.

Facts followed (Go's reader.go): a PAX header replaces the previous one's
records; a GNU long name or link ('L', 'K') overrides the PAX path; header-
only types (links, folders, devices) carry no data whatever their size;
one zero block followed by the end of input, or two zero blocks, end the
archive, and a zero block followed by anything else is an error.
"""
from dataclasses import dataclass

from docker_dashboard.proxy.rules.archive import headers
from docker_dashboard.proxy.rules.tarball import refused

BLOCK = headers.BLOCK
REGULAR, HARDLINK, SYMLINK, FOLDER = "file", "hardlink", "symlink", "folder"
KINDS = {b"0": REGULAR, b"\0": REGULAR, b"1": HARDLINK, b"2": SYMLINK,
         b"5": FOLDER}
SPECIAL = {b"3": "a character device", b"4": "a block device",
           b"6": "a FIFO", b"7": "a contiguous file", b"S": "a sparse file",
           b"V": "a volume label", b"M": "a multi-volume part",
           b"D": "a GNU dump directory", b"N": "an old GNU long name"}
META = (b"x", b"L", b"K")
# Go reads at most this much of a PAX or GNU long-name header.
MAX_META_BYTES = 1024 ** 2
# After the end marker a tar may carry zero padding up to its record size.
MAX_TRAILER_BYTES = 64 * 1024


@dataclass
class Member:
    name: str
    kind: str
    size: int
    linkname: str = ""


def _padding(size):
    return -size % BLOCK


class GoTarReader:
    """feed(chunk) -> [("member", Member) | ("data", bytes) |
    ("end_member", None) | ("end", None)]; close() once the input ended."""

    def __init__(self):
        self._pending = bytearray()
        self._state = "header"
        self._left = 0          # data bytes of the current member
        self._pad = 0           # padding bytes after it
        self._meta = None       # bytearray of a PAX/GNU header being read
        self._meta_kind = None
        self._pax = None        # records of the PAX header before a member
        self._long = {}         # 'L'/'K' values before a member
        self._trailer = 0
        self.ended = False

    # -- feeding ---------------------------------------------------------
    def feed(self, chunk):
        events = []
        view = memoryview(chunk)
        pos = 0
        while pos < len(view):
            if self._state == "data":
                take = min(self._left, len(view) - pos)
                if take:
                    events.append(("data", view[pos:pos + take]))
                    pos += take
                    self._left -= take
                if self._left == 0:
                    events.append(("end_member", None))
                    self._state = "pad"
                continue
            if self._state == "pad":
                take = min(self._pad, len(view) - pos)
                pos += take
                self._pad -= take
                if self._pad == 0:
                    self._state = "header"
                continue
            if self._state == "meta":
                take = min(self._left, len(view) - pos)
                self._meta += view[pos:pos + take]
                pos += take
                self._left -= take
                if self._left == 0:
                    self._meta_done()
                    self._state = "pad" if self._pad else "header"
                continue
            if self._state == "ended":
                rest = view[pos:]
                self._trailer += len(rest)
                if self._trailer > MAX_TRAILER_BYTES or any(rest):
                    raise refused("data follows the end of the archive")
                pos = len(view)
                continue
            # "header" or "zero": whole blocks only
            need = BLOCK - len(self._pending)
            take = min(need, len(view) - pos)
            self._pending += view[pos:pos + take]
            pos += take
            if len(self._pending) < BLOCK:
                continue
            block = bytes(self._pending)
            self._pending.clear()
            if self._state == "zero":
                if block != headers.ZERO_BLOCK:
                    raise refused("a zero block is followed by more "
                                  "headers (Go stops with an error there)")
                self._end(events)
            elif block == headers.ZERO_BLOCK:
                self._state = "zero"
            else:
                self._header(block, events)
        return events

    def close(self):
        """The input ended: it must end on the archive's end marker."""
        if self._state == "zero" and not self._pending:
            self._end([])
        if not self.ended:
            raise refused("the archive is truncated (it lacks the "
                          "end-of-archive marker)")

    def _end(self, events):
        if self._pax is not None or self._long:
            raise refused("an extended header is not followed by a member")
        self._state = "ended"
        self.ended = True
        events.append(("end", None))

    # -- headers ---------------------------------------------------------
    def _header(self, block, events):
        header = headers.parse(block)
        if header.kind in META:
            if header.size > MAX_META_BYTES:
                raise refused("an extended header is too large")
            self._meta_kind = header.kind
            self._meta = bytearray()
            self._left, self._pad = header.size, _padding(header.size)
            if header.size == 0:
                self._meta_done()
            else:
                self._state = "meta"
            return
        if header.kind == b"g":
            raise refused("global pax headers are not used by docker save "
                          "(Go passes them on, Python applies them)")
        pax, self._pax = self._pax or {}, None
        long, self._long = self._long, {}
        name, linkname, size = header.name, header.linkname, header.size
        if "path" in pax and "path" in long or \
                "linkpath" in pax and "linkpath" in long:
            raise refused("a member has both a pax and a GNU long name")
        name = long.get("path") or pax.get("path", name)
        linkname = long.get("linkpath") or pax.get("linkpath", linkname)
        if "size" in pax:
            size = int(pax["size"])
        kind = KINDS.get(header.kind)
        if kind is None:
            special = SPECIAL.get(header.kind, "of unknown type %r"
                                  % header.kind.decode("latin-1"))
            raise refused("member %r is a device, FIFO or other special "
                          "file (%s)" % (name, special))
        if name.endswith("/") and kind != FOLDER:
            raise refused("member %r ends with a slash but is not a "
                          "folder (tar readers disagree on it)" % name)
        if kind != REGULAR and size:
            raise refused("member %r is a %s with a size" % (name, kind))
        events.append(("member", Member(name, kind, size, linkname)))
        if kind == REGULAR and size:
            self._left, self._pad = size, _padding(size)
            self._state = "data"
        else:
            events.append(("end_member", None))

    def _meta_done(self):
        data, kind = bytes(self._meta), self._meta_kind
        self._meta = self._meta_kind = None
        if kind == b"x":
            if self._pax is not None:
                raise refused("two pax headers precede one member")
            self._pax = headers.pax_records(data)
            return
        key = "path" if kind == b"L" else "linkpath"
        if key in self._long:
            raise refused("two GNU long names precede one member")
        value = headers.cstring(data).decode("latin-1")
        if not value:
            raise refused("a GNU long name is empty")
        self._long[key] = value
