"""Incremental decoders for the byte streams dockerd sends for logs and attach.

Without a TTY, Docker multiplexes stdout and stderr on one connection as frames::

    byte 0      stream type: 0 stdin, 1 stdout, 2 stderr
    bytes 1-3   zero
    bytes 4-7   payload length, big-endian uint32
    payload

With a TTY there are no frames: the raw bytes are the terminal output.

The network hands us chunks that cut through frames anywhere, including inside the
8-byte header. The decoders here are pure state machines: feed them chunks, get
``Chunk(stream, data)`` pieces back, no I/O.

A frame's payload is passed on as soon as its bytes arrive instead of being
buffered until the frame is complete. The length field is attacker-controlled
(any process in the container writes the data, and a corrupt stream can claim
4 GiB), so buffering whole frames would let one frame exhaust the proxy's memory.
The line assembler downstream joins the pieces back into lines with its own cap.
"""

import struct
import typing

HEADER_SIZE = 8
_HEADER = struct.Struct(">BBBBI")
STREAM_NAMES = {0: "stdin", 1: "stdout", 2: "stderr"}


class Chunk(typing.NamedTuple):
    stream: str  # "stdin", "stdout" or "stderr"
    data: bytes


class FrameError(ValueError):
    """The multiplexed stream is corrupt or ended inside a frame.

    ``pieces`` holds what the failing ``feed()`` call decoded before the corrupt
    header, so the last good lines can still be shown before the error.
    """

    def __init__(self, message, pieces=()):
        super().__init__(message)
        self.pieces = list(pieces)


class FrameDecoder:
    """Demultiplexes Docker's framed stdout/stderr stream, chunk by chunk."""

    def __init__(self):
        self._header = bytearray()   # partial header bytes, at most HEADER_SIZE
        self._stream = None          # stream of the frame being read, None between frames
        self._remaining = 0          # payload bytes still to come for that frame
        self._offset = 0             # bytes consumed so far, for error messages
        self._error = None           # once corrupt, stays corrupt: no resync guessing

    @property
    def at_frame_boundary(self):
        """True when the bytes fed so far end exactly after a complete frame."""
        return self._stream is None and not self._header

    def feed(self, chunk):
        """Consume ``chunk`` and return the payload bytes it carries, in order.

        Returns pieces, not frames: payload is passed on as it arrives, and
        consecutive pieces of the same stream are joined, so concatenating the
        pieces of one stream always gives that stream's bytes however the input
        was split. Zero-length frames produce nothing.

        Raises `FrameError` on a corrupt header (with the pieces decoded before
        it), and again on every later call: there is no safe way to find the next
        header in a corrupt stream.
        """
        if self._error is not None:
            raise self._error
        pieces = []
        view = memoryview(chunk)
        position = 0
        size = len(view)
        # The payloads of consecutive whole frames of one stream, as views of
        # `chunk`, joined into one piece when the stream changes or ends.
        run_stream, run = None, []
        unpack = _HEADER.unpack_from
        while position < size:
            if self._stream is None and not self._header and size - position >= HEADER_SIZE:
                # Fast path (the common case): a whole header inside this chunk
                # is read in place, without going through the partial-header
                # buffer. A bad header takes the slow path below to be reported.
                stream_type, z1, z2, z3, length = unpack(view, position)
                if stream_type in STREAM_NAMES and not (z1 or z2 or z3):
                    position += HEADER_SIZE
                    if length:
                        take = min(length, size - position)
                        stream = STREAM_NAMES[stream_type]
                        if take:
                            if stream != run_stream:
                                if run:
                                    pieces.append(Chunk(run_stream, b"".join(run)))
                                run_stream, run = stream, []
                            run.append(view[position:position + take])
                        position += take
                        if take < length:
                            self._stream, self._remaining = stream, length - take
                    continue
            if run:
                pieces.append(Chunk(run_stream, b"".join(run)))
                run_stream, run = None, []
            if self._stream is None:
                needed = HEADER_SIZE - len(self._header)
                self._header += view[position:position + needed]
                position += min(needed, len(view) - position)
                if len(self._header) == HEADER_SIZE:
                    try:
                        self._start_frame(header_offset=self._offset + position - HEADER_SIZE)
                    except FrameError as error:
                        raise FrameError(str(error), _merge_adjacent(pieces)) from None
                continue
            take = min(self._remaining, len(view) - position)
            pieces.append(Chunk(self._stream, bytes(view[position:position + take])))
            position += take
            self._remaining -= take
            if self._remaining == 0:
                self._stream = None
        if run:
            pieces.append(Chunk(run_stream, b"".join(run)))
        self._offset += len(view)
        return _merge_adjacent(pieces)

    def close(self):
        """Declare end of input; raise `FrameError` if it ended mid-frame."""
        if self._error is not None:
            raise self._error
        if self._header:
            raise FrameError(f"stream ended inside a frame header "
                             f"({len(self._header)} of {HEADER_SIZE} bytes)")
        if self._stream is not None:
            raise FrameError(f"stream ended with {self._remaining} bytes of "
                             f"{self._stream} payload missing")

    def _start_frame(self, header_offset):
        header = bytes(self._header)
        self._header.clear()
        stream_type, zero1, zero2, zero3, length = struct.unpack(">BBBBI", header)
        if stream_type not in STREAM_NAMES or (zero1, zero2, zero3) != (0, 0, 0):
            self._error = FrameError(
                f"corrupt frame header {header.hex(' ')} at byte {header_offset}: "
                "expected stream type 0-2 followed by three zero bytes "
                "(is this a TTY container? use RawDecoder)")
            raise self._error
        if length:
            self._stream = STREAM_NAMES[stream_type]
            self._remaining = length


class RawDecoder:
    """Decoder for TTY containers: no framing, everything is stdout."""

    at_frame_boundary = True

    def feed(self, chunk):
        return [Chunk("stdout", bytes(chunk))] if chunk else []

    def close(self):
        pass


def make_decoder(tty):
    """The right decoder for a container, from its ``Config.Tty``."""
    return RawDecoder() if tty else FrameDecoder()


def _merge_adjacent(pieces):
    # Docker writes one frame per log message, so a chunk often holds many small
    # frames of the same stream; joining them saves work downstream.
    runs = []  # (stream, [data, ...])
    for piece in pieces:
        if runs and runs[-1][0] == piece.stream:
            runs[-1][1].append(piece.data)
        else:
            runs.append((piece.stream, [piece.data]))
    return [Chunk(stream, b"".join(parts)) for stream, parts in runs]
