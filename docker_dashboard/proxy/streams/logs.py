"""One object that turns dockerd's log/attach byte stream into `LogLine`s.

This is what the proxy's WebSocket handler drives: feed it every chunk read from
dockerd, send the returned lines, call `close()` when dockerd ends the stream.
"""

from docker_dashboard.proxy.streams.frames import FrameError, make_decoder
from docker_dashboard.proxy.streams.lines import DEFAULT_MAX_LINE_BYTES, LineAssembler

# Docker documents that stdin frames carry data "written on stdout".
_LINE_STREAM_FOR = {"stdin": "stdout", "stdout": "stdout", "stderr": "stderr"}


class LogStreamError(ValueError):
    """The stream was corrupt or cut mid-frame; ``lines`` are the good lines
    decoded before the problem, to send before reporting it."""

    def __init__(self, message, lines):
        super().__init__(message)
        self.lines = lines


class LogStreamParser:
    """Decoder (framed or TTY) plus one `LineAssembler` per output stream."""

    def __init__(self, tty, timestamps=False, max_line_bytes=DEFAULT_MAX_LINE_BYTES):
        self._decoder = make_decoder(tty)
        self._assemblers = {
            name: LineAssembler(name, max_line_bytes=max_line_bytes, timestamps=timestamps)
            for name in ("stdout", "stderr")}

    def feed(self, chunk):
        """Return the lines completed by ``chunk``, in the order they completed."""
        try:
            pieces = self._decoder.feed(chunk)
        except FrameError as error:
            lines = self._assemble(error.pieces) + self._flush()
            raise LogStreamError(str(error), lines) from error
        return self._assemble(pieces)

    def close(self):
        """End of stream: return unfinished last lines (stdout first)."""
        lines = self._flush()
        try:
            self._decoder.close()
        except FrameError as error:
            raise LogStreamError(str(error), lines) from error
        return lines

    def _assemble(self, pieces):
        lines = []
        for piece in pieces:
            lines += self._assemblers[_LINE_STREAM_FOR[piece.stream]].feed(piece.data)
        return lines

    def _flush(self):
        return self._assemblers["stdout"].flush() + self._assemblers["stderr"].flush()
