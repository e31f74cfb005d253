"""`python -m docker_dashboard.proxy`: run the proxy in the foreground."""
import logging

from aiohttp import web

from docker_dashboard.proxy import shutdown
from docker_dashboard.proxy.app import make_app
from docker_dashboard.proxy.config import ProxyConfig
from docker_dashboard.proxy.ws_access_log import TicketSafeAccessLogger


def main():
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # aiohttp's access log prints request lines only, never headers, so the
    # X-Auth-Token stays out of the log.
    config = ProxyConfig.from_env()
    app = make_app(config)
    # First of the stop's steps: whatever happens next, the process ends
    # within DD_SHUTDOWN_TIMEOUT.
    app.on_shutdown.insert(0, shutdown.start_watchdog)
    web.run_app(app, host=config.listen_host,
                port=config.listen_port, print=None,
                access_log_class=TicketSafeAccessLogger,
                # SIGTERM and SIGINT stop it gracefully (shutdown.py).
                shutdown_timeout=shutdown.request_grace(config))


if __name__ == "__main__":
    main()
