"""Where a follower's own history ends and the shared live tail takes over.

A follower that joins a container's live tail (ws/shared_logs.py) first
reads its history as a request that ends, sent after it joined; so the
first lines the tail hands it may be lines that history already sent.
`JoinFilter` drops those by their timestamps, with the rule of a reconnect
(resume.py): lines before the last one sent are repeats, and so are as many
lines at its timestamp as were sent with it. When history sent nothing, the
lines from before the join are not wanted either (a `tail=0` follower asks
for what comes next).

It also keeps the follower's resume point (the last line sent and how many
lines were sent with that timestamp), for a follower that has to leave the
tail and go on with a stream of its own.
"""
from docker_dashboard.proxy.streams.resume import ResumeFilter
from docker_dashboard.proxy.streams.timestamps import timestamp_ns


class JoinFilter:
    def __init__(self, joined_ns):
        self._joined_ns = joined_ns
        self.last_ts = None
        self.last_count = 0
        self._resume = None

    def sent(self, lines):
        """Record lines sent to the client (history, or tail lines)."""
        for line in lines:
            if line.ts is None:
                continue
            if line.ts == self.last_ts:
                self.last_count += 1
            else:
                self.last_ts, self.last_count = line.ts, 1

    def sent_caught_up(self, lines):
        """Record a tail chunk sent whole: only its last lines matter to
        the resume point, so only they are looked at."""
        last = lines[-1].ts
        count = 1
        while count < len(lines) and lines[-1 - count].ts == last:
            count += 1
        if count == len(lines) and last == self.last_ts:
            self.last_count += count
        elif last is not None:
            self.last_ts, self.last_count = last, count

    def joined_since(self):
        """The join as dockerd's `since` (seconds.nanoseconds)."""
        return "%d.%09d" % divmod(self._joined_ns, 10 ** 9)

    def tail_lines(self, lines):
        """The lines of a tail chunk that the client does not have yet."""
        if self.last_ts is None:
            return [line for line in lines if self._after_join(line)]
        if self._resume is None:
            self._resume = ResumeFilter(self.last_ts, self.last_count)
        return self._resume.filter(lines)

    def caught_up(self, lines):
        """True when every line of this chunk is later than anything sent
        before the join: from then on the tail's lines go out as they
        come, without a look at each timestamp."""
        try:
            first = timestamp_ns(lines[0].ts)
        except (IndexError, ValueError):
            return False
        if self.last_ts is None:
            return first >= self._joined_ns
        return first > timestamp_ns(self.last_ts)

    def resume_point(self):
        """(last timestamp sent, lines sent at it), or None before any."""
        if self.last_ts is None:
            return None
        return self.last_ts, self.last_count

    def _after_join(self, line):
        try:
            return line.ts is None or timestamp_ns(line.ts) >= self._joined_ns
        except ValueError:
            return True  # cannot place it; showing it beats losing it
