"""The Containers panel's views in the real Horizon (gunicorn, DEBUG off)
against the real proxy and dockerd: filtering and paging done by Docker,
refusals shown on the form, details scoped to the project, live stats."""
import asyncio
import uuid

import pytest

from bench._horizon_session import csrf_token
from bench._horizon_session import login
from tests import stack
from tests.integration import ws_support

PAGE = stack.HORIZON_URL + "/project/docker_containers/"


@pytest.fixture(scope="module")
def demo():
    return login("demo")


@pytest.fixture(scope="module")
def three():
    """Three stopped containers of demo's, oldest first, and a running one."""
    client = stack.docker_client("demo")
    prefix = "it-views-%s" % uuid.uuid4().hex[:8]
    limits = client.create_host_config(nano_cpus=10 ** 8, mem_limit=64 << 20)
    ids = [client.create_container("busybox:latest", ["sleep", "600"],
                                   name="%s-%d" % (prefix, n),
                                   host_config=limits)["Id"]
           for n in range(3)]
    running = client.create_container("busybox:latest", ["sleep", "600"],
                                      name=prefix + "-run",
                                      host_config=limits)["Id"]
    client.start(running)
    yield prefix, ids, running
    for cid in ids + [running]:
        client.remove_container(cid, force=True)


def filtered(session, field, value, query=""):
    page = session.get(PAGE, timeout=60)
    session.post(PAGE, data={
        "csrfmiddlewaretoken": csrf_token(session, page.text),
        "containers__filter__q_field": field,
        "containers__filter__q": value}, headers={"Referer": PAGE},
        timeout=60)
    return session.get(PAGE + query, timeout=60).text


def test_name_filter_is_applied_by_docker(demo, three):
    prefix, ids, running = three
    html = filtered(demo, "name", prefix)
    for cid in ids + [running]:
        assert 'data-object-id="%s"' % cid in html
    assert "demo-web" not in html


def test_paging_after_a_marker(demo, three):
    prefix, ids, running = three
    # Docker lists newest first: after the running one come the other three.
    html = filtered(demo, "name", prefix, "?marker=%s" % ids[2])
    assert 'data-object-id="%s"' % ids[1] in html
    assert 'data-object-id="%s"' % ids[0] in html
    assert 'data-object-id="%s"' % ids[2] not in html
    assert 'data-object-id="%s"' % running not in html


def test_status_filter(demo, three):
    prefix, ids, running = three
    html = filtered(demo, "status", "running")
    assert 'data-object-id="%s"' % running in html
    assert 'data-object-id="%s"' % ids[0] not in html


def test_another_projects_details_are_not_found(three):
    prefix, ids, running = three
    alt = login("alt_demo")
    answer = alt.get(PAGE + "%s/" % running, timeout=60)
    # Back to the list with a message, and nothing of demo's container.
    assert answer.url.rstrip("/").endswith("/project/docker_containers")
    assert prefix not in answer.text


def test_forbidden_launch_stays_on_the_form_with_the_proxys_words(demo):
    name = "it-forbidden-%s" % uuid.uuid4().hex[:8]
    url = PAGE + "launch/"
    form = demo.get(url, timeout=60)
    answer = demo.post(url, data={
        "csrfmiddlewaretoken": csrf_token(demo, form.text),
        "image": "busybox:latest", "name": name, "command": "sleep 60",
        "flavor": "1", "ports": "80:80", "restart_policy": "no",
        "start": "on"}, headers={"Referer": url}, timeout=60,
        allow_redirects=False)
    assert answer.status_code == 200          # the form again, not a redirect
    assert "1024" in answer.text
    assert not stack.docker_client("demo").containers(
        all=True, filters={"name": name})


def test_stats_stream_from_the_proxy_with_a_ticket_horizon_mints(demo, three):
    """The Stats tab's path: Horizon mints a stats ticket (POST, CSRF) and
    the browser reads samples from the proxy's WebSocket, not from
    Horizon."""
    prefix, ids, running = three
    detail = PAGE + "%s/" % running
    page = demo.get(detail, timeout=60)
    assert "/%s/ticket/stats/" % running in page.text
    answer = demo.post(detail + "ticket/stats/", headers={
        "X-CSRFToken": csrf_token(demo, page.text), "Referer": detail},
        timeout=60)
    assert answer.status_code == 200
    minted = answer.json()
    assert minted["ws_url"].endswith("/ws/containers/%s/stats" % running)
    frames = asyncio.run(ws_support.follow(
        "%s?ticket=%s" % (minted["ws_url"], minted["ticket"]),
        lambda f: any("mem" in frame for frame in f)))
    sample = [frame for frame in frames if "mem" in frame][0]
    assert sample["mem"] > 0
    assert sample["mem_limit"] == 64 << 20
    # The old server-sent events view is gone.
    assert demo.get(detail + "stats/events/", timeout=60).status_code == 404
