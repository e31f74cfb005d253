"""The soak's figures: percentiles, memory growth after the warm-up and
the chart's windows (soak/_measures.py)."""
import pytest

from soak import _measures


def test_nearest_rank_percentiles():
    values = list(range(1, 101))          # 1..100, shuffled below
    values.reverse()
    assert _measures.percentile(values, 0.99) == 99
    assert _measures.percentile(values, 0.5) == 50
    assert _measures.percentile(values, 1.0) == 100
    assert _measures.percentile([5, 1, 3], 0.5) == 3


def test_percentile_does_not_drift_in_floating_point():
    # 0.07 * 100 is 7.000000000000001: the 7th value, not the 8th.
    assert _measures.percentile(list(range(1, 101)), 0.07) == 7


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        _measures.percentile([], 0.5)
    with pytest.raises(ValueError):
        _measures.percentile([1], 0)


def test_growth_ignores_the_warm_up():
    # Memory doubles while warming up, then stays flat.
    samples = [(t, 50 if t < 10 else 100) for t in range(0, 100, 2)]
    assert _measures.growth_after_warmup(samples, 10) == 0


def test_growth_compares_the_end_with_the_start_after_warm_up():
    # 100 MB after the warm-up, 120 MB from the middle on: 20 % growth.
    samples = [(t, 100 if t < 50 else 120) for t in range(0, 101)]
    assert _measures.growth_after_warmup(samples, 10) == pytest.approx(0.2)
    # The same climb, but all of it during the warm-up: none.
    assert _measures.growth_after_warmup(samples, 50) == 0


def test_one_spike_does_not_decide_the_growth():
    samples = [(t, 100) for t in range(0, 101)]
    samples[95] = (95, 500)
    assert _measures.growth_after_warmup(samples, 10) == 0


def test_growth_needs_samples_after_the_warm_up():
    with pytest.raises(ValueError):
        _measures.growth_after_warmup([(1, 10), (2, 10)], 5)


def test_windows_group_by_time():
    samples = [(0.5, 1), (4.9, 2), (5.0, 3), (12, 4)]
    assert _measures.windows(samples, 5) == [(0, [1, 2]), (5, [3]),
                                             (10, [4])]
