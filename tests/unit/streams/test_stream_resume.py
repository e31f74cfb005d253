"""Timestamps and ResumeFilter: reconnecting without repeating lines."""

import pytest

from docker_dashboard.proxy.streams.lines import LogLine
from docker_dashboard.proxy.streams.resume import ResumeFilter
from docker_dashboard.proxy.streams.timestamps import docker_since, split_timestamp, timestamp_ns

T0 = "2024-05-01T12:34:56.000000001Z"
T1 = "2024-05-01T12:34:56.123456789Z"
T2 = "2024-05-01T12:34:57.000000000Z"


@pytest.mark.parametrize("ts, expected", [
    ("1970-01-01T00:00:00Z", 0),
    ("1970-01-01T00:00:01.5Z", 1_500_000_000),
    ("1970-01-01T00:00:00.000000001Z", 1),
    (T1, 1714566896_123456789),
    ("2024-05-01T12:34:56.123456789+00:00", 1714566896_123456789),
    ("2024-05-01T14:34:56.123456789+02:00", 1714566896_123456789),
    ("2024-05-01T07:04:56.123456789-05:30", 1714566896_123456789),
])
def test_timestamp_ns(ts, expected):
    assert timestamp_ns(ts) == expected


def test_trimmed_and_padded_fractions_compare_equal():
    # Older daemons trimmed trailing zeros; string order would get this wrong.
    assert timestamp_ns("2024-05-01T12:34:56.5Z") == timestamp_ns("2024-05-01T12:34:56.500000000Z")
    assert timestamp_ns("2024-05-01T12:34:56.5Z") > timestamp_ns("2024-05-01T12:34:56.123456789Z")


@pytest.mark.parametrize("bad", [
    "", "yesterday", "2024-05-01T12:34:56", "2024-05-01T12:34:56.123Z ",
    "2024-13-01T00:00:00Z", "2024-05-01T25:00:00Z", "2024-05-01T12:34:56.1234567890Z",
    "２０２４-05-01T12:34:56Z", None, 1714566896,
])
def test_timestamp_ns_refuses_junk(bad):
    with pytest.raises(ValueError):
        timestamp_ns(bad)


@pytest.mark.parametrize("ts, since", [
    (T1, "1714566896.123456789"),
    ("2024-05-01T12:34:56Z", "1714566896.000000000"),
    ("1970-01-01T00:00:00.000000001Z", "0.000000001"),
])
def test_docker_since_keeps_nanoseconds(ts, since):
    assert docker_since(ts) == since


def test_split_timestamp_on_bytes():
    assert split_timestamp(f"{T1} msg".encode()) == (T1, b"msg")
    assert split_timestamp(b"msg") == (None, b"msg")


def line(ts, text="x"):
    return LogLine("stdout", text, ts)


@pytest.mark.parametrize("last_ts, seen, incoming, kept", [
    # Docker's since is inclusive: the last line comes again and is dropped.
    (T1, 1, [T1, T2], [1]),
    (T1, 1, [T1, T2, T2], [1, 2]),
    # Two lines in the same nanosecond, client had both / only the first.
    (T1, 2, [T1, T1, T2], [2]),
    (T1, 1, [T1, T1, T2], [1, 2]),
    # Client had none at T1 (seen 0): everything at T1 is new.
    (T1, 0, [T1, T2], [0, 1]),
    # Older lines (a since rounded down) are repeats.
    (T1, 1, [T0, T0, T1, T2], [3]),
    # More repeats claimed than arrive: nothing at T1 passes, later lines do.
    (T1, 5, [T1, T2], [1]),
    # Lines without a (valid) timestamp cannot be placed; better twice than lost.
    (T1, 1, [None, T1, "garbage"], [0, 2]),
    # Same instant written with a trimmed fraction counts as the same timestamp.
    ("2024-05-01T12:34:57Z", 1, [T2, T2], [1]),
])
def test_resume_filter(last_ts, seen, incoming, kept):
    lines = [line(ts, str(index)) for index, ts in enumerate(incoming)]
    assert ResumeFilter(last_ts, seen).filter(lines) == [lines[i] for i in kept]


def test_resume_filter_is_stateful_across_batches():
    resume = ResumeFilter(T1, 2)
    assert resume.filter([line(T1)]) == []
    assert resume.filter([line(T1, "second repeat")]) == []
    assert resume.filter([line(T1, "new")]) == [line(T1, "new")]


def test_resume_filter_since():
    assert ResumeFilter(T1).since == "1714566896.123456789"


@pytest.mark.parametrize("last_ts, seen", [
    ("not a time", 1), (None, 1), (T1, -1), (T1, "1"), (T1, True),
])
def test_resume_filter_refuses_bad_client_input(last_ts, seen):
    with pytest.raises(ValueError):
        ResumeFilter(last_ts, seen)
