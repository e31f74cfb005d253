"""The proxy's access log never writes a WebSocket ticket."""
import logging
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
