"""stack/lib/supervise.py, the local stack's supervisor, with a child that
dies young: it is started again after 1 s, then 2 s, each restart logged
with how the child ended; a SIGTERM to the supervisor reaches the child,
nothing is restarted after it, and the supervisor exits 0."""
import os
import re
import signal
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SUPERVISE = os.path.join(REPO, "stack", "lib", "supervise.py")


def test_a_dying_child_is_restarted_with_a_growing_delay_until_stopped(
        tmp_path):
    runs = tmp_path / "runs"
    # Each run leaves a line; the third one stays up, waiting for its TERM
    # (its trap is set before its line is written).
    child = ("trap 'echo term >> %s; exit 0' TERM; echo run >> %s; "
             "[ $(wc -l < %s) -ge 3 ] || exit 3; "
             "while true; do sleep 0.1; done" % (runs, runs, runs))
    supervisor = subprocess.Popen(
        [sys.executable, SUPERVISE, "demo", "--", "sh", "-c", child],
        stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (runs.exists() and len(runs.read_text().split()) >= 3):
        assert time.monotonic() < deadline, "the third run never came"
        time.sleep(0.1)  # polling the runs' own record
    supervisor.send_signal(signal.SIGTERM)
    text = supervisor.stdout.read()
    assert supervisor.wait(timeout=60) == 0
    delays = re.findall(r"WARNING supervise\.demo: demo exited with "
                        r"status 3 after \d+ s; restarting in (\d+) s", text)
    assert delays == ["1", "2"], text
    assert "SIGTERM received: stopping demo" in text
    assert "demo exited with status 0; stopped" in text
    # The third run got the TERM and no fourth was started.
    assert runs.read_text().split() == ["run", "run", "run", "term"]


def test_it_refuses_a_command_line_without_its_separator():
    answer = subprocess.run([sys.executable, SUPERVISE, "demo", "sleep", "1"],
                            capture_output=True, text=True, timeout=60)
    assert answer.returncode == 2
    assert "usage" in answer.stderr
