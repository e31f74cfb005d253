"""The Logs tab's reconnect in a real Chromium, as demo: the WebSocket is
dropped while the container keeps writing numbered lines, the view
reconnects by itself and resumes after the last line it had, so the numbers
it shows run on with no gap and no duplicate across the drop."""
import re
import urllib.parse
import uuid

import pytest

from tests import stack

CONTAINERS = "/project/docker_containers/"
# Lines written during the drop: the reconnect is held until the container
# has written this many more, so the resume has a real gap to fill.
WRITTEN_DURING_DROP = 20

# Keeps every WebSocket the page opens in window.__ddSockets, so the test
# can drop the live one the way a network failure would.
TRACK_SOCKETS = """
(function () {
  var Native = window.WebSocket;
  window.__ddSockets = [];
  function Tracked(url, protocols) {
    var socket = protocols === undefined ? new Native(url)
                                         : new Native(url, protocols);
    window.__ddSockets.push(socket);
    return socket;
  }
  Tracked.prototype = Native.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) {
    Tracked[name] = Native[name];
  });
  window.WebSocket = Tracked;
}());
"""

SHOWN_NUMBERS = """
() => Array.from(document.querySelectorAll('.dd-logs-view .log-text'))
           .map(node => node.textContent)
"""

# Drops the live socket and answers the last number shown at that moment,
# in one tick of the page, so no line can arrive in between.
DROP_SOCKET = """
() => {
  var texts = Array.from(document.querySelectorAll('.dd-logs-view .log-text'));
  var last = texts[texts.length - 1].textContent;
  window.__ddSockets[window.__ddSockets.length - 1].close();
  return last;
}
"""


@pytest.fixture
def counting_container():
    """A demo container writing n=1, n=2, ... about twenty lines a second."""
    client = stack.docker_client("demo")
    created = client.create_container(
        "busybox:latest",
        ["sh", "-c", "i=0; while true; do i=$((i+1)); echo n=$i; "
                     "sleep 0.05; done"],
        name="p5-reconnect-%s" % uuid.uuid4().hex[:8],
        host_config=client.create_host_config(mem_limit="64m",
                                              nano_cpus=500_000_000))
    client.start(created["Id"])
    yield created["Id"]
    client.remove_container(created["Id"], force=True)


def number(text):
    found = re.fullmatch(r"n=(\d+)", text.strip())
    assert found, "not a numbered line: %r" % text
    return int(found.group(1))


def wait_until_written(cid, target, client=None):
    """Returns once the container's own log reaches line n=target (read by
    following the log, not by polling), through the proxy as demo unless
    another `client` is given."""
    client = client or stack.docker_client("demo")
    stream = client.logs(cid, stream=True, follow=True, tail=1)
    try:
        for chunk in stream:
            for line in chunk.decode().split():
                if line.startswith("n=") and number(line) >= target:
                    return
    finally:
        stream.close()


def wait_until_shown(page, target):
    page.wait_for_function(
        """target => Array.from(document.querySelectorAll(
               '.dd-logs-view .log-text'))
             .some(node => node.textContent.trim() === 'n=' + target)""",
        arg=target)


def test_a_dropped_socket_resumes_without_gap_or_duplicate(
        login, counting_container):
    page = login("demo").context.new_page()
    held = {}

    def hold_the_reconnect(route):
        # The first ticket opens the view; the next one is the reconnect,
        # let through only after more lines were written while dropped.
        if "dropped_at" in held:
            wait_until_written(counting_container,
                               held["dropped_at"] + WRITTEN_DURING_DROP)
            held["reconnects"] = held.get("reconnects", 0) + 1
        route.continue_()

    try:
        page.add_init_script(TRACK_SOCKETS)
        page.route("**/ticket/logs/", hold_the_reconnect)
        page.goto("%s%s/?tab=container_details__logs"
                  % (CONTAINERS, counting_container))
        status = page.locator(".dd-logs-status")
        page.wait_for_function(
            """() => document.querySelector('.dd-logs-status').textContent
                       === 'Live' && document.querySelector(
                       '.dd-logs-view .log-text') !== null""")
        first_numbers = [number(t) for t in page.evaluate(SHOWN_NUMBERS)]
        wait_until_shown(page, first_numbers[-1] + 5)

        held["dropped_at"] = number(page.evaluate(DROP_SOCKET))
        after_drop = held["dropped_at"] + WRITTEN_DURING_DROP + 10
        wait_until_shown(page, after_drop)

        assert held.get("reconnects") == 1
        assert page.evaluate("window.__ddSockets.length") == 2
        # Only the query's names: a failure never prints the ticket.
        asked = set(urllib.parse.parse_qs(urllib.parse.urlsplit(
            page.evaluate("window.__ddSockets[1].url")).query))
        assert {"resume_ts", "resume_count"} <= asked
        assert status.text_content() == "Live"

        shown = [number(t) for t in page.evaluate(SHOWN_NUMBERS)]
        assert len(shown) == len(set(shown)), "a line is shown twice"
        assert shown == list(range(shown[0], shown[-1] + 1)), \
            "a line is missing"
        assert shown[0] < held["dropped_at"] < after_drop <= shown[-1]
    finally:
        page.close()
