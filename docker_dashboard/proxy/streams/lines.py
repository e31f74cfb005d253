"""Turning one stream's bytes into log lines for the browser.

Payload arrives in pieces that cut lines (and UTF-8 characters) anywhere. A
`LineAssembler` per stream keeps the unfinished line until its newline, so a
stderr frame arriving in the middle of a stdout line does not break it.
"""

import json
import re
import typing

from docker_dashboard.proxy.streams.timestamps import LINE_PREFIX
from docker_dashboard.proxy.streams.timestamps import split_timestamp

DEFAULT_MAX_LINE_BYTES = 64 * 1024
MIN_MAX_LINE_BYTES = 8


# Whole timestamped lines of decoded text, each from its start: the
# timestamp split_timestamp takes, then a space and the text, or nothing.
_STAMPED_LINES = re.compile(r"^(" + LINE_PREFIX + r")(?: ([^\n]*)|)\n",
                            re.MULTILINE)
# The same where lines may end in CRLF (a TTY's): one CR before the newline
# is not part of the text, as `_end_line` strips it.
_STAMPED_CRLF_LINES = re.compile(
    r"^(" + LINE_PREFIX + r")(?: ([^\n]*?)|)\r?\n", re.MULTILINE)


class LogLine(typing.NamedTuple):
    """One complete log line, as sent to the browser.

    ``text`` has no trailing newline. ``ts`` is Docker's timestamp when logs
    were requested with timestamps, else None. ``truncated`` marks a line cut at
    the length cap (the rest of it was dropped). A tuple: a busy log makes
    hundreds of thousands a second.
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
        if self._partial or self._discarding:
            # The line the last chunk left unfinished ends first.
            newline = data.find(b"\n")
            if newline == -1:
                self._append(data, lines)
                return lines
            self._append(data[:newline], lines)
            self._end_line(lines)
            start = newline + 1
        start = self._take_stamped_lines(data, start, lines)
        while True:
            newline = data.find(b"\n", start)
            if (newline != -1 and not self._partial and not self._discarding
                    and newline - start <= self.max_line_bytes):
                # A whole line inside this chunk becomes a LogLine without
                # passing through the partial buffer.
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

    def _take_stamped_lines(self, data, start, lines):
        """The common case of a followed log, many lines at once: whole
        timestamped lines from `start`, each window of at most the cap's
        bytes (so no line in it is over the cap) decoded and split in one
        pass. Appends the same lines the loop of `feed` would make and
        returns where they end; stops at the first window with a line of
        another form (no timestamp), which `feed` then takes line by
        line."""
        if not self.timestamps:
            return start
        pattern = _STAMPED_CRLF_LINES if b"\r" in data else _STAMPED_LINES
        stream = self.stream
        while True:
            last = data.rfind(b"\n", start, start + self.max_line_bytes)
            if last == -1:
                return start
            # Cut after a newline: no UTF-8 character is split, and a bad
            # byte is replaced as it would be in its own line.
            text = data[start:last + 1].decode("utf-8", errors="replace")
            found = pattern.findall(text)
            if len(found) != text.count("\n"):
                return start
            lines += [LogLine(stream, line, ts, False) for ts, line in found]
            start = last + 1

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
