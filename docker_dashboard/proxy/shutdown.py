"""Stopping the proxy gracefully, on SIGTERM or SIGINT.

aiohttp's run_app turns either signal into GracefulExit; its runner then
stops listening, closes idle keep-alive connections, runs the app's
on_shutdown hooks, waits up to its `shutdown_timeout` for the requests still
being handled and cancels what is left. On its own, a live log WebSocket
never ends by itself: the runner would wait out the whole timeout, then the
browser would see its connection drop (1006) with no word of why.

So on_shutdown (`stop` below), within half of DD_SHUTDOWN_TIMEOUT:
- closes every live log, stats and console WebSocket (the handlers put
  themselves in app["live_sockets"]) with 1012 "service restart" and a
  reason the page shows; lines sent before the close frame arrive before it,
  so the log view resumes after the last one it got, with nothing lost;
- ends every HTTP stream that only ends when its client leaves (`logs -f`,
  `stats`, `events`: they watch app["stopping"]) cleanly, as dockerd ends
  its own when it stops;
- fails the running tasks with the reason (app["tasks"].close).
The rest of the bound goes to the requests in flight (the runner's
`shutdown_timeout`, `request_grace`), and a watchdog (`start_watchdog`)
ends a process still there after the bound, so a supervisor's stop never
waits longer.
"""
import asyncio
import contextlib
import logging
import os
import threading

from aiohttp import WSCloseCode

LOG = logging.getLogger(__name__)

# What a WebSocket client reads in the close frame: 1012 is the protocol's
# own "service restart" (RFC 6455 registry), the page shows the reason.
RESTART_CODE = WSCloseCode.SERVICE_RESTART
RESTART_REASON = "The proxy is restarting"
# What a task still running is failed with.
TASKS_REASON = "The proxy was stopped"


def setup(app):
    app["live_sockets"] = set()
    app["late_closes"] = set()
    app["stopping"] = asyncio.Event()
    app.on_shutdown.append(stop)


def request_grace(config):
    """The runner's `shutdown_timeout`: it waits that long for requests in
    flight, then as long again for their cancellation, after `stop` took
    at most half the bound."""
    return config.shutdown_timeout / 5


@contextlib.contextmanager
def live_socket(app, ws):
    """Keeps `ws` in app["live_sockets"] while its handler streams."""
    sockets = app["live_sockets"]
    sockets.add(ws)
    if app["stopping"].is_set():
        # Accepted on a connection that was mid-handshake when the stop
        # began: it gets the same end as the others.
        closing = asyncio.ensure_future(_end(ws))
        app["late_closes"].add(closing)  # a strong reference until done
        closing.add_done_callback(app["late_closes"].discard)
    try:
        yield ws
    finally:
        sockets.discard(ws)


def _end(ws):
    return ws.close(code=RESTART_CODE, message=RESTART_REASON.encode())


async def unless_stopping(app, coroutine):
    """Awaits `coroutine` unless the proxy starts stopping first, which
    cancels it. True when it ran to its end, False when the stop cut it."""
    work = asyncio.ensure_future(coroutine)
    stopping = asyncio.ensure_future(app["stopping"].wait())
    try:
        await asyncio.wait({work, stopping},
                           return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not work.done():
            work.cancel()
            await asyncio.gather(work, return_exceptions=True)
    if work.cancelled():
        return False
    work.result()  # its own exception, if it raised one
    return True


async def stop(app):
    """on_shutdown: end every live stream and the tasks, within the bound."""
    timeout = app["config"].shutdown_timeout
    app["stopping"].set()
    sockets = list(app["live_sockets"])
    LOG.info("stopping: closing %d live WebSocket(s), failing running tasks",
             len(sockets))
    jobs = [asyncio.ensure_future(_end(ws)) for ws in sockets]
    if "tasks" in app:
        jobs.append(asyncio.ensure_future(app["tasks"].close(TASKS_REASON)))
    if not jobs:
        return
    done, pending = await asyncio.wait(jobs, timeout=timeout / 2)
    for job in pending:
        job.cancel()
    await asyncio.gather(*jobs, return_exceptions=True)
    for job in done:
        if not job.cancelled() and job.exception() is not None:
            LOG.warning("while stopping: %r", job.exception())
    if pending:
        LOG.warning("stopping: %d live stream(s) or tasks did not end in "
                    "%.1f s; cut", len(pending), timeout / 2)


async def start_watchdog(app):
    """An on_shutdown hook of the proxy process (__main__), never of an app
    in a test: ends the process if it is still there DD_SHUTDOWN_TIMEOUT
    from now (a request that ignores its cancellation, a hung clean-up), so
    the stop is bounded whatever happens. Exit status 1: not graceful."""
    timeout = app["config"].shutdown_timeout

    def expire():
        LOG.error("the proxy did not stop within DD_SHUTDOWN_TIMEOUT "
                  "(%.1f s): exiting now", timeout)
        logging.shutdown()
        os._exit(1)
    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
