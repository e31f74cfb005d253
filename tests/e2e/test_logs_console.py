"""The Logs and Console tabs in a real Chromium, as demo: lines written by
the container appear live, stderr is marked, log text never runs as HTML,
and the console answers a command."""
import uuid

import pytest
from playwright.sync_api import expect

from tests import stack

CONTAINERS = "/project/docker_containers/"


@pytest.fixture
def demo_container():
    client = stack.docker_client("demo")
    created = client.create_container(
        "busybox:latest", ["sh", "-c", "echo started; sleep 3600"],
        name="p5-e2e-%s" % uuid.uuid4().hex[:8],
        host_config=client.create_host_config(mem_limit="64m",
                                              nano_cpus=500_000_000))
    client.start(created["Id"])
    yield created["Id"]
    client.remove_container(created["Id"], force=True)


def write_to_log(cid, text, stream=1):
    """Makes the container's main process write a line, as its own output."""
    client = stack.docker_client("demo")
    exec_id = client.exec_create(
        cid, ["sh", "-c", 'printf "%%s\\n" "$0" > /proc/1/fd/%d' % stream,
              text])
    client.exec_start(exec_id)


def open_tab(page, cid, slug):
    page.goto("%s%s/?tab=container_details__%s" % (CONTAINERS, cid, slug))


def test_live_lines_appear_and_stderr_is_marked(login, demo_container):
    page = login("demo")
    open_tab(page, demo_container, "logs")
    view = page.locator(".dd-logs-view")
    expect(view.locator(".log-line", has_text="started")).to_be_visible()
    expect(page.locator(".dd-logs-status")).to_have_text("Live")

    marker = "written-live-%s" % uuid.uuid4().hex[:6]
    write_to_log(demo_container, marker)
    expect(view.locator(".log-stdout", has_text=marker)).to_be_visible()

    problem = "went-wrong-%s" % uuid.uuid4().hex[:6]
    write_to_log(demo_container, problem, stream=2)
    expect(view.locator(".log-stderr", has_text=problem)).to_be_visible()
    expect(view.locator(".log-stdout", has_text=problem)).to_have_count(0)


def test_log_text_is_shown_as_text_and_runs_nothing(login, demo_container):
    page = login("demo")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message),
                                      dialog.dismiss()))
    page.evaluate("window.__ddPwned = undefined")
    open_tab(page, demo_container, "logs")
    view = page.locator(".dd-logs-view")
    expect(view.locator(".log-line", has_text="started")).to_be_visible()

    payload = ('<script>window.__ddPwned=1</script>'
               '<img src=x onerror="window.__ddPwned=2;alert(2)">')
    write_to_log(demo_container, payload)
    line = view.locator(".log-line", has_text="<img src=x")
    expect(line).to_be_visible()
    assert "<script>window.__ddPwned=1</script>" in line.inner_text()
    assert view.locator("img, script").count() == 0
    # An onerror would have fired by now if an <img> had been created; the
    # load event of a broken image is immediate in Chromium.
    page.wait_for_load_state("load")
    assert page.evaluate("window.__ddPwned") is None
    assert dialogs == []


def test_the_console_runs_echo_and_shows_the_answer(login, demo_container):
    page = login("demo")
    open_tab(page, demo_container, "console")
    page.click('.dd-console [data-dd-action="connect"]')
    expect(page.locator(".dd-console-status")).to_contain_text("Connected")
    terminal = page.locator(".dd-console-terminal .terminal")
    expect(terminal).to_be_visible()
    terminal.click()
    page.keyboard.type("echo answer-$((6*7))\n")
    # The typed line reads "answer-$((6*7))": only the shell's answer has 42.
    expect(terminal).to_contain_text("answer-42")


def test_a_reader_has_logs_but_no_console(login):
    page = login("reader")
    cid = stack.docker_client("demo").inspect_container("demo-worker")["Id"]
    page.goto("%s%s/" % (CONTAINERS, cid))
    expect(page.locator('a[data-target="#container_details__logs"]')) \
        .to_be_visible()
    expect(page.locator('a[data-target="#container_details__console"]')) \
        .to_have_count(0)


BROKEN_WEBSOCKET = """
window.WebSocket = function () {
  var socket = this;
  setTimeout(function () { if (socket.onclose) { socket.onclose({}); } }, 0);
};
window.WebSocket.OPEN = 1;
"""


def test_without_a_websocket_the_last_lines_still_show(login, demo_container):
    page = login("demo").context.new_page()
    try:
        page.add_init_script(BROKEN_WEBSOCKET)
        open_tab(page, demo_container, "logs")
        expect(page.locator(".dd-logs-status")).to_contain_text(
            "not available")
        expect(page.locator(".dd-logs-fallback")).to_be_visible()
        expect(page.locator(".dd-logs-fallback")).to_contain_text("started")
    finally:
        page.close()
