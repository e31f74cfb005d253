"""The soak's count of log lines lost or shown twice, from the numbers a
follower received (soak/_lines.py)."""
from soak import _lines


def test_consecutive_numbers_lose_nothing():
    found = _lines.audit([7, 8, 9, 10])
    assert (found.received, found.lost, found.duplicated) == (4, 0, 0)
    assert (found.first, found.last) == (7, 10)


def test_a_gap_loses_the_numbers_in_between():
    found = _lines.audit([1, 2, 5, 6, 9])
    assert found.lost == 4          # 3, 4, 7, 8
    assert found.duplicated == 0


def test_a_repeat_after_a_reconnect_is_a_duplicate():
    found = _lines.audit([1, 2, 3, 2, 3, 4])
    assert found.duplicated == 2
    assert found.lost == 0


def test_lines_missing_at_the_end_are_lost():
    found = _lines.audit([1, 2, 3], until=6)
    assert found.lost == 3
    assert _lines.audit([1, 2, 3], until=3).lost == 0


def test_nothing_received_is_nothing_counted():
    found = _lines.audit([])
    assert (found.received, found.lost, found.duplicated) == (0, 0, 0)


def test_totals_add_up():
    total = _lines.Audit()
    total.add(_lines.audit([1, 3]))
    total.add(_lines.audit([4, 4]))
    assert (total.received, total.lost, total.duplicated) == (4, 1, 1)


def test_only_the_writers_lines_have_numbers():
    assert _lines.number_of("n-42") == 42
    assert _lines.number_of("n-42\n") == 42
    assert _lines.number_of("hello") is None
    assert _lines.number_of("n-x") is None
