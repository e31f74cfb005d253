"""One logical line as dockerd 20.10 reads it: the instruction's name, its
`--flags`, and its arguments, by the rules of each instruction.

The rules (BuildKit v0.8's parser, vendored into dockerd 20.10):
- the name is the first word, in any case;
- flags are the leading words that start with `--` (a word `--` ends them);
  inside them a backslash escapes the next character and quotes group, so
  `--fr\\om="x"` is `--from=x`;
- ADD, COPY, VOLUME: a JSON array of strings, else words split on blanks;
  RUN, CMD, ENTRYPOINT, SHELL: a JSON array of strings, else the whole rest;
  ENV, LABEL: `key value` or `key=value ...` words (quotes and escapes kept
  for the evaluator); ARG: words; EXPOSE, FROM: words split on blanks;
  HEALTHCHECK: a type, then like CMD; ONBUILD: an instruction of its own;
  MAINTAINER, STOPSIGNAL, USER, WORKDIR: the whole rest;
- a JSON array is read with Go's decoder: the first JSON value, whatever
  follows it ignored; an array holding something else than strings is an
  error, anything else that is not JSON falls back to the other form.
"""
import json
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from docker_dashboard.proxy.rules.dockerfile import lexer
from docker_dashboard.proxy.rules.dockerfile.lexer import invalid as refuse

BLANKS = re.compile(r"[ \t]+")
NAME = re.compile(r"^[A-Za-z]+$")

JSON_OR_WORDS = ("add", "copy", "volume")
JSON_OR_STRING = ("run", "cmd", "entrypoint", "shell")
KEY_VALUES = ("env", "label")
STRINGS = ("maintainer", "stopsignal", "user", "workdir")
BLANK_SPLIT = ("expose", "from")
KNOWN = (JSON_OR_WORDS + JSON_OR_STRING + KEY_VALUES + STRINGS + BLANK_SPLIT
         + ("arg", "healthcheck", "onbuild"))


@dataclass(frozen=True)
class Node:
    """One instruction as parsed: `args` are the parser's leaves (words,
    key/value pairs flattened, or the rest as one string); `json` says the
    JSON form was used; `sub` is ONBUILD's own instruction."""
    cmd: str
    flags: tuple
    rest: str
    args: tuple
    json: bool = False
    line: int = 0
    sub: "Node" = None
    original: str = dataclass_field(default="", compare=False)


def extract_flags(line, field="Dockerfile"):
    """(rest, flag words) as dockerd's extractBuilderFlags reads them."""
    words, word, pos, phase = [], "", 0, "spaces"
    quote, blank_ok, n = "", False, len(line)
    while pos <= n:
        ch = line[pos] if pos < n else ""
        if phase == "spaces":
            if pos == n:
                break
            if ch in " \t":
                pos += 1
                continue
            if ch != "-" or pos + 1 == n or line[pos + 1] != "-":
                return line[pos:], words
            phase = "word"
        if pos == n:
            if word != "--" and (blank_ok or word):
                words.append(word)
            break
        if ord(ch) > 127:
            # Go walks the flags byte by byte: a byte of a multi-byte
            # character may read as a space there.
            refuse(field, "a flag holds a character other than ASCII")
        if phase == "word":
            if ch in " \t":
                phase = "spaces"
                if word == "--":
                    return line[pos:], words
                if blank_ok or word:
                    words.append(word)
                word, blank_ok = "", False
                pos += 1
                continue
            if ch in "'\"":
                quote, blank_ok, phase = ch, True, "quote"
                pos += 1
                continue
            if ch == "\\":
                if pos + 1 == n:
                    pos += 1
                    continue
                pos += 1
                ch = line[pos]
                if ord(ch) > 127:
                    refuse(field, "a flag holds a character other than ASCII")
            word += ch
            pos += 1
            continue
        # In quotes.
        if ch == quote:
            phase = "word"
            pos += 1
            continue
        if ch == "\\":
            if pos + 1 == n:
                phase = "word"
                pos += 1
                continue
            pos += 1
            ch = line[pos]
            if ord(ch) > 127:
                refuse(field, "a flag holds a character other than ASCII")
        word += ch
        pos += 1
    return "", words


def words(rest, escape):
    """dockerd's parseWords: blank-separated words, quotes and escapes kept
    in the word (the evaluator reads them later)."""
    out, word, phase, quote, blank_ok = [], "", "spaces", "", False
    pos, n = 0, len(rest)
    while pos <= n:
        ch = rest[pos] if pos < n else ""
        if phase == "spaces":
            if pos == n:
                break
            if ch in " \t":
                pos += 1
                continue
            phase = "word"
        if pos == n:
            if blank_ok or word:
                out.append(word)
            break
        if phase == "word":
            if ch in " \t":
                phase = "spaces"
                if blank_ok or word:
                    out.append(word)
                word, blank_ok = "", False
                pos += 1
                continue
            if ch in "'\"":
                quote, blank_ok, phase = ch, True, "quote"
            if ch == escape:
                if pos + 1 == n:
                    pos += 1
                    continue
                word += ch
                pos += 1
                ch = rest[pos]
            word += ch
            pos += 1
            continue
        if ch == quote:
            phase = "word"
        if ch == escape and quote != "'":
            if pos + 1 == n:
                phase = "word"
                pos += 1
                continue
            pos += 1
            word += ch
            ch = rest[pos]
        word += ch
        pos += 1
    return out


class _NotJSON(Exception):
    pass


def _no_constant(name):
    raise _NotJSON(name)


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def json_array(rest, field="Dockerfile"):
    """The strings of a JSON array, or None when `rest` is not JSON."""
    rest = rest.lstrip(" \t")
    if not rest.startswith("["):
        return None
    try:
        value, _ = _DECODER.raw_decode(rest)
    except (ValueError, _NotJSON):
        return None
    except RecursionError:
        refuse(field, "a JSON array nested too deeply")
    if not isinstance(value, list):
        return None
    for item in value:
        if not isinstance(item, str):
            refuse(field, "when using JSON array syntax, arrays must be "
                   "comprised of strings only")
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            refuse(field, "a JSON string holds a lone surrogate escape")
    return tuple(value)


def _key_values(rest, cmd, escape, field):
    found = words(rest, escape)
    if not found:
        return ()
    if "=" not in found[0]:
        parts = BLANKS.split(rest, 1)
        if len(parts) < 2:
            refuse(field, "%s must have two arguments" % cmd.upper())
        return (parts[0], parts[1])
    out = []
    for word in found:
        if "=" not in word:
            refuse(field, "can't find = in %r. Must be of the form: "
                   "name=value" % word)
        out += word.split("=", 1)
    return tuple(out)


def _blank_split(rest):
    return tuple(BLANKS.split(rest)) if rest else ()


def node(line, escape, number=0, field="Dockerfile"):
    """The Node dockerd makes of one logical line."""
    stripped = line.strip(" \t")
    parts = BLANKS.split(stripped, 1)
    name = parts[0]
    if not NAME.match(name):
        refuse(field, "line %d: unknown instruction: %s" % (number, name))
    cmd = name.lower()
    if cmd not in KNOWN:
        refuse(field, "line %d: unknown instruction: %s"
               % (number, name.upper()))
    rest, flags = ("", [])
    if len(parts) == 2:
        rest, flags = extract_flags(parts[1], field)
    rest = rest.strip(" \t")
    as_json, sub = False, None
    if cmd in JSON_OR_WORDS:
        array = json_array(rest, field)
        as_json = array is not None
        args = array if as_json else _blank_split(rest)
    elif cmd in JSON_OR_STRING:
        array = json_array(rest, field) if rest else None
        as_json = array is not None
        args = array if as_json else ((rest,) if rest else ())
    elif cmd in KEY_VALUES:
        args = _key_values(rest, cmd, escape, field)
    elif cmd == "arg":
        args = tuple(words(rest, escape))
    elif cmd in BLANK_SPLIT:
        args = _blank_split(rest)
    elif cmd in STRINGS:
        args = (rest,) if rest else ()
    elif cmd == "healthcheck":
        args, as_json = _healthcheck(rest, field)
    else:  # onbuild
        args = ()
        if rest:
            sub = node(rest, escape, number, field)
    return Node(cmd=cmd, flags=tuple(flags), rest=rest, args=args,
                json=as_json, line=number, sub=sub, original=line)


def _healthcheck(rest, field):
    if not rest:
        return (), False
    parts = BLANKS.split(rest, 1)
    kind, tail = parts[0], (parts[1] if len(parts) == 2 else "")
    array = json_array(tail, field) if tail else None
    if array is not None:
        return (kind,) + array, True
    return ((kind, tail) if tail else (kind,)), False


class Dockerfile:
    """The parsed file: its nodes in order, its escape token, the syntax
    directive if any."""

    def __init__(self, nodes, escape, syntax=None):
        self.nodes = nodes
        self.escape = escape
        self.syntax = syntax


# `<<EOF`, `<<-EOF`, `<<"EOF"`: a heredoc of BuildKit's later grammar.
HEREDOC = re.compile(r"(?:^|[ \t])<<-?[\"']?[A-Za-z_]")


def _heredoc(found):
    if found.cmd not in ("run", "copy", "add"):
        return False
    texts = found.args if found.json else (found.rest,)
    return any(HEREDOC.search(text) for text in texts)


def parse(data, field="Dockerfile"):
    lines = lexer.split(data, field)
    nodes = []
    for text, number in lines.lines:
        nodes.append(node(text, lines.escape, number, field))
        if _heredoc(nodes[-1]):
            # Said before the heredoc's own lines fail as instructions.
            refuse(field, "line %d: heredocs (<<EOF) are not offered: "
                   "dockerd 20.10's builder reads the lines after them as "
                   "instructions" % number)
    if not nodes:
        refuse(field, "file with no instructions", status=400)
    return Dockerfile(nodes, lines.escape, lines.syntax)
