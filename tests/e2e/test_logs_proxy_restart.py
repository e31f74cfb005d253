"""The Logs tab across a real restart of the proxy it streams from, in a real
Chromium, as demo: reached from the panel, the view shows numbered lines,
the shared proxy is stopped with SIGTERM (stack/services/proxy.sh stop, as
`make stop` and an operator do) and started again while the container keeps
writing. The page says the proxy is restarting, reconnects by itself, and
the numbers it shows run on with no gap and no duplicate.

The browser's WebSocket address comes from the catalog: the shared proxy on
:8790 is the one to restart. It is brought back (and awaited) even when the
test fails, for the other tests that use it."""
import os
import subprocess
import time

import docker
import pytest
import requests

from tests import stack
from tests.e2e import containers_ui as ui
from tests.e2e.test_logs_reconnect import SHOWN_NUMBERS
from tests.e2e.test_logs_reconnect import number
from tests.e2e.test_logs_reconnect import wait_until_shown
from tests.e2e.test_logs_reconnect import wait_until_written

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PROXY_SCRIPT = os.path.join(REPO, "stack", "services", "proxy.sh")
# While the proxy is down the container's log is read on the daemon itself.
DAEMON = "unix:///var/run/docker.sock"
RESTARTING = "The proxy is restarting: reconnecting\u2026"
# Lines the container writes after the stop began, all of which the view
# must show once it is back.
WRITTEN_AFTER_STOP = 40

# Records, in the page, every close code of its WebSockets and every text
# the log view's status line showed (a MutationObserver: the restarting
# words may be on screen for a moment only).
RECORD = """
(function () {
  window.__ddCloses = [];
  window.__ddStatuses = [];
  var Native = window.WebSocket;
  function Tracked(url, protocols) {
    var socket = protocols === undefined ? new Native(url)
                                         : new Native(url, protocols);
    socket.addEventListener('close', function (event) {
      window.__ddCloses.push(event.code);
    });
    return socket;
  }
  Tracked.prototype = Native.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (name) {
    Tracked[name] = Native[name];
  });
  window.WebSocket = Tracked;
  new MutationObserver(function () {
    var status = document.querySelector('.dd-logs-status');
    var text = status && status.textContent;
    var seen = window.__ddStatuses;
    if (text && seen[seen.length - 1] !== text) {
      seen.push(text);
    }
  }).observe(document, {childList: true, subtree: true,
                        characterData: true});
}());
"""


def proxy_script(action):
    subprocess.run(["bash", PROXY_SCRIPT, action], check=True,
                   capture_output=True, timeout=180)


def wait_until_written_on_daemon(cid, target):
    """Returns once the container's log reaches line n=target, followed on
    the daemon (the proxy is down meanwhile)."""
    client = docker.APIClient(base_url=DAEMON, version="1.41")
    try:
        wait_until_written(cid, target, client)
    finally:
        client.close()


def proxy_answers():
    try:
        return requests.get(stack.PROXY_URL + "/healthz", timeout=5).ok
    except requests.RequestException:
        return False


def wait_for_the_proxy(seconds=120):
    """The shared proxy may be in the middle of someone else's restart."""
    deadline = time.monotonic() + seconds
    while not proxy_answers():
        assert time.monotonic() < deadline, "the shared proxy is down"
        time.sleep(0.5)  # polling its liveness probe


@pytest.fixture
def counting_container():
    """A demo container writing n=1, n=2, ... about twenty lines a second."""
    wait_for_the_proxy()
    name = ui.unique("e2e-restart")
    cid = ui.make_container(
        name, command=("sh", "-c", "i=0; while true; do i=$((i+1)); "
                                   "echo n=$i; sleep 0.05; done"),
        nano_cpus=500_000_000)
    yield name, cid
    if not proxy_answers():
        proxy_script("start")
    # Removed on the daemon: the proxy may be restarting again by now.
    docker.APIClient(base_url=DAEMON, version="1.41").remove_container(
        cid, force=True)


def test_the_log_view_resumes_across_a_proxy_restart(login,
                                                     counting_container):
    name, cid = counting_container
    page = login("demo").context.new_page()
    try:
        page.add_init_script(RECORD)
        # From the panel, as a user gets there.
        ui.filter_by_name(page, name)
        ui.row(page, name).locator("a", has_text=name).click()
        page.wait_for_url("**/%s/" % cid)
        ui.open_tab(page, "logs")
        # The tab is loaded when first shown: its status line comes with it.
        page.wait_for_function(
            """() => document.querySelector('.dd-logs-status')?.textContent
                       === 'Live' && document.querySelector(
                       '.dd-logs-view .log-text') !== null""")
        first = [number(t) for t in page.evaluate(SHOWN_NUMBERS)]
        wait_until_shown(page, first[-1] + 5)

        stopping_at = number(page.evaluate(SHOWN_NUMBERS)[-1])
        try:
            proxy_script("stop")      # SIGTERM, the proxy's graceful stop
            # While it is down the container writes on: a real gap to fill.
            wait_until_written_on_daemon(cid,
                                         stopping_at + WRITTEN_AFTER_STOP)
        finally:
            proxy_script("start")     # back, and answering, before going on
        wait_until_shown(page, stopping_at + WRITTEN_AFTER_STOP + 10)

        assert 1012 in page.evaluate("window.__ddCloses"), \
            "the proxy did not close the socket as restarting"
        assert RESTARTING in page.evaluate("window.__ddStatuses")
        page.wait_for_function(
            "() => document.querySelector('.dd-logs-status').textContent"
            " === 'Live'")
        shown = [number(t) for t in page.evaluate(SHOWN_NUMBERS)]
        assert len(shown) == len(set(shown)), "a line is shown twice"
        assert shown == list(range(shown[0], shown[-1] + 1)), \
            "a line is missing"
        assert shown[0] < stopping_at < stopping_at + WRITTEN_AFTER_STOP \
            <= shown[-1]
    finally:
        page.close()
        ui.clear_filter(login("demo"))
