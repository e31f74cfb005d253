"""An image reaches the Docker host that lacks it: streamed from the host
that holds it, checked on arrival, owned as before; refused to a project
that may not see it; nothing half-loaded when the stream is corrupted or
cut; and a public image a host lacks is copied there when its proxy starts.

`delivery.ensure_image` runs here in the test's process as the routing
proxy runs it before it sends a create to another host (its host is d-a,
its hosts table the proxies' shared database); the two hosts' proxies and
dockerd are real processes."""
import asyncio
import time

import docker
import pytest
import requests

from docker_dashboard.proxy import delivery
from docker_dashboard.proxy.config import ProxyConfig
from docker_dashboard.proxy.delivery import stream
from docker_dashboard.proxy.delivery.context import Delivery
from docker_dashboard.proxy.keystone import TokenValidator
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import Ownership
from docker_dashboard.proxy.state import database
from docker_dashboard.proxy.state.hosts import Hosts
from docker_dashboard.proxy.state.image_hosts import ImageHosts
from docker_dashboard.proxy.tasks import TaskRegistry

from tests import placement
from tests import stack

PUBLIC_LABEL = "org.openstack.public"


class Request(dict):
    """What ensure_image reads of the create request it serves: the app,
    the caller's token (header) and the caller the proxy validated."""

    def __init__(self, app, token, caller):
        super().__init__(caller=caller)
        self.app = app
        self.headers = {"X-Auth-Token": token}


async def _ensure(hosts, user, ref, target):
    a, _, database_url = hosts
    engine = database.open_database(database_url)
    config = ProxyConfig(host_name=a.name, advertise_url=a.url,
                         database_url=database_url,
                         keystone_url=stack.KEYSTONE_URL,
                         service_user=placement.SERVICE_USER,
                         service_password=placement.SERVICE_PASSWORD)
    validator = TokenValidator(stack.KEYSTONE_URL)
    app = {"config": config, "database": engine,
           "delivery": Delivery(config, engine),
           "ownership": Ownership(engine),
           "tasks": TaskRegistry(engine, "delivery-test")}
    try:
        token = stack.token(user)
        request = Request(app, token, await validator.validate(token))
        row = next(h for h in Hosts(engine).all() if h.name == target)
        await delivery.ensure_image(request, ref, row)
    finally:
        await app["delivery"].close()
        await validator.close()
        engine.dispose()


def ensure(hosts, user, ref, target):
    asyncio.run(_ensure(hosts, user, ref, target))


def tasks_of(host, user):
    """The project's tasks as the Tasks page reads them."""
    answer = requests.get(host.url + "/dd/tasks", timeout=60,
                          headers={"X-Auth-Token": stack.token(user)})
    assert answer.status_code == 200, answer.text
    return answer.json()


def holders(database_url, image_id):
    engine = database.open_database(database_url)
    try:
        return ImageHosts(engine).holders(image_id)
    finally:
        engine.dispose()


def image_ids(daemon):
    return {image["Id"] for image in daemon.images(all=True)}


def test_a_public_image_a_host_lacks_is_copied_there_at_start(hosts):
    a, b, _ = hosts
    with a.daemon() as daemon_a, b.daemon() as daemon_b:
        expected = daemon_a.inspect_image("busybox:latest")["Id"]
        # d-b's dockerd had no image when its proxy started; the copy runs
        # beside the proxy's serving.
        deadline = time.monotonic() + 120
        while not daemon_b.images("busybox:latest"):
            assert time.monotonic() < deadline, "busybox never reached d-b"
            time.sleep(0.2)  # polling dockerd: the copy has no event
        assert daemon_b.inspect_image("busybox:latest")["Id"] == expected
    for user in ("demo", "alt_demo"):
        seen = b.call(user, "GET", "/images/busybox:latest/json")
        assert seen.status_code == 200, seen.text
        assert seen.json()["Config"]["Labels"].get(PUBLIC_LABEL) == "true"


def test_a_project_image_is_delivered_the_same_and_still_the_projects(
        hosts, committed):
    a, b, database_url = hosts
    tag, image_id, _ = committed
    assert b.call("demo", "GET", "/images/%s/json" % tag).status_code == 404

    ensure(hosts, "demo", tag, "d-b")

    with b.daemon() as daemon_b:
        assert daemon_b.inspect_image(tag)["Id"] == image_id
    mine = b.call("demo", "GET", "/images/%s/json" % tag)
    assert mine.status_code == 200, mine.text
    assert mine.json()["Id"] == image_id
    listed = b.call("demo", "GET", "/images/json").json()
    assert image_id in {row["Id"] for row in listed}
    for ref in (tag, image_id):
        assert b.call("alt_demo", "GET", "/images/%s/json" % ref
                      ).status_code == 404
    listed = b.call("alt_demo", "GET", "/images/json").json()
    assert image_id not in {row["Id"] for row in listed}
    # Recorded where it was made and where it is now, for the next
    # delivery to find it at once.
    assert holders(database_url, image_id) == ["d-a", "d-b"]
    # The copy was demo's task, with its bytes counted.
    tasks = tasks_of(b, "demo")
    copies = [t for t in tasks if t["Kind"] == "image-delivery"
              and t["Params"] == {"image": tag, "host": "d-b"}]
    assert len(copies) == 1, tasks
    assert copies[0]["Status"] == "succeeded", copies[0]
    assert copies[0]["DoneBytes"] > 0
    assert copies[0]["Result"]["image_id"] == image_id
    # Removed from d-b through its proxy: no longer recorded there.
    removed = b.call("demo", "DELETE", "/images/%s" % image_id)
    assert removed.status_code == 200, removed.text
    assert holders(database_url, image_id) == ["d-a"]


def test_an_admins_delivery_leaves_the_image_and_its_tag_the_projects(
        hosts, committed):
    _, b, _ = hosts
    tag, image_id, _ = committed
    ensure(hosts, "admin", tag, "d-b")
    mine = b.call("demo", "GET", "/images/%s/json" % tag)
    assert mine.status_code == 200, mine.text
    assert mine.json()["Id"] == image_id
    assert tag in mine.json()["RepoTags"]
    assert b.call("alt_demo", "GET", "/images/%s/json" % tag
                  ).status_code == 404


def test_an_image_already_there_is_not_copied_again(hosts, committed):
    _, b, _ = hosts
    tag, image_id, _ = committed
    ensure(hosts, "demo", tag, "d-b")
    before = len([t for t in tasks_of(b, "demo")
                  if t["Kind"] == "image-delivery"])
    ensure(hosts, "demo", image_id, "d-b")
    after = len([t for t in tasks_of(b, "demo")
                 if t["Kind"] == "image-delivery"])
    assert after == before


def test_another_project_cannot_have_it_delivered(hosts, committed):
    _, b, _ = hosts
    tag, image_id, _ = committed
    with b.daemon() as daemon_b:
        before = image_ids(daemon_b)
        for ref in (tag, image_id):
            with pytest.raises(Refused) as refused:
                ensure(hosts, "alt_demo", ref, "d-b")
            # Exactly as a missing image: nothing says demo has one.
            assert refused.value.status == 404
            assert refused.value.message == "No such image: %s" % ref
        assert image_ids(daemon_b) == before
    assert b.call("demo", "GET", "/images/%s/json" % image_id
                  ).status_code == 404


def _tampered(monkeypatch, change):
    """The holder's archive, changed on its way by `change(index, chunk)`
    (a chunk, or an exception to raise)."""
    original = stream.holder_chunks

    async def chunks(resp):
        index = 0
        async for chunk in original(resp):
            changed = change(index, chunk)
            if isinstance(changed, Exception):
                raise changed
            index += 1
            yield changed
    monkeypatch.setattr(stream, "holder_chunks", chunks)


def test_an_image_changed_on_its_way_is_removed_from_the_target(
        hosts, committed, monkeypatch):
    """Its configuration changed in transit: dockerd loads it, under
    another id; the delivery sees the id differ and removes it."""
    _, b, _ = hosts
    tag, image_id, comment = committed
    changes = []

    def change(index, chunk):
        marker = comment.encode()
        if marker in chunk:
            changes.append(index)
            return chunk.replace(marker, marker.upper())
        return chunk
    _tampered(monkeypatch, change)
    with b.daemon() as daemon_b:
        before = image_ids(daemon_b)
        with pytest.raises(Refused) as refused:
            ensure(hosts, "demo", tag, "d-b")
        assert changes, "the configuration never passed"
        assert refused.value.status == 502
        assert refused.value.message.startswith(
            "Image %s could not be copied to Docker host d-b: the image "
            "loaded there is sha256:" % tag)
        assert "its checksum does not match" in refused.value.message
        assert image_ids(daemon_b) == before
    assert b.call("demo", "GET", "/images/%s/json" % tag).status_code == 404
    failed = [t for t in tasks_of(b, "demo")
              if t["Params"] == {"image": tag, "host": "d-b"}]
    assert [t["Status"] for t in failed] == ["failed"]
    assert failed[0]["Error"] == refused.value.message


def test_a_garbled_stream_leaves_nothing_on_the_target(
        hosts, committed, monkeypatch):
    _, b, _ = hosts
    tag, image_id, _ = committed
    # Every byte after the first chunk inverted: tar headers and data.
    _tampered(monkeypatch, lambda index, chunk: bytes(
        byte ^ 0xFF for byte in chunk) if index > 0 else chunk)
    with b.daemon() as daemon_b:
        before = image_ids(daemon_b)
        with pytest.raises(Refused) as refused:
            ensure(hosts, "demo", tag, "d-b")
        assert refused.value.status == 502
        assert image_ids(daemon_b) == before
    assert b.call("demo", "GET", "/images/%s/json" % image_id
                  ).status_code == 404


def test_an_interrupted_stream_leaves_nothing_on_the_target(
        hosts, committed, monkeypatch):
    _, b, _ = hosts
    tag, image_id, _ = committed
    _tampered(monkeypatch, lambda index, chunk: ConnectionResetError(
        "the holder went away") if index == 2 else chunk)
    with b.daemon() as daemon_b:
        before = image_ids(daemon_b)
        with pytest.raises(Refused) as refused:
            ensure(hosts, "demo", tag, "d-b")
        assert refused.value.status == 502
        assert "the stream broke off" in refused.value.message
        assert image_ids(daemon_b) == before
    assert b.call("demo", "GET", "/images/%s/json" % image_id
                  ).status_code == 404


def test_a_public_image_a_launch_needs_is_fetched_by_the_target(hosts):
    """busybox removed from d-b after its start: a launch of demo's there
    has the target fetch it as public (demo may not load a public name)."""
    a, b, _ = hosts
    with b.daemon() as daemon_b, a.daemon() as daemon_a:
        expected = daemon_a.inspect_image("busybox:latest")["Id"]
        # Nothing of d-b's depends on it between the tests.
        try:
            daemon_b.remove_image("busybox:latest", force=True)
        except docker.errors.NotFound:
            pass
        ensure(hosts, "demo", "busybox:latest", "d-b")
        assert daemon_b.inspect_image("busybox:latest")["Id"] == expected
    seen = b.call("demo", "GET", "/images/busybox:latest/json")
    assert seen.status_code == 200, seen.text
    assert seen.json()["Config"]["Labels"].get(PUBLIC_LABEL) == "true"


def publish(host, method, image_id):
    return requests.request(
        method, host.url + "/dd/images/%s/publish" % image_id, timeout=120,
        headers={"X-Auth-Token": stack.token("admin"), "X-DD-Local": "1"})


def test_an_image_an_admin_publishes_reaches_every_host_until_withdrawn(
        hosts, committed):
    a, b, _ = hosts
    tag, image_id, _ = committed
    answer = publish(a, "POST", image_id)
    assert answer.status_code == 200, answer.text
    # Answered once the other hosts have it.
    with b.daemon() as daemon_b:
        assert image_id in image_ids(daemon_b)
    seen = b.call("alt_demo", "GET", "/images/%s/json" % image_id)
    assert seen.status_code == 200, seen.text
    assert seen.json()["Config"]["Labels"].get(PUBLIC_LABEL) == "true"

    answer = publish(a, "DELETE", image_id)
    assert answer.status_code == 200, answer.text
    # demo's again, where demo made it; the copy d-b fetched is gone.
    with b.daemon() as daemon_b:
        assert image_id not in image_ids(daemon_b)
    assert a.call("demo", "GET", "/images/%s/json" % image_id
                  ).status_code == 200
    assert a.call("alt_demo", "GET", "/images/%s/json" % image_id
                  ).status_code == 404
