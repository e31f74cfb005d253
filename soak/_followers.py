"""Live log followers: WebSockets to a proxy with tickets minted as Horizon
mints them (the shared secret, the user's project, one container, "logs"),
all in one asyncio loop. Each follower keeps the numbers of the lines it
received; a socket that closes or ends early counts as an error and is
reopened the way the browser's log view reopens it (a fresh ticket and
resume_ts/resume_count, live_logs.js), so what a reconnect loses or repeats
shows in the numbers."""
import asyncio
import json
import time
import urllib.parse

import aiohttp

from bench import _logs_common
from soak import _lines

# One line every 100 ms, numbered from 0.
WRITER = ["sh", "-c", "i=0; while true; do echo n-$i; i=$((i+1)); "
                      "sleep 0.1; done"]


async def mint_here(container_id, base):
    """A ticket minted with the stack's shared secret, as Horizon's ticket
    view mints it (bench/_logs_common.py)."""
    return "%s/ws/containers/%s/logs" % (base, container_id), \
        _logs_common.ticket(container_id)


def minted_by_horizon(session, horizon_url):
    """Tickets from Horizon's own ticket view (the POST the Logs tab's
    script makes, with the session's CSRF token)."""
    from soak import _horizon_load

    async def mint(container_id, base):
        url = "%s%s%s/ticket/logs/" % (horizon_url, _horizon_load.PAGE,
                                       container_id)
        async with session.post(url, headers={
                "X-CSRFToken": _horizon_load.csrf(session),
                "Referer": horizon_url + _horizon_load.PAGE}) as answer:
            if answer.status != 200:
                raise aiohttp.ClientResponseError(
                    answer.request_info, (), status=answer.status,
                    message="Horizon's ticket view")
            minted = await answer.json()
        return minted["ws_url"], minted["ticket"]
    return mint


class Follower:
    def __init__(self, container_id, base, mint=mint_here):
        self.container_id = container_id
        self.base = base
        self.mint = mint
        self.numbers = []
        self.highest = -1
        self.errors = []          # (seconds since start, what happened)
        self.last_ts = None
        self.last_ts_count = 0
        self.opened = asyncio.Event()

    async def url(self):
        query = {"tail": "0"}
        if self.last_ts:
            query = {"resume_ts": self.last_ts,
                     "resume_count": str(self.last_ts_count)}
        ws_url, query["ticket"] = await self.mint(self.container_id,
                                                  self.base)
        return "%s?%s" % (ws_url, urllib.parse.urlencode(query))

    def take(self, frame):
        for line in frame:
            number = _lines.number_of(line.get("text", ""))
            if number is None:
                continue
            self.numbers.append(number)
            self.highest = max(self.highest, number)
            if line.get("ts") == self.last_ts:
                self.last_ts_count += 1
            else:
                self.last_ts, self.last_ts_count = line.get("ts"), 1

    async def run(self, session, started, stop, target):
        """Follows until `stop` is set and then until the number in
        `target[container]` (the writer's count at the stop) is reached."""
        while True:
            try:
                url = await self.url()
                async with session.ws_connect(
                        url, headers={"Origin": _logs_common.ORIGIN},
                        heartbeat=None) as ws:
                    self.opened.set()
                    why = None
                    async for msg in ws:
                        if msg.type != aiohttp.WSMsgType.TEXT:
                            why = "a %s message" % msg.type.name
                            break
                        frame = json.loads(msg.data)
                        if isinstance(frame, dict):
                            why = "end frame: %s" % frame
                            break
                        self.take(frame)
                        if stop.is_set() and self.reached(target):
                            return
                    self.errors.append((time.monotonic() - started, why or (
                        "socket closed (code %s)" % ws.close_code)))
            except aiohttp.WSServerHandshakeError as error:
                self.errors.append((time.monotonic() - started,
                                    "reopening answered HTTP %s"
                                    % error.status))
            except aiohttp.ClientResponseError as error:
                self.errors.append((time.monotonic() - started,
                                    "%s answered HTTP %s"
                                    % (error.message, error.status)))
            except (aiohttp.ClientError, OSError,
                    asyncio.TimeoutError) as error:
                # The type only: the message names the URL, ticket and all.
                self.errors.append((time.monotonic() - started,
                                    "could not connect (%s)"
                                    % type(error).__name__))
            # Tried, at least: the run starts even if this one failed
            # (the failure is counted).
            self.opened.set()
            if stop.is_set() and self.reached(target):
                return
            await asyncio.sleep(1)  # the browser's reconnect delay

    def reached(self, target):
        wanted = target.get(self.container_id)
        return wanted is not None and self.highest >= wanted


class Followers:
    """`count` followers spread evenly over `container_ids`."""

    def __init__(self, container_ids, base, count, mint=mint_here):
        self.followers = [Follower(container_ids[i % len(container_ids)],
                                   base, mint) for i in range(count)]
        self.stop = asyncio.Event()
        self.target = {}
        self.tasks = []

    async def start(self, session, started, timeout=120):
        self.tasks = [asyncio.ensure_future(f.run(session, started,
                                                  self.stop, self.target))
                      for f in self.followers]
        await asyncio.wait_for(asyncio.gather(
            *(f.opened.wait() for f in self.followers)), timeout)

    async def finish(self, timeout=20):
        """Each writer's highest number seen now is what every follower of
        it must reach; then the followers close."""
        for follower in self.followers:
            if follower.numbers:
                self.target[follower.container_id] = max(
                    self.target.get(follower.container_id, -1),
                    follower.highest)
        self.stop.set()
        done, pending = await asyncio.wait(self.tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        return len(pending)

    def audit(self):
        """(total Audit, followers with any loss or duplicate, errors)."""
        total = _lines.Audit()
        damaged = 0
        errors = []
        for follower in self.followers:
            found = _lines.audit(follower.numbers,
                                 until=self.target.get(follower.container_id))
            total.add(found)
            damaged += bool(found.lost or found.duplicated)
            errors += follower.errors
        return total, damaged, errors
