"""`python -m docker_dashboard.proxy`: run the proxy in the foreground."""
import logging

from aiohttp import web

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
    web.run_app(make_app(config), host=config.listen_host,
                port=config.listen_port, print=None,
                access_log_class=TicketSafeAccessLogger)


if __name__ == "__main__":
    main()
