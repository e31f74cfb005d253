"""`python -m docker_dashboard.proxy`: run the proxy in the foreground."""
import asyncio
import logging
import os

from aiohttp import web

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy.app import make_app
from docker_dashboard.proxy.config import ProxyConfig
from docker_dashboard.proxy.ws_access_log import TicketSafeAccessLogger

LOG = logging.getLogger(__name__)


def new_event_loop():
    """uvloop's event loop when it is installed and DD_EVENT_LOOP is not
    "asyncio": every call and every live-log line is a few socket reads and
    writes the loop drives, and uvloop's are written in C (BENCHMARKS.md,
    "Per-call overhead"). Without it, asyncio's own loop, as before."""
    if os.environ.get("DD_EVENT_LOOP", "uvloop") != "asyncio":
        try:
            import uvloop
        except ImportError:
            pass
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def main():
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # aiohttp's access log prints request lines only, never headers, so the
    # X-Auth-Token stays out of the log.
    config = ProxyConfig.from_env()
    # Set before the app is made: whatever it makes binds to this loop.
    loop = new_event_loop()
    asyncio.set_event_loop(loop)
    LOG.info("event loop: %s", type(loop).__module__)
    app = make_app(config)
    # First of the stop's steps: whatever happens next, the process ends
    # within DD_SHUTDOWN_TIMEOUT.
    app.on_shutdown.insert(0, shutdown.start_watchdog)
    web.run_app(app, host=config.listen_host, loop=loop,
                port=config.listen_port, print=None,
                access_log_class=TicketSafeAccessLogger,
                # SIGTERM and SIGINT stop it gracefully (shutdown.py).
                shutdown_timeout=shutdown.request_grace(config))


if __name__ == "__main__":
    main()
