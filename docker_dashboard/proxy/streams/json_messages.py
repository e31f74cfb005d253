"""dockerd's answers of JSON lines (pull, push, load, build progress): one
JSON object a line, the lines cut anywhere by the chunks they arrive in.

One splitter for every reader of them, so that each skips the same things
(a line that is not JSON, a JSON value that is not an object) and keeps an
unfinished line until its newline."""
import json


class JsonMessages:
    """Feed it chunks; each call answers the objects the chunk completed."""

    def __init__(self):
        self._rest = b""

    def feed(self, chunk):
        lines = (self._rest + chunk).split(b"\n")
        self._rest = lines.pop()
        return [message for message in map(_decoded, lines)
                if message is not None]


def in_text(text):
    """The objects of a whole answer already read."""
    return [message for message in map(_decoded, (text or "").splitlines())
            if message is not None]


def _decoded(line):
    try:
        message = json.loads(line)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None
