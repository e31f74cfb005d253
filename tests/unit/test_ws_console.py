"""The console's pure parts: the command, the terminal size, the exec body,
the hijack request."""
import pytest

from docker_dashboard.proxy import ws_console
from docker_dashboard.proxy.ws_auth import Target

TARGET = Target(container_id="a" * 64, project_id="p", user_id="u",
                tty=False, running=True, user="app")


def test_the_command_is_split_like_a_shell_but_never_run_by_one():
    assert ws_console.command_argv("sh") == ["sh"]
    assert ws_console.command_argv("") == ["sh"]
    assert ws_console.command_argv("echo 'a; b' c") == ["echo", "a; b", "c"]


@pytest.mark.parametrize("text", ["echo 'unclosed", "x" * 257])
def test_unusable_commands_are_refused(text):
    with pytest.raises(ValueError):
        ws_console.command_argv(text)


def test_terminal_size_is_clamped_with_defaults():
    assert ws_console.terminal_size(None, "abc") == (24, 80)
    assert ws_console.terminal_size("0", "99999") == (1, 1000)
    assert ws_console.terminal_size("40", "120") == (40, 120)


def test_the_exec_is_never_privileged_and_runs_as_the_containers_user():
    body = ws_console.exec_body(["sh"], TARGET)
    assert body["Privileged"] is False
    assert body["User"] == "app"
    assert body["Tty"] and body["AttachStdin"]
    assert set(body) == {"AttachStdin", "AttachStdout", "AttachStderr",
                         "Tty", "Cmd", "Privileged", "User", "Env"}


def test_the_start_request_asks_dockerd_to_upgrade_the_connection():
    raw = ws_console.start_request("1.41", "e" * 64)
    head, body = raw.split(b"\r\n\r\n", 1)
    assert head.startswith(b"POST /v1.41/exec/" + b"e" * 64 + b"/start ")
    assert b"Connection: Upgrade" in head and b"Upgrade: tcp" in head
    assert b"Content-Length: %d" % len(body) in head
