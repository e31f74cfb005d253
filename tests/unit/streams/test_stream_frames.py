"""FrameDecoder / RawDecoder: Docker's multiplexed stream, split anywhere."""

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docker_dashboard.proxy.streams.frames import (
    Chunk, FrameDecoder, FrameError, RawDecoder, make_decoder)

STDIN, STDOUT, STDERR = 0, 1, 2


def frame(stream_type, payload):
    return struct.pack(">BxxxI", stream_type, len(payload)) + payload


def decode_in_pieces(data, split_points):
    decoder = FrameDecoder()
    pieces = []
    start = 0
    for point in sorted(split_points) + [len(data)]:
        pieces += decoder.feed(data[start:point])
        start = point
    decoder.close()
    return pieces


def per_stream(pieces):
    joined = {}
    for stream, data in pieces:
        joined[stream] = joined.get(stream, b"") + data
    return joined


def test_one_whole_frame():
    assert FrameDecoder().feed(frame(STDOUT, b"hello\n")) == [Chunk("stdout", b"hello\n")]


def test_pieces_unpack_as_stream_and_bytes():
    [(stream, data)] = FrameDecoder().feed(frame(STDERR, b"oops"))
    assert (stream, data) == ("stderr", b"oops")


def test_many_frames_in_one_chunk_keep_order_and_join_runs():
    data = (frame(STDOUT, b"a\n") + frame(STDOUT, b"b\n") + frame(STDERR, b"c\n")
            + frame(STDOUT, b"d\n") + frame(STDIN, b"e\n"))
    assert FrameDecoder().feed(data) == [
        Chunk("stdout", b"a\nb\n"), Chunk("stderr", b"c\n"), Chunk("stdout", b"d\n"),
        Chunk("stdin", b"e\n")]


@pytest.mark.parametrize("split", range(1, 13))
def test_split_at_every_byte_of_header_and_payload(split):
    data = frame(STDERR, b"hello")  # 8 + 5 bytes
    decoder = FrameDecoder()
    first = decoder.feed(data[:split])
    assert decoder.at_frame_boundary is False
    second = decoder.feed(data[split:])
    assert decoder.at_frame_boundary is True
    assert per_stream(first + second) == {"stderr": b"hello"}
    # Nothing is emitted while only header bytes have arrived.
    assert first == ([] if split <= 8 else [Chunk("stderr", b"hello"[:split - 8])])


def test_one_byte_at_a_time():
    data = frame(STDOUT, b"out") + frame(STDERR, b"err") + frame(STDOUT, b"!")
    decoder = FrameDecoder()
    pieces = [piece for i in range(len(data)) for piece in decoder.feed(data[i:i + 1])]
    assert per_stream(pieces) == {"stdout": b"out!", "stderr": b"err"}


@pytest.mark.parametrize("data, expected", [
    (frame(STDOUT, b""), []),
    (frame(STDOUT, b"") * 5, []),
    (frame(STDOUT, b"a") + frame(STDERR, b"") + frame(STDOUT, b"b"), [Chunk("stdout", b"ab")]),
    (frame(STDERR, b"") + frame(STDERR, b"x"), [Chunk("stderr", b"x")]),
    (b"", []),
])
def test_zero_length_frames_and_empty_chunks(data, expected):
    decoder = FrameDecoder()
    assert decoder.feed(data) == expected
    assert decoder.at_frame_boundary
    decoder.close()


@pytest.mark.parametrize("header, why", [
    (b"\x03\x00\x00\x00\x00\x00\x00\x01", "stream type 3"),
    (b"\xff\x00\x00\x00\x00\x00\x00\x01", "stream type 255"),
    (b"\x01\x00\x01\x00\x00\x00\x00\x01", "non-zero padding"),
    (b"\x01\x01\x00\x00\x00\x00\x00\x01", "non-zero padding"),
    (b"Hello, w", "plain text (a TTY container read as framed)"),
    (b"\x1b[31mred", "ANSI text"),
])
def test_corrupt_header_is_a_clear_error(header, why):
    decoder = FrameDecoder()
    with pytest.raises(FrameError, match=r"corrupt frame header .* at byte 0") as info:
        decoder.feed(header + b"xxxxxxxx")
    assert header.hex(" ") in str(info.value)
    assert "RawDecoder" in str(info.value)


def test_corrupt_header_keeps_pieces_before_it_and_poisons_decoder():
    decoder = FrameDecoder()
    good = frame(STDOUT, b"good\n")
    with pytest.raises(FrameError, match=f"at byte {len(good)}") as info:
        decoder.feed(good + b"\x07\x00\x00\x00\x00\x00\x00\x00")
    assert info.value.pieces == [Chunk("stdout", b"good\n")]
    with pytest.raises(FrameError) as again:
        decoder.feed(frame(STDOUT, b"more"))
    assert again.value.pieces == []
    with pytest.raises(FrameError):
        decoder.close()


def test_corrupt_header_split_across_chunks_reports_its_offset():
    decoder = FrameDecoder()
    decoder.feed(frame(STDOUT, b"abc") + b"\x01\x00")
    with pytest.raises(FrameError, match="at byte 11"):
        decoder.feed(b"\x05\x00\x00\x00\x00\x00")


@pytest.mark.parametrize("data, message", [
    (frame(STDOUT, b"abc")[:5], "inside a frame header"),
    (frame(STDOUT, b"abc")[:9], "2 bytes of stdout payload missing"),
])
def test_close_mid_frame_is_an_error(data, message):
    decoder = FrameDecoder()
    decoder.feed(data)
    with pytest.raises(FrameError, match=message):
        decoder.close()


def test_huge_declared_length_is_streamed_not_buffered():
    # A frame claiming 4 GiB must not make the decoder wait for (or hold) it all.
    decoder = FrameDecoder()
    header = struct.pack(">BxxxI", STDOUT, 2**32 - 1)
    assert decoder.feed(header + b"x" * 1000) == [Chunk("stdout", b"x" * 1000)]
    assert decoder.feed(b"y" * 10) == [Chunk("stdout", b"y" * 10)]
    assert decoder._remaining == 2**32 - 1 - 1010


def test_accepts_bytearray_and_memoryview():
    data = frame(STDOUT, b"hi")
    assert FrameDecoder().feed(bytearray(data)) == [Chunk("stdout", b"hi")]
    assert FrameDecoder().feed(memoryview(data)) == [Chunk("stdout", b"hi")]


def test_raw_decoder_is_all_stdout():
    decoder = RawDecoder()
    assert decoder.feed(b"\x01\x00\x00\x00 looks framed") == [
        Chunk("stdout", b"\x01\x00\x00\x00 looks framed")]
    assert decoder.feed(b"") == []
    decoder.close()


def test_make_decoder_follows_tty_flag():
    assert isinstance(make_decoder(tty=True), RawDecoder)
    assert isinstance(make_decoder(tty=False), FrameDecoder)


frames_strategy = st.lists(
    st.tuples(st.sampled_from([STDIN, STDOUT, STDERR]), st.binary(max_size=40)), max_size=12)


@settings(max_examples=300)
@given(frames=frames_strategy, data=st.data())
def test_any_split_decodes_to_the_same_bytes_per_stream(frames, data):
    encoded = b"".join(frame(kind, payload) for kind, payload in frames)
    splits = data.draw(st.lists(st.integers(0, len(encoded)), max_size=15))
    expected = {}
    names = {STDIN: "stdin", STDOUT: "stdout", STDERR: "stderr"}
    for kind, payload in frames:
        if payload:
            expected[names[kind]] = expected.get(names[kind], b"") + payload
    assert per_stream(decode_in_pieces(encoded, splits)) == expected
    assert per_stream(decode_in_pieces(encoded, [])) == expected


@settings(max_examples=200)
@given(frames=frames_strategy, data=st.data())
def test_any_split_preserves_interleaving_order(frames, data):
    encoded = b"".join(frame(kind, payload) for kind, payload in frames)
    splits = data.draw(st.lists(st.integers(0, len(encoded)), max_size=15))
    # Byte-level order across streams is the same however the input was cut.
    def flatten(pieces):
        return [(stream, byte) for stream, chunk in pieces for byte in chunk]
    assert flatten(decode_in_pieces(encoded, splits)) == flatten(decode_in_pieces(encoded, []))
