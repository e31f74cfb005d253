"""How the live log names its end, from what dockerd says afterwards."""
import asyncio

from docker_dashboard.proxy import ws_logs
from docker_dashboard.proxy.engine import EngineUnavailable


class FakeEngine:
    def __init__(self, answer):
        self.answer = answer

    async def json(self, method, path, params=None, json_body=None):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def ended(answer):
    return asyncio.run(ws_logs.why_ended(FakeEngine(answer), "c" * 64))


def test_a_missing_container_was_removed():
    assert ended((404, {"message": "No such container"})) == \
        "container removed"


def test_a_container_not_running_was_stopped():
    assert ended((200, {"State": {"Running": False}})) == "container stopped"


def test_no_answer_means_the_daemon_is_unavailable():
    assert ended(EngineUnavailable("gone")) == "daemon unavailable"


def test_every_end_frame_has_a_message_for_the_user():
    for reason in ws_logs.END_MESSAGES:
        frame = ws_logs.end_frame(reason)
        assert frame["event"] == "end" and frame["message"]
