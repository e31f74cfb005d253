"""LineAssembler and LogLine: lines across chunk boundaries, caps, UTF-8, timestamps."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docker_dashboard.proxy.streams.lines import LineAssembler, LogLine

TS = "2024-05-01T12:34:56.123456789Z"


def lines_of(chunks, **options):
    assembler = LineAssembler("stdout", **options)
    lines = [line for chunk in chunks for line in assembler.feed(chunk)]
    return lines + assembler.flush()


def texts(chunks, **options):
    return [line.text for line in lines_of(chunks, **options)]


@pytest.mark.parametrize("chunks, expected", [
    ([b"one\ntwo\n"], ["one", "two"]),
    ([b"on", b"e\ntw", b"o\n"], ["one", "two"]),
    ([b"\n\n"], ["", ""]),
    ([b"a\r\n", b"b\r", b"\n"], ["a", "b"]),         # CRLF from TTYs, CR split off
    ([b"progress 10%\rprogress 20%\n"], ["progress 10%\rprogress 20%"]),  # bare CR kept
    ([b"a\r\r\n"], ["a\r"]),                        # only one CR belongs to the ending
    ([b"no newline at end"], ["no newline at end"]),  # flushed at end of stream
    ([b"tab\there\n"], ["tab\there"]),
    ([b""], []),
    ([], []),
])
def test_splitting(chunks, expected):
    assert texts(chunks) == expected


def test_partial_line_waits_for_its_newline():
    assembler = LineAssembler("stderr")
    assert assembler.feed(b"half a li") == []
    assert assembler.feed(b"ne") == []
    assert assembler.feed(b"\nnext") == [LogLine("stderr", "half a line")]
    assert assembler.flush() == [LogLine("stderr", "next")]
    assert assembler.flush() == []


@pytest.mark.parametrize("chunks, expected", [
    ([b"caf\xc3\xa9\n"], ["café"]),
    ([b"caf\xc3", b"\xa9\n"], ["café"]),                 # character split across chunks
    ([b"\xf0\x9f", b"\x90", b"\xb3\n"], ["\U0001f433"]),  # 4-byte emoji in three pieces
    ([b"bad \xff\xfe byte\n"], ["bad \ufffd\ufffd byte"]),
    ([b"cut \xc3\n"], ["cut \ufffd"]),
    ([b"\x00nul\n"], ["\x00nul"]),                        # controls are data; the browser strips them
    ([b"\xed\xa0\x80 surrogate\n"], ["\ufffd\ufffd\ufffd surrogate"]),
])
def test_utf8_decoding_never_raises(chunks, expected):
    assert texts(chunks) == expected


# -- length cap ------------------------------------------------------------------

@pytest.mark.parametrize("line, expected_text, truncated", [
    (b"x" * 16, "x" * 16, False),                    # exactly at the cap
    (b"x" * 16 + b"\r", "x" * 16, False),            # CRLF line at the cap
    (b"x" * 17, "x" * 16, True),                     # one over
    (b"x" * 18, "x" * 16, True),
    (b"x" * 10_000, "x" * 16, True),
    (b"x" * 15 + "é".encode(), "x" * 15, True),      # never cut inside a character
    (b"x" * 14 + "🐳".encode(), "x" * 14, True),
    (b"x" * 14 + "é".encode() + b"yy", "x" * 14 + "é", True),
])
def test_cap(line, expected_text, truncated):
    assert lines_of([line + b"\nafter\n"], max_line_bytes=16) == [
        LogLine("stdout", expected_text, None, truncated), LogLine("stdout", "after")]


def test_over_long_line_is_cut_while_streaming_and_rest_dropped():
    assembler = LineAssembler("stdout", max_line_bytes=16)
    emitted = []
    for _ in range(1000):
        emitted += assembler.feed(b"y" * 7)
        assert len(assembler._partial) <= 17  # memory stays bounded
    assert emitted == [LogLine("stdout", "y" * 16, None, True)]
    assert assembler.feed(b"tail of the long line\nshort\n") == [LogLine("stdout", "short")]


def test_over_long_line_then_end_of_stream():
    assert lines_of([b"z" * 100], max_line_bytes=16) == [LogLine("stdout", "z" * 16, None, True)]


def test_default_cap_is_64_kib():
    [line] = lines_of([b"a" * 70_000 + b"\n"])
    assert (len(line.text), line.truncated) == (65536, True)
    [line] = lines_of([b"a" * 65536 + b"\n"])
    assert (len(line.text), line.truncated) == (65536, False)


@pytest.mark.parametrize("bad", [0, 7, -1, "64", None, 1.5])
def test_cap_must_be_sane(bad):
    with pytest.raises(ValueError):
        LineAssembler("stdout", max_line_bytes=bad)


# -- timestamps ------------------------------------------------------------------

@pytest.mark.parametrize("raw, ts, text", [
    (f"{TS} hello".encode(), TS, "hello"),
    (f"{TS}  two spaces".encode(), TS, " two spaces"),   # only one space is the separator
    (f"{TS} ".encode(), TS, ""),
    (TS.encode(), TS, ""),                                 # empty message, no space
    (b"2024-05-01T12:34:56.5Z trimmed", "2024-05-01T12:34:56.5Z", "trimmed"),
    (b"2024-05-01T12:34:56Z no fraction", "2024-05-01T12:34:56Z", "no fraction"),
    (b"2024-05-01T14:34:56.1+02:00 offset", "2024-05-01T14:34:56.1+02:00", "offset"),
    (b"no timestamp here", None, "no timestamp here"),
    (f"{TS}x glued".encode(), None, f"{TS}x glued"),     # not followed by a space
    (b"2024-05-01 12:34:56Z space not T", None, "2024-05-01 12:34:56Z space not T"),
    (b"2024-05-01T12:34:56.1234567890Z ten digits", None,
     "2024-05-01T12:34:56.1234567890Z ten digits"),
    (f"{TS} {TS} twice".encode(), TS, f"{TS} twice"),
])
def test_timestamp_prefix(raw, ts, text):
    [line] = lines_of([raw + b"\n"], timestamps=True)
    assert (line.ts, line.text) == (ts, text)


def test_timestamps_off_leaves_prefix_in_text():
    [line] = lines_of([f"{TS} hello\n".encode()])
    assert (line.ts, line.text) == (None, f"{TS} hello")


def test_timestamp_split_across_chunks():
    raw = f"{TS} hello\n".encode()
    assert lines_of([raw[:12], raw[12:31], raw[31:]], timestamps=True) == [
        LogLine("stdout", "hello", TS)]


def test_truncated_line_keeps_its_timestamp():
    [line, after] = lines_of([f"{TS} ".encode() + b"x" * 200 + b"\nnext\n"],
                             max_line_bytes=64, timestamps=True)
    assert (line.ts, line.text, line.truncated) == (TS, "x" * (64 - 31), True)
    assert after.text == "next"


# -- LogLine JSON ------------------------------------------------------------------

def test_to_json_shape():
    line = LogLine("stderr", 'say "hi" <script>', TS, False)
    assert json.loads(line.to_json()) == {
        "stream": "stderr", "text": 'say "hi" <script>', "ts": TS, "truncated": False}
    assert line.to_json() == (
        '{"stream":"stderr","text":"say \\"hi\\" <script>",'
        '"ts":"2024-05-01T12:34:56.123456789Z","truncated":false}')


def test_to_json_null_ts_and_unicode():
    line = LogLine("stdout", "café \ufffd \x1b[31m", None, True)
    assert json.loads(line.to_json()) == {
        "stream": "stdout", "text": "café \ufffd \x1b[31m", "ts": None, "truncated": True}
    assert line.to_json().encode("utf-8")  # no lone surrogates


def test_log_line_is_immutable():
    with pytest.raises(AttributeError):
        LogLine("stdout", "x").text = "y"


# -- properties ----------------------------------------------------------------------

line_bytes = st.lists(st.sampled_from([b"a", b"\n", b"\r", b"\xc3", b"\xa9", b"\xff", b" "]),
                      max_size=200).map(b"".join)


@settings(max_examples=300)
@given(data=line_bytes, cuts=st.lists(st.integers(0, 200), max_size=20),
       cap=st.integers(8, 40))
def test_any_split_gives_the_same_lines(data, cuts, cap):
    points = sorted({min(cut, len(data)) for cut in cuts})
    chunks = [data[start:end] for start, end in zip([0] + points, points + [len(data)])]
    assert lines_of(chunks, max_line_bytes=cap) == lines_of([data], max_line_bytes=cap)


@settings(max_examples=300)
@given(data=line_bytes, cap=st.integers(8, 40))
def test_matches_a_naive_split_when_nothing_is_cut(data, cap):
    raw_lines = data.split(b"\n")
    if raw_lines[-1] == b"":
        raw_lines.pop()
    raw_lines = [raw[:-1] if raw.endswith(b"\r") else raw for raw in raw_lines]
    lines = lines_of([data], max_line_bytes=cap)
    assert len(lines) == len(raw_lines)
    for line, raw in zip(lines, raw_lines):
        assert line.truncated == (len(raw) > cap)
        if not line.truncated:
            assert line.text == raw.decode("utf-8", errors="replace")
        else:
            # A prefix of the raw line, cut at most 3 bytes early to spare a character.
            assert line.text in {raw[:keep].decode("utf-8", errors="replace")
                                 for keep in range(cap - 3, cap + 1)}
