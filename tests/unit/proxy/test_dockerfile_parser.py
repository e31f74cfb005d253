"""The Dockerfile grammar as dockerd 20.10 reads it (BuildKit v0.8's parser,
vendored): directives, the escape token, continuations, comments, flags,
JSON and shell forms. Each case names what dockerd reads."""
import pytest

from docker_dashboard.proxy.rules.dockerfile import instructions
from docker_dashboard.proxy.rules.dockerfile import lexer
from docker_dashboard.proxy.rules.dockerfile import parser
from docker_dashboard.proxy.rules.errors import Refused

BOM = b"\xef\xbb\xbf"


def read(text):
    """[(CMD, flags, args)] of a Dockerfile."""
    parsed = parser.parse(text)
    return [(n.cmd, dict(instructions.flags(n)), n.args) for n in parsed.nodes]


@pytest.mark.parametrize("text, expected", [
    # Names in any case; blanks around them.
    ("from a\n  Run  echo hi  \n",
     [("from", {}, ("a",)), ("run", {}, ("echo hi",))]),
    # A BOM before a directive: still a directive.
    (BOM + b"# escape=`\nFROM a\nRUN echo `\n b\n",
     [("from", {}, ("a",)), ("run", {}, ("echo  b",))]),
    # After the backtick, a backslash is a plain character.
    ("# escape=`\nFROM a\nRUN dir c:\\\n",
     [("from", {}, ("a",)), ("run", {}, ("dir c:\\",))]),
    # A directive after a comment is a comment: the backslash still escapes.
    ("# hello\n# escape=`\nFROM a\nRUN echo \\\n b\n",
     [("from", {}, ("a",)), ("run", {}, ("echo  b",))]),
    # ... and so after an empty line, and after an unknown directive
    # (`check` is not one in 20.10).
    ("\n# escape=`\nFROM a\nRUN echo \\\n b\n",
     [("from", {}, ("a",)), ("run", {}, ("echo  b",))]),
    ("# check=skip=all\n# escape=`\nFROM a\nRUN echo \\\n b\n",
     [("from", {}, ("a",)), ("run", {}, ("echo  b",))]),
    # Directive names in any case, blanks around `=`.
    ("#ESCAPE = `\nFROM a `\n AS b\n", [("from", {}, ("a", "AS", "b"))]),
    # A continuation with a comment line and an empty line inside.
    ("FROM a\nRUN one \\\n# not a line\n\n   two\n",
     [("from", {}, ("a",)), ("run", {}, ("one    two",))]),
    # A continuation whose last line is a comment, then the file ends.
    ("FROM a\nRUN one \\\n# the end\n",
     [("from", {}, ("a",)), ("run", {}, ("one",))]),
    # An escaped escape at the end is not a continuation.
    ("FROM a\nRUN echo \\\\\nCMD x\n",
     [("from", {}, ("a",)), ("run", {}, ("echo \\\\",)), ("cmd", {}, ("x",))]),
    # A line holding only the escape continues.
    ("FROM a\nRUN x\\\n\\\ny\n", [("from", {}, ("a",)), ("run", {}, ("xy",))]),
    # CRLF line ends.
    ("FROM a\r\nRUN b \\\r\n c\r\n", [("from", {}, ("a",)),
                                      ("run", {}, ("b  c",))]),
    # JSON forms, with escapes; what follows the array is ignored.
    ('FROM a\nCMD ["a\\u0041", "b\\"c"] trailing\n',
     [("from", {}, ("a",)), ("cmd", {}, ("aA", 'b"c'))]),
    # Not JSON: the shell form (NaN is not JSON for Go either).
    ('FROM a\nCMD ["a", NaN]\n', [("from", {}, ("a",)),
                                  ("cmd", {}, ('["a", NaN]',))]),
    ('FROM a\nCOPY ["a" "b"]\n', [("from", {}, ("a",)),
                                  ("copy", {}, ('["a"', '"b"]'))]),
    # Flags: escapes and quotes are read inside them.
    ('FROM a\nCOPY --fr\\om="x y" --chown=1 s d\n',
     [("from", {}, ("a",)), ("copy", {"from": "x y", "chown": "1"},
                             ("s", "d"))]),
    # `--` ends the flags.
    ("FROM a\nCOPY -- --from=x d\n",
     [("from", {}, ("a",)), ("copy", {}, ("--from=x", "d"))]),
    # ENV/LABEL: old and new forms, quotes kept for the evaluator.
    ('FROM a\nENV A b c\nLABEL "x y"=1 z=\'2 3\'\n',
     [("from", {}, ("a",)), ("env", {}, ("A", "b c")),
      ("label", {}, ('"x y"', "1", "z", "'2 3'"))]),
    # ONBUILD holds an instruction of its own.
    ("FROM a\nONBUILD COPY --from=x a b\n", [("from", {}, ("a",)),
                                             ("onbuild", {}, ())]),
    ("FROM a\nHEALTHCHECK --interval=5s CMD [\"true\"]\n",
     [("from", {}, ("a",)), ("healthcheck", {"interval": "5s"},
                             ("CMD", "true"))]),
])
def test_dockerd_reads(text, expected):
    assert read(text) == expected


def test_a_heredoc_holding_from_is_refused_not_misread():
    """dockerd 20.10 has no heredocs: the line after `RUN <<EOF` is an
    instruction of its own to it (here a FROM). The proxy reads the same
    lines, and refuses the file with a message that says why."""
    lines = lexer.split("FROM a\nRUN <<EOF\nFROM b\nEOF\n")
    assert [text for text, _ in lines.lines] == [
        "FROM a", "RUN <<EOF", "FROM b", "EOF"]
    with pytest.raises(Refused) as caught:
        parser.parse("FROM a\nRUN <<EOF\nFROM b\nEOF\n")
    assert "heredoc" in caught.value.message


def test_onbuild_sub_instruction():
    node = parser.parse("FROM a\nONBUILD copy --from=x a b\n").nodes[1]
    assert node.sub.cmd == "copy"
    assert instructions.flags(node.sub) == {"from": "x"}


def test_escape_directive_is_remembered():
    assert parser.parse("# escape=`\nFROM a\n").escape == "`"
    assert parser.parse("# syntax=x\n# escape=`\nFROM a\n").escape == "`"
    assert parser.parse("FROM a\n# escape=`\n").escape == "\\"


@pytest.mark.parametrize("text, message", [
    ("# escape=x\nFROM a\n", "invalid escape"),
    ("# escape=`\n# escape=\\\nFROM a\n", "only one escape"),
    ("# just a comment\n", "no instructions"),
    ("FROM a\nFROB b\n", "unknown instruction"),
    ("FROM a\nCOPY --from=x --from=y a b\n", "duplicate flag"),
    ("FROM a\nCOPY --fro=x a b\n", "unknown flag"),
    ("FROM a\nCOPY --from a b\n", "missing a value"),
    ("FROM a\nRUN --mount=type=bind --network=none x\n", "unknown flag"),
    ("FROM a\nENV --x=1 A=b\n", "unknown flag"),
    ("FROM a\nARG --x=1 A\n", "unknown flag"),
    ("FROM a\nENV A\n", "two arguments"),
    ("FROM a\nLABEL a=b c\n", "can't find ="),
    ("FROM a b\n", "one or three"),
    ("FROM a AS 1x\n", "invalid name"),
    ("FROM a AS x\nFROM b AS X\n", "already used"),
    ("RUN x\nFROM a\n", "no build stage"),
    ("FROM a\nONBUILD ONBUILD RUN x\n", "ONBUILD trigger"),
    ("FROM a\nONBUILD FROM b\n", "ONBUILD trigger"),
    ('FROM a\nCMD ["a", 1]\n', "strings only"),
    ("FROM a\nSHELL sh -c\n", "JSON form"),
    ("FROM a\nRUN a\x0bb\n", "control character"),
    ("FROM a\nRUN a\u00a0b\n", "control character"),
    (b"FROM a\nRUN \xff\n", "not UTF-8"),
    ("FROM a\nCOPY --from=\u00e0 a b\n", "ASCII"),
])
def test_refused(text, message):
    with pytest.raises(Refused) as caught:
        instructions.group(parser.parse(text))
    assert message.lower() in caught.value.message.lower()
