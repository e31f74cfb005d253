"""The Logs WebSocket's query string, checked and turned into dockerd's.

Pure: no I/O, so every refusal is unit-tested.
"""
import dataclasses
import re

from docker_dashboard.proxy.streams import ResumeFilter

MAX_TAIL = 100_000
_SINCE = re.compile(r"\d{1,12}(\.\d{1,9})?")
_FLAGS = {"1": True, "true": True, "0": False, "false": False}


class BadOption(ValueError):
    """A query value the handler refuses (400 before the handshake)."""


@dataclasses.dataclass(frozen=True)
class LogOptions:
    tail: str = "100"
    since: str = ""
    stdout: bool = True
    stderr: bool = True
    resume: ResumeFilter | None = None

    def engine_params(self):
        """dockerd's query: always follow, always timestamps (a reconnect
        resumes from the last line's timestamp, and a client may hide them)."""
        params = {"follow": "1", "timestamps": "1",
                  "stdout": "1" if self.stdout else "0",
                  "stderr": "1" if self.stderr else "0"}
        if self.resume is not None:
            # Everything from the last line on; ResumeFilter drops repeats.
            params["since"] = self.resume.since
            params["tail"] = "all"
        else:
            params["tail"] = self.tail
            if self.since:
                params["since"] = self.since
        return params


def _flag(query, name, default):
    value = query.get(name)
    if value is None or value == "":
        return default
    if value.lower() not in _FLAGS:
        raise BadOption("%s must be 0 or 1" % name)
    return _FLAGS[value.lower()]


def parse(query):
    """A `LogOptions` from the WebSocket URL's query (a Mapping)."""
    tail = query.get("tail") or "100"
    if tail != "all":
        if not tail.isdigit() or int(tail) > MAX_TAIL:
            raise BadOption("tail must be 'all' or a number up to %d"
                            % MAX_TAIL)
        tail = str(int(tail))
    since = query.get("since") or ""
    if since and not _SINCE.fullmatch(since):
        raise BadOption("since must be Unix seconds, e.g. 1700000000.5")
    stdout = _flag(query, "stdout", True)
    stderr = _flag(query, "stderr", True)
    if not (stdout or stderr):
        raise BadOption("at least one of stdout and stderr is needed")
    resume = None
    resume_ts = query.get("resume_ts")
    if resume_ts:
        count = query.get("resume_count") or "1"
        if not count.isdigit():
            raise BadOption("resume_count must be a number")
        try:
            resume = ResumeFilter(resume_ts, int(count))
        except ValueError as error:
            raise BadOption("resume_ts is not a Docker timestamp") from error
    return LogOptions(tail=tail, since=since, stdout=stdout, stderr=stderr,
                      resume=resume)
