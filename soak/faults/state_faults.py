"""The proxy's state store failing under a proxy of the suite's own: the
database (a MariaDB of the suite's own, tests/mariadb.py) stopped, and the
state folder's disk full (a small tmpfs mounted as DD_PROXY_STATE)."""
import os
import shutil
import tempfile
import time
import uuid

import docker
import requests

from soak import _processes
from soak.faults import _pages
from soak.faults import _proxy
from soak.faults._outcome import outcome
from tests import stack
from tests.full_disk import fill
from tests.full_disk import small_tmpfs

IMAGES_PAGE = "/project/docker_images/"
DIRECT = "unix:///var/run/docker.sock"


def _images(proxy):
    try:
        answer = requests.get(proxy.url + "/v1.41/images/json", timeout=60,
                              headers={"X-Auth-Token": stack.token("demo")})
        return ("HTTP %s" % answer.status_code + (
            " " + answer.text[:120].strip() if not answer.ok else "")), \
            answer.ok
    except requests.RequestException as error:
        return "no answer (%s)" % type(error).__name__, False


def _commit(proxy, ref):
    """A snapshot through the proxy (it records the image as demo's):
    (what the user is told, whether it worked)."""
    client = stack.docker_client("demo", base_url=proxy.url)
    cid = client.create_container(
        "busybox:latest", ["true"],
        name="soak-state-%s" % uuid.uuid4().hex[:6],
        host_config=client.create_host_config(mem_limit="16m",
                                              nano_cpus=100_000_000))["Id"]
    try:
        repository, tag = ref.rsplit(":", 1)
        client.commit(cid, repository=repository, tag=tag)
        return "the commit worked", True
    except docker.errors.APIError as error:
        return "HTTP %s: %s" % (error.status_code, error.explanation), False
    except requests.RequestException as error:
        return "no answer (%s)" % type(error).__name__, False
    finally:
        _remove_container(cid)


def _remove_container(cid):
    try:
        docker.APIClient(DIRECT).remove_container(cid, force=True)
    except docker.errors.NotFound:
        pass


def _orphans(proxy, ref):
    """Images named `ref` on the daemon that demo's list through the proxy
    does not show: made, but recorded as nobody's."""
    engine = docker.APIClient(DIRECT)
    on_daemon = [i["Id"] for i in engine.images(ref.split(":")[0])]
    seen = {i["Id"] for i in stack.docker_client(
        "demo", base_url=proxy.url).images(ref.split(":")[0])}
    return [i[:19] for i in on_daemon if i not in seen]


def _remove_images(ref):
    engine = docker.APIClient(DIRECT)
    for found in engine.images(ref.split(":")[0]):
        try:
            engine.remove_image(found["Id"], force=True)
        except docker.errors.NotFound:
            pass


def database_down():
    state = tempfile.mkdtemp(prefix="soak-db-state-")
    try:
        return _database_down(state)
    finally:
        shutil.rmtree(state, ignore_errors=True)


def _database_down(state):
    from tests.mariadb import own_mariadb
    ref = "soak-db-down-%s:snap" % uuid.uuid4().hex[:6]
    with own_mariadb() as server, _proxy.SupervisedProxy(
            DD_DATABASE_URL=server.new_database(),
            DD_PROXY_STATE=state) as proxy, \
            _processes.own_horizon(proxy.url) as (_, horizon_url):
        session = stack.horizon_session("demo", base_url=horizon_url)
        try:
            server.stop()
            stopped_at = time.monotonic()
            listed, _ = _images(proxy)
            committed, committed_ok = _commit(proxy, ref + "-during")
            pages = {name: _pages.read(session, horizon_url, 60, path)
                     for name, path in (("Containers", _pages.PAGE),
                                        ("Images", IMAGES_PAGE))}
            server.start()
            outage = time.monotonic() - stopped_at
            after, images_ok = _images(proxy)
            left = _orphans(proxy, ref + "-during")
            again, commit_ok = _commit(proxy, ref)
            back = _pages.wait_ok(session, horizon_url, 60, IMAGES_PAGE)
        finally:
            _remove_images(ref + "-during")
            _remove_images(ref)
    words = "; ".join("%s page HTTP %s in %.1f s, %s" % (
        name, p["status"], p["seconds"], p["words"] or (
            "rows listed" if p["rows"] else "no rows, no words"))
        for name, p in pages.items())
    raw = any(p["raw_error"] for p in pages.values())
    return outcome(
        user_sees="MariaDB stopped: the proxy's image list: %s; a commit: %s; "
                  "%s" % (listed, committed, words),
        lost="a snapshot the user was told was made is nobody's"
        if committed_ok and left else "nothing: the commit was refused "
        "with a reason (to be made again)", lost_nothing=not (
            committed_ok and left),
        left_behind=["image %s committed but recorded as nobody's" % i
                     for i in left],
        recovered="yes: %.0f s after the stop, MariaDB back: image list %s, "
                  "a commit %s, the Images page lists again after %.1f s, "
                  "no restart" % (outage, after, again, back or -1)
        if images_ok and commit_ok and back is not None else
        "no: image list %s, commit %s, page %s" % (after, again, back),
        user_goal=(not raw, "no raw error text on the pages"),
        notes="proxy log tracebacks: %d" % proxy.tracebacks())


def disk_full():
    ref = "soak-disk-full-%s:snap" % uuid.uuid4().hex[:6]
    with small_tmpfs(16, prefix="soak-full-state-") as state, _proxy.SupervisedProxy(
            DD_PROXY_STATE=state) as proxy:
        try:
            filler = fill(state)
            during, during_ok = _commit(proxy, ref + "-during")
            listed, _ = _images(proxy)
            alive = proxy.answers()
            left = _orphans(proxy, ref + "-during")
            os.unlink(filler)
            after, after_ok = _commit(proxy, ref)
            listed_after, list_ok = _images(proxy)
            tracebacks = proxy.tracebacks()
        finally:
            _remove_images(ref + "-during")
            _remove_images(ref)
    return outcome(
        user_sees="state folder full: a commit: %s; the image list: %s; the "
                  "proxy %s" % (during, listed, "still answers its health "
                                "probe" if alive else "stopped answering"),
        lost="a snapshot the user was told was made is nobody's"
        if during_ok and left else "nothing: the commit was refused with a "
        "reason (to be made again)", lost_nothing=not (during_ok and left),
        left_behind=["image %s committed but recorded as nobody's" % i
                     for i in left],
        recovered="yes: space freed, a commit %s, the list %s, no restart"
        % (after, listed_after) if after_ok and list_ok else
        "no: a commit %s, the list %s" % (after, listed_after),
        user_goal=(alive, "the proxy keeps answering"),
        notes="a 16 MB tmpfs as DD_PROXY_STATE (SQLite there), filled with "
              "dd; proxy log tracebacks: %d" % tracebacks)
