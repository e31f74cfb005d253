"""A logged-in user's load on Horizon, in asyncio: Containers page loads at
a fixed rate, and launches and deletes through the panel's own forms (the
Launch workflow's POST and the row's Delete or Force Delete action, each
with the session's CSRF token, as the browser posts them)."""
import asyncio
import html
import re
import time
import uuid

import aiohttp
import yarl

from tests import stack

PAGE = "/project/docker_containers/"
# The table's server-side filter box (its value; "_field" names the field).
FILTER = "containers__filter__q"
# The page's table, and the words Horizon shows when the list failed.
TABLE_MARK = 'id="containers"'
FAILED_MARK = "Unable to retrieve containers"
# Horizon renders messages as alerts; the plugin's error sentences too.
_ALERT = re.compile(r'alert-(?:danger|error|warning)[^>]*>(.*?)</div>',
                    re.S)
_ANY_ALERT = re.compile(r'alert-(?:danger|error|warning|success|info)'
                        r'[^>]*>(.*?)</div>', re.S)
_TAGS = re.compile(r"<[^>]+>")
# Every page carries this one for browsers without JavaScript.
NOSCRIPT = "This application requires JavaScript"


def alert_words(text, pattern=_ALERT):
    """The words of the page's error and warning messages (or of every
    message, with pattern=_ANY_ALERT), " / "-joined."""
    return " / ".join(
        " ".join(html.unescape(_TAGS.sub(" ", found)).split()).replace(
            "\u00d7 ", "").strip()
        for found in pattern.findall(text) if NOSCRIPT not in found)


async def logged_in(base_url, user="demo"):
    """An aiohttp session carrying the cookies of a Horizon login (made by
    tests.stack.horizon_session, the way a browser logs in)."""
    cookies = await asyncio.to_thread(
        lambda: stack.horizon_session(user, base_url=base_url).cookies)
    jar = aiohttp.CookieJar(unsafe=True)  # unsafe: cookies for 127.0.0.1
    jar.update_cookies({c.name: c.value for c in cookies},
                       yarl.URL(base_url))
    return aiohttp.ClientSession(
        cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=120))


def csrf(session):
    for cookie in session.cookie_jar:
        if cookie.key == "csrftoken":
            return cookie.value
    raise RuntimeError("no CSRF cookie in the Horizon session")


async def load_page(session, base_url):
    """(seconds, None) or (seconds, what was wrong)."""
    start = time.perf_counter()
    try:
        async with session.get(base_url + PAGE) as answer:
            text = await answer.text()
            status = answer.status
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        return time.perf_counter() - start, "no answer: %r" % error
    elapsed = time.perf_counter() - start
    if status != 200:
        return elapsed, "HTTP %s" % status
    if FAILED_MARK in text or TABLE_MARK not in text:
        return elapsed, "the page shows no container list: %s" % (
            alert_words(text)[:200] or "no message")
    return elapsed, None


class PageLoads:
    """Page loads started `rate` times a second (open loop: a slow answer
    does not slow the arrivals), at most `limit` in flight."""

    def __init__(self, sessions, base_url, rate, limit=32):
        self.sessions = sessions
        self.base_url = base_url
        self.rate = rate
        self.limit = limit
        self.samples = []     # (seconds since start, latency)
        self.errors = []      # (seconds since start, what)
        self.not_sent = 0     # arrivals dropped: `limit` already in flight
        self.in_flight = set()

    async def one(self, session, started):
        at = time.monotonic() - started
        latency, error = await load_page(session, self.base_url)
        self.samples.append((at, latency))
        if error:
            self.errors.append((at, error))

    async def run(self, started, stop):
        interval = 1.0 / self.rate
        next_at = time.monotonic()
        index = 0
        while not stop.is_set():
            if len(self.in_flight) >= self.limit:
                self.not_sent += 1
            else:
                task = asyncio.ensure_future(self.one(
                    self.sessions[index % len(self.sessions)], started))
                self.in_flight.add(task)
                task.add_done_callback(self.in_flight.discard)
            index += 1
            next_at += interval
            await asyncio.sleep(max(0, next_at - time.monotonic()))
        if self.in_flight:
            await asyncio.wait(set(self.in_flight))


class LaunchesAndDeletes:
    """One launch and one delete a second through Horizon's forms: each
    second launches a container and deletes the one launched `keep`
    launches before (so a few are running at any time)."""

    def __init__(self, session, base_url, proxy_url, token, prefix, keep=3,
                 delete_session=None):
        self.session = session
        # Deletes on a session of their own: Horizon's messages travel in
        # the session's cookies, and the launches' would race them; and
        # the table filter a delete sets stays in its session.
        self.delete_session = delete_session or session
        # A delete is two posts (the filter, then the action): one at a time,
        # or another delete's filter would land between them.
        self.one_delete = asyncio.Lock()
        self.base_url = base_url
        self.proxy_url = proxy_url
        self.token = token
        self.prefix = prefix
        self.keep = keep
        self.launched = []
        self.pending_delete = []
        self.launches = 0
        self.deletes = 0
        self.errors = []
        self.launch_times = []
        self.not_sent = 0

    async def container_state(self, name):
        """(id, Docker's status) of a container by name, asked of the proxy
        as the user; None when it is gone."""
        async with aiohttp.ClientSession() as plain:
            async with plain.get("%s/containers/%s/json" % (self.proxy_url,
                                                            name),
                                 headers={"X-Auth-Token": self.token}) as r:
                if r.status == 404:
                    return None
                found = await r.json()
                return found["Id"], found["State"]["Status"]

    async def launch(self, at):
        name = "%s-%s" % (self.prefix, uuid.uuid4().hex[:8])
        url = self.base_url + PAGE + "launch/"
        start = time.perf_counter()
        async with self.session.post(url, data={
                "csrfmiddlewaretoken": csrf(self.session),
                "image": "busybox:latest", "name": name,
                "command": "sleep 600", "flavor": "1",
                "restart_policy": "no", "start": "on"},
                headers={"Referer": url}, allow_redirects=False) as answer:
            status = answer.status
            location = answer.headers.get("Location", "")
        self.launch_times.append((at, time.perf_counter() - start))
        self.launched.append(name)
        if status != 302 or "pending" in location:
            self.errors.append((at, "launch answered %s %s" % (status,
                                                               location)))
            return
        self.launches += 1
        self.pending_delete.append(name)

    async def delete(self, at, name):
        """The row's Delete action for a stopped container, Force Delete for
        a running one: the one the row's menu offers."""
        async with self.one_delete:
            await self._delete(at, name)

    async def _delete(self, at, name):
        found = await self.container_state(name)
        if found is None:
            self.errors.append((at, "launched %s is not there" % name))
            return
        cid, status = found
        action = "delete" if status in ("created", "exited", "dead") else (
            "force_delete")
        # As a user among hundreds of containers does: the name typed in
        # the table's filter (Horizon keeps it in the session and answers
        # with the first page of what matches), then the row's action.
        # Horizon acts only on a row of the page it lists (else "No match
        # returned for the id"): posted to the unfiltered first page, the
        # container may be on another.
        filtered = {FILTER: name, FILTER + "_field": "name"}
        async with self.delete_session.post(self.base_url + PAGE, data=dict(
                filtered, csrfmiddlewaretoken=csrf(self.delete_session)),
                headers={"Referer": self.base_url + PAGE},
                allow_redirects=False) as answer:
            if answer.status != 302:
                self.errors.append((at, "the filter answered %s"
                                    % answer.status))
                return
        async with self.delete_session.post(self.base_url + PAGE, data={
                "csrfmiddlewaretoken": csrf(self.delete_session),
                "action": "containers__%s__%s" % (action, cid)},
                headers={"Referer": self.base_url + PAGE},
                allow_redirects=False) as answer:
            status_code = answer.status
        if status_code != 302:
            self.errors.append((at, "delete answered %s" % status_code))
            return
        if await self.container_state(cid) is not None:
            # What Horizon told the user: the message on the next page.
            async with self.delete_session.get(self.base_url
                                               + PAGE) as page:
                words = alert_words(await page.text(), _ANY_ALERT)
            self.errors.append((at, "%s of a %s container answered 302 but "
                                    "left it there; the page then said: %s"
                                % (action, status,
                                   words[:160] or "nothing")))
            return
        self.deletes += 1

    async def _step(self, coroutine, at):
        try:
            await coroutine
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            self.errors.append((at, "no answer: %r" % error))

    async def run(self, started, stop, limit=4):
        """Open loop, as page loads: a slow launch does not delay the next
        one; at most `limit` of each in flight (beyond that an arrival is
        counted as not sent)."""
        next_at = time.monotonic()
        flying = set()
        while not stop.is_set():
            at = time.monotonic() - started
            wanted = [lambda: self.launch(at)]
            if len(self.pending_delete) > self.keep:
                wanted.append(lambda: self.delete(
                    at, self.pending_delete.pop(0)))
            for make in wanted:
                if len(flying) >= 2 * limit:
                    self.not_sent += 1
                    continue
                task = asyncio.ensure_future(self._step(make(), at))
                flying.add(task)
                task.add_done_callback(flying.discard)
            next_at += 1.0
            await asyncio.sleep(max(0, next_at - time.monotonic()))
        if flying:
            await asyncio.wait(set(flying))

    async def delete_rest(self):
        """The containers still running at the end, deleted the same way."""
        while self.pending_delete:
            at = -1
            try:
                await self.delete(at, self.pending_delete.pop(0))
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                self.errors.append((at, "no answer: %r" % error))
