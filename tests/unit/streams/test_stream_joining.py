"""Where a follower's own history ends and the shared live tail takes over
(streams/joining.py): no line twice, none lost, and the resume point a
follower that leaves the tail goes on from."""
from docker_dashboard.proxy.streams import LogLine
from docker_dashboard.proxy.streams.joining import JoinFilter
from docker_dashboard.proxy.streams.timestamps import timestamp_ns

T = "2026-12-02T08:00:0%d.000000001Z"


def line(second, text="x"):
    return LogLine("stdout", text, T % second)


def test_tail_lines_history_already_sent_are_dropped():
    joined = JoinFilter(timestamp_ns(T % 1))
    joined.sent([line(1, "a"), line(2, "b"), line(2, "c")])
    tail = [line(1, "a"), line(2, "b"), line(2, "c"), line(2, "d"),
            line(3, "e")]
    assert [l.text for l in joined.tail_lines(tail)] == ["d", "e"]


def test_without_history_the_lines_before_the_join_are_dropped():
    joined = JoinFilter(timestamp_ns(T % 2))
    tail = [line(1, "before"), line(2, "at"), line(3, "after")]
    assert [l.text for l in joined.tail_lines(tail)] == ["at", "after"]


def test_caught_up_once_a_chunk_starts_after_everything_sent():
    joined = JoinFilter(timestamp_ns(T % 1))
    joined.sent([line(2)])
    assert not joined.caught_up([line(2), line(3)])
    assert joined.caught_up([line(3), line(4)])
    assert not joined.caught_up([])


def test_caught_up_without_history_is_after_the_join():
    joined = JoinFilter(timestamp_ns(T % 3))
    assert not joined.caught_up([line(2)])
    assert joined.caught_up([line(3)])


def test_the_resume_point_counts_the_lines_at_the_last_timestamp():
    joined = JoinFilter(0)
    assert joined.resume_point() is None
    joined.sent([line(1), line(2), line(2)])
    assert joined.resume_point() == (T % 2, 2)
    # A chunk sent whole that is all at that timestamp adds to the count;
    # one that ends later starts it again.
    joined.sent_caught_up([line(2), line(2)])
    assert joined.resume_point() == (T % 2, 4)
    joined.sent_caught_up([line(3), line(4), line(4)])
    assert joined.resume_point() == (T % 4, 2)


def test_the_join_as_dockerds_since():
    assert JoinFilter(1_700_000_000_000_000_005).joined_since() == \
        "1700000000.000000005"
