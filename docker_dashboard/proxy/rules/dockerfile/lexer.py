"""A Dockerfile's bytes as logical lines, as dockerd 20.10 splits them.

Facts of that grammar (BuildKit v0.8's parser, vendored into dockerd 20.10):
- lines end at `\\n`, a trailing `\\r` is dropped; a UTF-8 byte-order mark
  is dropped from the first line only;
- parser directives (`# escape=`, `# syntax=`) are read only until the
  first line that is not one (an empty line, any other comment, an unknown
  directive such as `# check=` in 20.10, an instruction); each at most once;
  `escape` is a backslash or a backtick;
- a line whose last non-blank character is the escape character (not itself
  escaped) continues on the next line; inside a continuation, comment lines
  and blank lines are skipped; the file may end inside a continuation;
- a comment is a line whose first non-blank character is `#`.

The proxy refuses what it would have to guess about: bytes that are not
UTF-8, control characters other than tab, and whitespace other than space
and tab (dockerd's Go code treats some of them as spaces in one place and
not in another).
"""
import re

from docker_dashboard.proxy.rules.errors import refuse as _refuse

BOM = "\ufeff"
DIRECTIVES = ("escape", "syntax")
DIRECTIVE = re.compile(
    r"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
# Go's bufio.Scanner refuses a line of 64 KiB or more.
MAX_LINE = 64 * 1024 - 1
# Characters dockerd's Go code reads as spaces, or not, depending on where.
_ODD = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\xa0\u1680\u2000-\u200a"
                  "\u2028\u2029\u202f\u205f\u3000\ufeff]")


def invalid(field, message, status=400):
    """A Dockerfile the proxy does not understand, or dockerd would not
    take: 400 (a decision against a valid one is `errors.refuse`, 403)."""
    _refuse(field, message, status=status)


refuse = invalid


class Lines:
    """The logical lines (text, first line number) and the escape token."""

    def __init__(self, lines, escape, syntax):
        self.lines = lines
        self.escape = escape
        self.syntax = syntax


def _text_lines(data, field):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        refuse(field, "the Dockerfile is not UTF-8 text")
    raw = text.split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    out = []
    for number, line in enumerate(raw):
        if line.endswith("\r"):
            line = line[:-1]
        if number == 0 and line.startswith(BOM):
            line = line[1:]
        if len(line.encode("utf-8")) > MAX_LINE:
            refuse(field, "line %d is longer than dockerd reads"
                   % (number + 1))
        if _ODD.search(line):
            refuse(field, "line %d holds a control character or a space "
                   "other than space and tab" % (number + 1))
        out.append(line)
    return out


def is_comment(line):
    return line.lstrip(" \t").startswith("#")


def _continues(line, escape):
    """(line without its continuation, True) when it continues."""
    stripped = line.rstrip(" \t")
    if not stripped.endswith(escape):
        return line, False
    body = stripped[:-1]
    if body and body.endswith(escape):
        # An escaped escape character: not a continuation.
        return line, False
    return body, True


def split(data, field="Dockerfile"):
    """The logical lines of a Dockerfile (bytes or str)."""
    escape, syntax, seen, done = "\\", None, set(), False
    lines = []
    raw = _text_lines(data, field)
    index = 0
    while index < len(raw):
        line = raw[index].lstrip(" \t")
        number = index + 1
        index += 1
        if not done:
            found = DIRECTIVE.match(line)
            name = found.group(1).lower() if found else None
            if name in DIRECTIVES:
                if name in seen:
                    refuse(field, "only one %s parser directive can be used"
                           % name)
                seen.add(name)
                if name == "escape":
                    if found.group(2) not in ("\\", "`"):
                        refuse(field, "invalid escape token %r: use ` or \\"
                               % found.group(2))
                    escape = found.group(2)
                else:
                    syntax = found.group(2)
            else:
                done = True
        if line.startswith("#"):
            continue
        text, more = _continues(line, escape)
        if not more and text == "":
            continue
        while more and index < len(raw):
            piece = raw[index]
            index += 1
            done = True
            if is_comment(piece) or piece.strip(" \t") == "":
                continue
            part, more = _continues(piece, escape)
            text += part
        lines.append((text, number))
    return Lines(lines, escape, syntax)
