"""Roll Back through the real Horizon (gunicorn, two workers), proxy and
dockerd: the form answers while the old container is still in its grace
period (busybox's `sleep` as PID 1 ignores SIGTERM: Docker waits 10 s, then
kills), its row says "Rolling back" and settles to the new container; a roll
back that fails gives the old container back and tells the user (issue 10).
The assertions are on the order of events, never on durations."""
import json
import re
import time
import uuid

import docker
import pytest

from bench._horizon_session import csrf_token
from bench._horizon_session import login
from tests import stack

HORIZON = stack.HORIZON_URL
CONTAINERS = HORIZON + "/project/docker_containers/"
AJAX = {"X-Requested-With": "XMLHttpRequest"}
# Only a bound for a broken stack: a roll back takes the grace period and
# a create and a start.
SETTLE_DEADLINE = 120


def _remove_everything_named(name):
    """Containers by name prefix and images by repository, through dockerd
    itself (the roll back renames and replaces them)."""
    daemon = docker.APIClient(base_url="unix:///var/run/docker.sock",
                              version="1.41", timeout=120)
    for found in daemon.containers(all=True, filters={"name": name}):
        daemon.remove_container(found["Id"], force=True)
    for image in daemon.images():
        if any(t.startswith(name + ":") for t in image.get("RepoTags") or []):
            try:
                daemon.remove_image(image["Id"], force=True)
            except docker.errors.APIError:
                pass


@pytest.fixture
def slow_stopping():
    """A running container of demo's whose PID 1 ignores SIGTERM (Docker's
    default 10 s grace period applies), with a marker file."""
    client = stack.docker_client("demo")
    name = "it-rb-%s" % uuid.uuid4().hex[:8]
    try:
        made = client.create_container(
            "busybox:latest", command="sleep 600", name=name,
            host_config=client.create_host_config(
                mem_limit=64 * 1024 ** 2, nano_cpus=500000000))
        client.start(made)
        yield client, name, made["Id"]
    finally:
        _remove_everything_named(name)


def roll_back(session, image_id, container_id):
    """Submits the Roll Back modal as the browser does (Horizon's ajax
    post)."""
    url = HORIZON + "/project/docker_snapshots/%s/rollback/" % image_id
    form = session.get(url, headers=AJAX, timeout=60)
    assert form.status_code == 200, form.text[:500]
    return session.post(url, data={
        "csrfmiddlewaretoken": csrf_token(session, form.text),
        "image_id": image_id, "container_id": container_id},
        headers=dict(AJAX, Referer=url), timeout=60, allow_redirects=False)


def row_update(session, container_id):
    """Horizon's ajax update of the container's row: (its HTML, the
    messages Horizon shows as toasts with it)."""
    answer = session.get(CONTAINERS, params={
        "action": "row_update", "table": "containers",
        "obj_id": container_id}, headers=AJAX, timeout=60)
    assert answer.status_code == 200, answer.status_code
    told = json.loads(answer.headers.get("X-Horizon-Messages") or "[]")
    return answer.text, [text for _level, text, _extra in told]


def state_in(row_html):
    """The State column's text (after the check box, Name and Image)."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row_html, re.S)
    return re.sub(r"<[^>]+>", "", cells[3]).strip()


def settled_row(session, container_id):
    """Follows the row as Horizon's JS does until it is no longer
    "Rolling back"; returns its HTML and every message told meanwhile."""
    told = []
    deadline = time.monotonic() + SETTLE_DEADLINE
    while time.monotonic() < deadline:
        html, messages = row_update(session, container_id)
        told += messages
        if state_in(html) != "Rolling back":
            return html, told
        time.sleep(1)
    raise AssertionError("the row still says Rolling back")


def test_the_form_answers_during_the_grace_period_and_the_row_settles(
        slow_stopping):
    client, name, old_id = slow_stopping
    image_id = client.commit(old_id, repository=name, tag="s1")["Id"]
    session = login("demo")

    answer = roll_back(session, image_id, old_id)
    # The form answered (Horizon's ajax redirect to the Containers page)...
    assert answer.status_code in (200, 302), answer.status_code
    assert "/project/docker_containers/" in (
        answer.headers.get("X-Horizon-Location") or
        answer.headers.get("Location") or "")
    # ...while the old container has not finished stopping: its SIGTERM is
    # ignored, so it runs until Docker kills it at the end of the grace.
    assert client.inspect_container(old_id)["State"]["Running"]

    html, told = row_update(session, old_id)
    # Still before the kill: the row said "Rolling back", under the name
    # the user knows, although Docker has it parked under another.
    assert client.inspect_container(old_id)["State"]["Running"]
    assert state_in(html) == "Rolling back"
    assert 'data-display="%s"' % name in html

    html, told = settled_row(session, old_id)
    new_id = client.inspect_container(name)["Id"]
    assert new_id != old_id
    # The row became the new container, running; the user is told.
    assert 'data-object-id="%s"' % new_id in html
    assert state_in(html) == "Running"
    assert "%s was rolled back." % name in told
    with pytest.raises(docker.errors.NotFound):
        client.inspect_container(old_id)


def test_a_failed_roll_back_gives_the_old_container_back_and_says_why(
        slow_stopping):
    client, name, old_id = slow_stopping
    broken = client.commit(old_id, repository=name, tag="broken",
                           changes=['ENTRYPOINT ["/no/such/program"]'])["Id"]
    session = login("demo")

    answer = roll_back(session, broken, old_id)
    assert answer.status_code in (200, 302), answer.status_code
    assert client.inspect_container(old_id)["State"]["Running"]

    html, told = settled_row(session, old_id)
    # The old container is back, under its name, running again.
    old = client.inspect_container(name)
    assert old["Id"] == old_id and old["State"]["Running"]
    assert len(client.containers(all=True, filters={"name": name})) == 1
    assert state_in(html) == "Running"
    assert 'data-display="%s"' % name in html
    # Told with the reason, in words that say what to do.
    failed = [text for text in told if "Roll back of %s failed" % name in text]
    assert failed, told
    assert "left as it was" in failed[0]
    assert "/no/such/program" in failed[0]
