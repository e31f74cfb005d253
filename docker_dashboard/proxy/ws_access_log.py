"""An access log that never writes a WebSocket ticket.

aiohttp's default access log prints the request line with its query string,
and the log/console WebSockets carry their ticket there: a short-lived
credential, but a credential. Paths under /ws/ are logged without the query.
"""
from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_log import AccessLogger


class TicketSafeAccessLogger(AbstractAccessLogger):
    def __init__(self, logger, log_format=AccessLogger.LOG_FORMAT):
        super().__init__(logger, log_format)
        self._default = AccessLogger(logger, log_format)

    def log(self, request, response, time):
        if request.path.startswith("/ws/"):
            self.logger.info('%s "%s %s" %s %.3fs', request.remote,
                             request.method, request.path, response.status,
                             time)
            return
        self._default.log(request, response, time)
