"""Many timestamped lines taken at once give the lines one at a time would.

`LineAssembler` splits the whole timestamped lines of a chunk in one pass
(what a busy followed log is made of). Fed one byte at a time it never
can, so that feeding is the reference: for logs mixing every form a line
can take (timestamps of each form and none, CRLF, lone CRs, empty lines,
bad UTF-8, lines over the cap) and any cutting into chunks, both give the
same lines in the same order.
"""
import random

import pytest

from docker_dashboard.proxy.streams.lines import LineAssembler

STAMPS = [b"2026-12-02T11:57:35.713753468Z", b"2026-12-02T11:57:35.7137Z",
          b"2026-12-02T11:57:35Z", b"2026-12-02T11:57:35.1+01:00",
          b"2026-12-02T11:57:35.123456789-05:30"]
NOT_STAMPS = [b"", b"2026-12-02 11:57:35Z", b"2026-12-02T11:57:35",
              b"\xd9\xa2026-12-02T11:57:35Z", b"20261202T115735Z"]
TEXTS = [b"", b"GET /index.html 200", b" two spaces", b"caf\xc3\xa9 \xe2\x82\xac",
         b"bad \xe2\x82 utf-8", b"\xff\xfe", b"tab\there", b"quote \" and \\",
         b"x" * 70, b"\xf0\x9f\x92\xa9" * 20]
ENDS = [b"\n", b"\n", b"\n", b"\r\n", b"\r\r\n"]


def random_log(rng, count):
    lines = []
    for _ in range(count):
        stamp = rng.choice(STAMPS if rng.random() < 0.9 else NOT_STAMPS)
        joiner = rng.choice([b" ", b" ", b" ", b"", b"\r"])
        lines.append(stamp + joiner + rng.choice(TEXTS) + rng.choice(ENDS))
    tail = rng.choice([b"", STAMPS[0] + b" unfinished \xe2\x82"])
    return b"".join(lines) + tail


def fed(data, cuts, max_line_bytes):
    assembler = LineAssembler("stdout", max_line_bytes=max_line_bytes,
                              timestamps=True)
    lines, start = [], 0
    for cut in cuts + [len(data)]:
        lines += assembler.feed(data[start:cut])
        start = cut
    return lines + assembler.flush()


def byte_by_byte(data, max_line_bytes):
    return fed(data, list(range(1, len(data))), max_line_bytes)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("max_line_bytes", [64, 200, 64 * 1024])
def test_any_chunking_gives_the_lines_of_one_byte_at_a_time(
        seed, max_line_bytes):
    rng = random.Random(seed)
    data = random_log(rng, rng.randint(1, 60))
    expected = byte_by_byte(data, max_line_bytes)
    assert fed(data, [], max_line_bytes) == expected
    cuts = sorted(rng.sample(range(1, len(data)), min(5, len(data) - 1)))
    assert fed(data, cuts, max_line_bytes) == expected


def test_a_busy_log_is_split_whole():
    data = b"".join(b"%s line %d\n" % (STAMPS[0], n) for n in range(2000))
    lines = fed(data, [len(data) // 3], 64 * 1024)
    assert [line.text for line in lines] == ["line %d" % n
                                            for n in range(2000)]
    assert {line.ts for line in lines} == {STAMPS[0].decode()}
    assert not any(line.truncated for line in lines)
