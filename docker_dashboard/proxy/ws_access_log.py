"""An access log that never writes a WebSocket ticket, and costs little.

aiohttp's default access log prints the request line with its query string,
and the log/console WebSockets carry their ticket there: a short-lived
credential, but a credential. Paths under /ws/ are logged without the query.

The line is aiohttp's default format (`%a %t "%r" %s %b "%{Referer}i"
"%{User-Agent}i"`), written here in one step: aiohttp's generic formatter
(one method call per field, a timezone-aware datetime per request) was a
tenth of the proxy's time on a small call (BENCHMARKS.md, "Per-call
overhead").
"""
import time as time_module

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_log import AccessLogger

LINE = '%s %s "%s %s HTTP/%d.%d" %s %s "%s" "%s"'


class TicketSafeAccessLogger(AbstractAccessLogger):
    def __init__(self, logger, log_format=AccessLogger.LOG_FORMAT):
        super().__init__(logger, log_format)
        # Another format than the default: aiohttp's formatter writes it.
        self._custom = (AccessLogger(logger, log_format)
                        if log_format != AccessLogger.LOG_FORMAT else None)
        self._second = None
        self._stamp = ""

    def _started(self, elapsed):
        """`[02/Dec/2026:07:53:22 +0000]`: when the request began, local
        time, formatted once per second."""
        second = int(time_module.time() - elapsed)
        if second != self._second:
            self._stamp = time_module.strftime(
                "[%d/%b/%Y:%H:%M:%S %z]", time_module.localtime(second))
            self._second = second
        return self._stamp

    def log(self, request, response, time):
        if request.path.startswith("/ws/"):
            self.logger.info('%s "%s %s" %s %.3fs', request.remote,
                             request.method, request.path, response.status,
                             time)
            return
        if self._custom is not None:
            self._custom.log(request, response, time)
            return
        headers = request.headers
        version = request.version
        self.logger.info(LINE, request.remote or "-", self._started(time),
                         request.method, request.path_qs, version.major,
                         version.minor, response.status,
                         response.body_length, headers.get("Referer", "-"),
                         headers.get("User-Agent", "-"))
