"""The stats pump with dockerd faked: one frame per sample, and the end
reason named from what dockerd says once the samples stop."""
import asyncio
import json

from docker_dashboard.proxy import ws_stats
from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.ws_auth import Target

CID = "c" * 64
SAMPLE = {"read": "2026-11-28T10:00:01Z",
          "memory_stats": {"usage": 1000, "limit": 4000}}
EMPTY = {"read": "0001-01-01T00:00:00Z", "memory_stats": {}}


def target(running=True):
    return Target(container_id=CID, project_id="p", user_id="u", tty=False,
                  running=running, user="")


class FakeContent:
    """dockerd's body: these lines, then end of stream (or nothing more,
    ever, when `hang`)."""

    def __init__(self, lines, hang=False):
        self.lines = list(lines)
        self.hang = hang

    async def readline(self):
        if self.lines:
            return self.lines.pop(0)
        if self.hang:
            await asyncio.Event().wait()
        return b""


class FakeResponse:
    def __init__(self, status, content):
        self.status = status
        self.content = content

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


class FakeEngine:
    def __init__(self, status=200, lines=(), hang=False, inspect=None):
        self.response = FakeResponse(status, FakeContent(
            [json.dumps(line).encode() + b"\n" if isinstance(line, dict)
             else line for line in lines], hang))
        self.inspect = inspect or (200, {"State": {"Running": False}})
        self.requests = []

    async def request(self, method, path, params=None, **kwargs):
        if isinstance(self.response.status, Exception):
            raise self.response.status
        self.requests.append((method, path, params))
        return self.response

    async def json(self, method, path, params=None, json_body=None):
        if isinstance(self.inspect, Exception):
            raise self.inspect
        return self.inspect


class FakeSocket:
    def __init__(self):
        self.frames = []

    async def send_str(self, text):
        self.frames.append(json.loads(text))


def follow(engine, running=True):
    ws = FakeSocket()
    reason = asyncio.run(ws_stats.follow(ws, engine, target(running)))
    return reason, ws.frames


def test_each_sample_is_one_reduced_frame_and_a_stop_ends_it():
    engine = FakeEngine(lines=[SAMPLE, SAMPLE])
    reason, frames = follow(engine)
    assert [f["mem"] for f in frames] == [1000, 1000]
    assert frames[0]["mem_limit"] == 4000
    assert reason == "container stopped"
    assert engine.requests == [("GET", "/containers/%s/stats" % CID,
                                {"stream": "1"})]


def test_an_empty_sample_after_a_stop_is_not_sent_and_ends_the_stream():
    reason, frames = follow(FakeEngine(lines=[SAMPLE, EMPTY, EMPTY],
                                       hang=True))
    assert len(frames) == 1
    assert reason == "container stopped"


def test_a_removed_container_ends_as_removed():
    reason, _ = follow(FakeEngine(lines=[SAMPLE],
                                  inspect=(404, {"message": "gone"})))
    assert reason == "container removed"


def test_a_silent_stream_is_checked_and_ended_when_the_container_stopped(
        monkeypatch):
    monkeypatch.setattr(ws_stats, "SILENCE_SECONDS", 0.05)
    reason, frames = follow(FakeEngine(lines=[SAMPLE], hang=True))
    assert len(frames) == 1 and reason == "container stopped"


def test_a_stopped_container_is_not_streamed_at_all():
    engine = FakeEngine(lines=[SAMPLE])
    reason, frames = follow(engine, running=False)
    assert reason == "container stopped" and frames == []
    assert engine.requests == []


def test_no_daemon_ends_as_daemon_unavailable():
    reason, _ = follow(FakeEngine(status=EngineUnavailable("no socket")))
    assert reason == "daemon unavailable"


def test_a_line_that_is_not_json_is_skipped():
    reason, frames = follow(FakeEngine(lines=[b"{not json\n", SAMPLE]))
    assert len(frames) == 1 and reason == "container stopped"


def test_every_end_frame_has_a_message_for_the_user():
    for reason in ws_stats.END_MESSAGES:
        frame = ws_stats.end_frame(reason)
        assert frame["event"] == "end" and frame["reason"] == reason
        assert frame["message"]
