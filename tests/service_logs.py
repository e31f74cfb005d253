"""What the services wrote to their logs during a test run, and which of it
is an error: the log check of tests/conftest.py.

A traceback or an ERROR line in Horizon's, the proxy's, Keystone's, Glance's
or Nova's log is a bug even when every test passes, unless a test causes it
on purpose and tests/log_allowlist.py names it. Each log's size is recorded
when the run starts and at the start of every test, so that each error is
quoted with the test during which it was written (a line written after a
test ended lands on the next one).

dockerd's and the registry's logs are not read: both write `level=error`
for answers that are normal (a 404 for a blob a push first asks about, a
container stopped by a signal).
"""
import os
import re

LOGS = ("horizon.log", "proxy.log", "proxy-host2.log", "keystone.log",
        "glance.log", "nova.log", "placement.log")

# A line that opens a record of its own, in the formats the stack writes:
# Horizon's `LEVEL logger: ...`, the proxy's and oslo.log's timestamp first,
# gunicorn's `[time] [pid] [LEVEL]` and access lines, service.sh's `=====`.
RECORD = re.compile(
    r"^(?:\d{4}-\d\d-\d\d[ T]|\[\d{4}-\d\d-\d\d |=====|\S+ - \S+ \[\d\d/"
    r"|(?:DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+: )")
# The record's level, where each format writes it.
ERROR_LEVEL = re.compile(
    r"^(?:\d{4}-\d\d-\d\d[ T]\S+ (?:\d+ )?|\[[^]]+\] \[\d+\] \[)?"
    r"(?:ERROR|CRITICAL)\b")
TRACEBACK = "Traceback (most recent call last):"


class Entry:
    """One error as the log holds it: its lines, the log and the offset of
    its first line, and the test it was written during."""

    def __init__(self, log, offset, lines):
        self.log, self.offset, self.lines = log, offset, lines
        self.test = None

    @property
    def text(self):
        return "".join(self.lines)

    def quote(self, limit=16):
        """The entry as the failure shows it: who logged it, the project's
        own frames (site-packages' are left out when it is long) and what
        was raised."""
        lines = self.lines
        if len(lines) > limit:
            ours = [i for i, line in enumerate(lines)
                    if line.lstrip().startswith("File ")
                    and "site-packages" not in line]
            keep = sorted(set([0, 1] + ours + [i + 1 for i in ours]
                              + list(range(len(lines) - 3, len(lines)))))
            lines = [lines[i] if i in keep else "    ...\n"
                     for i in range(len(lines))]
            lines = [line for i, line in enumerate(lines)
                     if not (line == "    ...\n" and i and
                             lines[i - 1] == "    ...\n")]
        return "".join("    " + line for line in lines).rstrip()


def errors_in(log, text, base=0):
    """The error entries in `text`, which starts at byte `base` of `log`.

    An entry is an ERROR/CRITICAL record or a traceback, with the lines that
    continue it: a traceback's frames, exception lines and chained
    tracebacks; the line before a traceback (it says who logged it).
    Consecutive error records make one entry (oslo.log writes each
    traceback line as one)."""
    entries, current, previous = [], None, None
    in_traceback = after_exception = False
    offset = base
    for line in text.splitlines(keepends=True):
        level_error = bool(ERROR_LEVEL.match(line))
        traceback = line.startswith(TRACEBACK)
        record = bool(RECORD.match(line))
        if current is not None and in_traceback and not record:
            if traceback or _inside_traceback(line):
                current.lines.append(line)
                after_exception = after_exception and not traceback
                continue
            if not after_exception:
                current.lines.append(line)     # the exception raised
                after_exception = True
                continue
            current = None                     # a line the traceback ends
        if current is not None and (
                traceback or (not in_traceback and not record)
                or (level_error and ERROR_LEVEL.match(current.lines[-1]))):
            current.lines.append(line)
            in_traceback = in_traceback or traceback
        elif level_error or traceback:
            if traceback and previous is not None:
                current = Entry(log, previous[0], [previous[1], line])
            else:
                current = Entry(log, offset, [line])
            entries.append(current)
            in_traceback, after_exception = traceback, False
        else:
            current = None
            in_traceback = after_exception = False
        previous = (offset, line)
        offset += len(line.encode("utf-8", "surrogateescape"))
    return entries


def _inside_traceback(line):
    """A traceback's frame, or the words that chain two of them."""
    return (line[:1] in (" ", "\t", "\n", "\r")
            or line.startswith(("During handling of the above exception",
                                "The above exception was the direct cause")))


class Watch:
    """The stack's logs from the start of a run: marks per test, then the
    error entries written since, each attributed to its test."""

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.start = self._sizes()
        self.marks = []          # (test node id, sizes at its start)

    def _sizes(self):
        sizes = {}
        for name in LOGS:
            try:
                sizes[name] = os.path.getsize(os.path.join(self.log_dir, name))
            except OSError:
                sizes[name] = 0
        return sizes

    def mark(self, test):
        self.marks.append((test, self._sizes()))

    def entries(self):
        found = []
        for name in LOGS:
            path = os.path.join(self.log_dir, name)
            begin = self.start[name]
            try:
                with open(path, "rb") as f:
                    size = os.fstat(f.fileno()).st_size
                    # A log made anew (smaller than at the start) is read
                    # whole.
                    begin = begin if size >= begin else 0
                    f.seek(begin)
                    text = f.read().decode("utf-8", "surrogateescape")
            except OSError:
                continue
            for entry in errors_in(name, text, begin):
                entry.test = self._test_at(name, entry.offset)
                found.append(entry)
        return found

    def _test_at(self, log, offset):
        test = "(before the first test)"
        for name, sizes in self.marks:
            if sizes[log] > offset:
                break
            test = name
        return test


def unexpected(entries, allowed):
    """The entries no allow-list item covers. An item is (test, pattern,
    why): `test` a node-id prefix ('' for any test), `pattern` a regular
    expression searched in the entry's text."""
    return [entry for entry in entries
            if not any((entry.test or "").startswith(test)
                       and re.search(pattern, entry.text)
                       for test, pattern, _why in allowed)]


def report(entries, limit=40):
    text = "\n\n".join("%s, during %s:\n%s" % (e.log, e.test, e.quote())
                       for e in entries[:limit])
    if len(entries) > limit:
        text += "\n\n... and %d more" % (len(entries) - limit)
    return text
