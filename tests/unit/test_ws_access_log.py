"""The proxy's access log never writes a WebSocket ticket."""
import logging
import re
from unittest import mock

from docker_dashboard.proxy.ws_access_log import TicketSafeAccessLogger


def log_line(path_qs, caplog):
    logger = logging.getLogger("test.access")
    request = mock.Mock(path=path_qs.split("?")[0], path_qs=path_qs,
                        method="GET", remote="127.0.0.1", headers={},
                        version=mock.Mock(major=1, minor=1))
    request.rel_url.path_qs = path_qs
    response = mock.Mock(status=101, body_length=0, headers={})
    with caplog.at_level(logging.INFO, logger="test.access"):
        TicketSafeAccessLogger(logger).log(request, response, 0.5)
    return caplog.text


def test_a_ws_request_is_logged_without_its_query(caplog):
    text = log_line("/ws/containers/abc/logs?ticket=v1.SECRET.SIG", caplog)
    assert "/ws/containers/abc/logs" in text
    assert "SECRET" not in text and "ticket" not in text


def test_any_other_request_is_logged_as_aiohttp_logs_it(caplog):
    """The line is written in one step (ws_access_log.py) but reads exactly
    as aiohttp's default access log line for the same request."""
    from aiohttp.web_log import AccessLogger
    logger = logging.getLogger("test.access")
    request = mock.Mock(path="/v1.41/containers/json",
                        path_qs="/v1.41/containers/json?all=1",
                        method="GET", remote="127.0.0.1",
                        headers={"User-Agent": "docker-sdk-python/7.2.0"},
                        version=mock.Mock(major=1, minor=1))
    response = mock.Mock(status=200, body_length=4394, headers={})
    lines = []
    for access_logger in (TicketSafeAccessLogger(logger),
                          AccessLogger(logger, AccessLogger.LOG_FORMAT)):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="test.access"):
            access_logger.log(request, response, 0.0004)
        lines.append(caplog.records[-1].getMessage())
    # The time is the request's start to the second: a second may turn
    # between the two lines, so it is compared by its form.
    stamp = re.compile(
        r"\[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]")
    ours, aiohttps = (stamp.sub("[time]", line, count=1) for line in lines)
    assert stamp.search(lines[0])
    assert ours == aiohttps
    assert '"GET /v1.41/containers/json?all=1 HTTP/1.1" 200 4394 "-"' in ours
