"""A follower that falls too far behind the shared tail leaves it and goes
on with a stream of its own from the last line it sent (ws/shared_logs.py):
the tail never waits for it, and it loses nothing."""
import asyncio
from unittest import mock

from docker_dashboard.proxy.streams import LogLine
from docker_dashboard.proxy.ws import shared_logs
from docker_dashboard.proxy.ws_log_options import LogOptions

T = "2030-01-01T00:%02d:00.000000000Z"


class SlowSocket:
    """A browser whose socket takes one frame, then stops reading."""

    def __init__(self):
        self.frames = []
        self.release = asyncio.Event()

    async def send_str(self, text):
        self.frames.append(text)
        if len(self.frames) > 1:
            await self.release.wait()


def test_a_follower_too_far_behind_goes_on_alone_from_its_last_line():
    async def scenario():
        tails = shared_logs.LiveTails()
        target = mock.Mock(container_id="c" * 64, tty=False)
        tail = tails.tail(None, target, True, False)
        tail._task = asyncio.get_running_loop().create_future()  # no dockerd
        follower = tail.join()
        sock = SlowSocket()
        alone = mock.AsyncMock(return_value="container stopped")
        with mock.patch.object(shared_logs, "_history",
                               mock.AsyncMock(return_value=None)), \
                mock.patch.object(shared_logs.ws_logs, "follow", alone):
            following = asyncio.ensure_future(shared_logs._follow_joined(
                sock, None, target, LogOptions(stderr=False), tail,
                follower))
            # The tail goes on; the socket holds the follower at its
            # second frame until it is QUEUE_CHUNKS behind.
            for second in range(shared_logs.QUEUE_CHUNKS + 3):
                tail._publish([LogLine("stdout", "n", T % (second % 60))])
                await asyncio.sleep(0)
            assert follower not in tail.followers
            sock.release.set()
            reason = await following
        return reason, alone.await_args, sock
    reason, (args, _), sock = asyncio.run(scenario())
    assert reason == "container stopped"
    options = args[3]
    # It resumes after the frames it sent: the queue it held is dropped
    # with the tail, and its own stream starts from its last line.
    assert options.resume is not None
    assert options.stdout and not options.stderr
    assert len(sock.frames) >= 2
