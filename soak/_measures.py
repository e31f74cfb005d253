"""The soak's figures from its samples: percentiles, memory growth after
the warm-up, and per-window series for the chart. Pure (unit-tested in
tests/unit/soak/test_soak_measures.py)."""
import math
import statistics


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value with at least
    `fraction` of the values at or below it (p99 of 100 values is the 99th)."""
    if not values:
        raise ValueError("no values")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    ordered = sorted(values)
    # Rounded first: 0.07 * 100 is 7.000000000000001 in floating point.
    rank = math.ceil(round(fraction * len(ordered), 9))
    return ordered[max(rank, 1) - 1]


def growth_after_warmup(samples, warmup_seconds, window_fraction=0.1):
    """How much a memory series grew once warm: the median of the samples in
    the last `window_fraction` of the run over the median of the first
    `window_fraction` after the warm-up, minus 1 (0.1 is 10 % growth).
    `samples`: [(seconds since start, value)] in time order. Medians, so one
    sample caught in the middle of a burst does not decide it."""
    warm = [(t, v) for t, v in samples if t >= warmup_seconds]
    if len(warm) < 2:
        raise ValueError("not enough samples after the warm-up")
    span = warm[-1][0] - warm[0][0]
    width = max(span * window_fraction, 0)
    start = [v for t, v in warm if t <= warm[0][0] + width]
    end = [v for t, v in warm if t >= warm[-1][0] - width]
    baseline = statistics.median(start)
    return statistics.median(end) / baseline - 1


def windows(samples, seconds):
    """[(window start, [values])] grouping (time, value) samples into
    consecutive windows of `seconds`, empty windows left out."""
    grouped = {}
    for t, value in samples:
        grouped.setdefault(int(t // seconds), []).append(value)
    return [(index * seconds, grouped[index]) for index in sorted(grouped)]
