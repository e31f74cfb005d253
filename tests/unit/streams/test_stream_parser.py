"""LogStreamParser: frames to lines end to end, split any way."""

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docker_dashboard.proxy.streams import LogLine, LogStreamError, LogStreamParser

TS = "2024-05-01T12:34:56.123456789Z"


def frame(stream_type, payload):
    return struct.pack(">BxxxI", stream_type, len(payload)) + payload


def parse(chunks, **options):
    parser = LogStreamParser(**options)
    lines = [line for chunk in chunks for line in parser.feed(chunk)]
    return lines + parser.close()


def test_stdout_and_stderr_lines_with_timestamps():
    data = frame(1, f"{TS} started\n".encode()) + frame(2, f"{TS} warning: x\n".encode())
    assert parse([data], tty=False, timestamps=True) == [
        LogLine("stdout", "started", TS), LogLine("stderr", "warning: x", TS)]


def test_stderr_frame_in_the_middle_of_a_stdout_line_does_not_break_it():
    data = frame(1, b"stdout be") + frame(2, b"stderr line\n") + frame(1, b"gins\n")
    assert parse([data], tty=False) == [
        LogLine("stderr", "stderr line"), LogLine("stdout", "stdout begins")]


def test_line_spanning_many_frames():
    data = b"".join(frame(1, bytes([byte])) for byte in b"one line\n")
    assert parse([data], tty=False) == [LogLine("stdout", "one line")]


def test_stdin_frames_are_shown_as_stdout():
    assert parse([frame(0, b"echoed\n")], tty=False) == [LogLine("stdout", "echoed")]


def test_tty_stream_is_raw_stdout_with_crlf():
    assert parse([b"\x1b[32mok\x1b[0m\r\n", b"pro", b"mpt$ "], tty=True) == [
        LogLine("stdout", "\x1b[32mok\x1b[0m"), LogLine("stdout", "prompt$ ")]


def test_unfinished_lines_flushed_at_close():
    assert parse([frame(2, b"err tail"), frame(1, b"out tail")], tty=False) == [
        LogLine("stdout", "out tail"), LogLine("stderr", "err tail")]


def test_max_line_bytes_is_passed_on():
    [line] = parse([frame(1, b"x" * 100 + b"\n")], tty=False, max_line_bytes=10)
    assert (line.text, line.truncated) == ("x" * 10, True)


def test_corrupt_stream_reports_the_good_lines_first():
    parser = LogStreamParser(tty=False)
    data = frame(1, b"good\npartial") + b"\x09\x00\x00\x00\x00\x00\x00\x05"
    with pytest.raises(LogStreamError, match="corrupt frame header") as info:
        parser.feed(data)
    assert info.value.lines == [LogLine("stdout", "good"), LogLine("stdout", "partial")]


def test_stream_cut_mid_frame_still_returns_lines():
    parser = LogStreamParser(tty=False)
    assert parser.feed(frame(1, b"done\nhalf")[:-2]) == [LogLine("stdout", "done")]
    with pytest.raises(LogStreamError, match="payload missing") as info:
        parser.close()
    assert info.value.lines == [LogLine("stdout", "ha")]


frames_strategy = st.lists(
    st.tuples(st.sampled_from([0, 1, 2]),
              st.lists(st.sampled_from([b"a", b"b", b"\n", b"\r\n", b"\xc3\xa9", b"\xff",
                                        f"{TS} ".encode()]), max_size=12).map(b"".join)),
    max_size=10)


@settings(max_examples=300)
@given(frames=frames_strategy, data=st.data(), tty=st.booleans(), timestamps=st.booleans())
def test_any_split_of_a_frame_sequence_gives_the_same_lines(frames, data, tty, timestamps):
    if tty:
        encoded = b"".join(payload for _, payload in frames)
    else:
        encoded = b"".join(frame(kind, payload) for kind, payload in frames)
    cuts = data.draw(st.lists(st.integers(0, len(encoded)), max_size=20))
    points = sorted(set(cuts))
    chunks = [encoded[start:end] for start, end in zip([0] + points, points + [len(encoded)])]
    options = dict(tty=tty, timestamps=timestamps, max_line_bytes=24)
    assert parse(chunks, **options) == parse([encoded], **options)
    assert parse([encoded[i:i + 1] for i in range(len(encoded))], **options) == \
        parse([encoded], **options)
