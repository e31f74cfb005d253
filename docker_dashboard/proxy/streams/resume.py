"""Resuming a live log after a reconnect without showing lines twice.

The browser remembers the timestamp of the last line it has (``last_ts``) and how
many lines it has with exactly that timestamp (``seen_count``; usually 1, more
when a burst is logged within one clock tick). On reconnect the proxy asks
dockerd for ``since=<last_ts>``. Docker's ``since`` is inclusive, so the first
lines sent again are ones the browser already shows; `ResumeFilter` drops them.
"""

from docker_dashboard.proxy.streams.timestamps import docker_since, timestamp_ns


class ResumeFilter:
    """Drops the lines a reconnecting client already has.

    Lines before ``last_ts`` are dropped (they can only be repeats), the first
    ``seen_count`` lines at ``last_ts`` are dropped, everything else passes.
    Lines without a timestamp always pass: without timestamps there is nothing
    to resume from, so the proxy should request them when resuming.
    """

    def __init__(self, last_ts, seen_count=1):
        if not isinstance(seen_count, int) or isinstance(seen_count, bool) or seen_count < 0:
            raise ValueError(f"seen_count must be an int >= 0, got {seen_count!r}")
        self.last_ts = last_ts
        self._last_ns = timestamp_ns(last_ts)  # ValueError for a bad client value
        self._still_to_skip = seen_count

    @property
    def since(self):
        """The ``since`` query value to send to dockerd for this resume point."""
        return docker_since(self.last_ts)

    def accept(self, line):
        """True if ``line`` is new to the client."""
        if line.ts is None:
            return True
        try:
            line_ns = timestamp_ns(line.ts)
        except ValueError:
            return True  # cannot place it; showing it twice beats losing it
        if line_ns < self._last_ns:
            return False
        if line_ns == self._last_ns and self._still_to_skip > 0:
            self._still_to_skip -= 1
            return False
        return True

    def filter(self, lines):
        return [line for line in lines if self.accept(line)]
