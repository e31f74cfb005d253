"""Turning one stream's bytes into log lines for the browser.

Payload arrives in pieces that cut lines (and UTF-8 characters) anywhere. A
`LineAssembler` per stream keeps the unfinished line until its newline, so a
stderr frame arriving in the middle of a stdout line does not break it.
"""

import dataclasses
import json

from docker_dashboard.proxy.streams.timestamps import split_timestamp

DEFAULT_MAX_LINE_BYTES = 64 * 1024
MIN_MAX_LINE_BYTES = 8


@dataclasses.dataclass(frozen=True, slots=True)
class LogLine:
    """One complete log line, as sent to the browser.

    ``text`` has no trailing newline. ``ts`` is Docker's timestamp when logs
    were requested with timestamps, else None. ``truncated`` marks a line cut at
    the length cap (the rest of it was dropped).
    """

    stream: str  # "stdout" or "stderr"
    text: str
    ts: str | None = None
    truncated: bool = False

    def to_dict(self):
        return {"stream": self.stream, "text": self.text, "ts": self.ts,
                "truncated": self.truncated}

    def to_json(self):
        # ensure_ascii=False: the WebSocket text frame is UTF-8 anyway, and log
        # text decoded with errors="replace" never holds lone surrogates.
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


class LineAssembler:
    """Splits one stream's bytes into `LogLine`s across arbitrary chunk boundaries.

    ``max_line_bytes`` caps one line's raw bytes, timestamp prefix included (the
    cap is about memory and the browser, not about what the text means).
    """

    def __init__(self, stream, max_line_bytes=DEFAULT_MAX_LINE_BYTES, timestamps=False):
        if not isinstance(max_line_bytes, int) or max_line_bytes < MIN_MAX_LINE_BYTES:
            raise ValueError(f"max_line_bytes must be an int >= {MIN_MAX_LINE_BYTES}")
        self.stream = stream
        self.max_line_bytes = max_line_bytes
        self.timestamps = timestamps
        self._partial = bytearray()
        # After cutting an over-long line we drop its bytes until the newline,
        # so memory stays bounded however long the line gets.
        self._discarding = False

    def feed(self, data):
        """Consume bytes; return the lines completed (or cut) by them."""
        lines = []
        start = 0
        while True:
            newline = data.find(b"\n", start)
            if (newline != -1 and not self._partial and not self._discarding
                    and newline - start <= self.max_line_bytes):
                # Fast path (the common case): a whole line inside this chunk
                # becomes a LogLine without passing through the partial buffer.
                raw = data[start:newline]
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
                lines.append(self._make_line(raw))
                start = newline + 1
                continue
            end = len(data) if newline == -1 else newline
            self._append(data[start:end], lines)
            if newline == -1:
                return lines
            self._end_line(lines)
            start = newline + 1

    def flush(self):
        """End of stream: return the unfinished last line, if any."""
        lines = []
        if self._partial:
            self._end_line(lines)
        self._partial.clear()
        self._discarding = False
        return lines

    def _append(self, segment, lines):
        if self._discarding or not segment:
            return
        self._partial += segment
        # One spare byte for the "\r" of a CRLF line that is exactly at the cap.
        if len(self._partial) > self.max_line_bytes + 1:
            lines.append(self._make_line(bytes(self._partial)))
            self._partial.clear()
            self._discarding = True

    def _end_line(self, lines):
        if self._discarding:
            self._discarding = False  # its first part was already emitted
            return
        raw = bytes(self._partial)
        self._partial.clear()
        if raw.endswith(b"\r"):
            # TTY output ends lines with CRLF; the CR is not part of the text.
            raw = raw[:-1]
        lines.append(self._make_line(raw))

    def _make_line(self, raw):
        truncated = len(raw) > self.max_line_bytes
        if truncated:
            raw = raw[:_utf8_safe_cut(raw, self.max_line_bytes)]
        ts = None
        if self.timestamps:
            ts, raw = split_timestamp(raw)
        return LogLine(self.stream, raw.decode("utf-8", errors="replace"), ts, truncated)


def _utf8_safe_cut(raw, limit):
    """An index <= limit that does not split a UTF-8 character, when possible.

    If the byte at ``limit`` is a continuation byte (10xxxxxx), the character it
    belongs to started at most three bytes earlier; cut before that lead byte so
    the truncated line does not end in a replacement character.
    """
    cut = limit
    while cut > limit - 3 and cut > 1 and (raw[cut] & 0xC0) == 0x80:
        cut -= 1
    if (raw[cut] & 0xC0) == 0x80:
        return limit  # not valid UTF-8 anyway; replacement characters will show it
    return cut
