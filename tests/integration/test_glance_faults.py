"""Glance failing mid-export, with a second Glance of the test's own.

The shared Glance is never stopped: the fixture starts another Glance
(same venv, a copy of the stack's config with its own port, database copy
and data folders, registered nowhere) and a second proxy pointed at it
through DD_GLANCE_URL, and stops and starts only those.
"""
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import uuid

import docker
import pytest
import requests

from tests import stack
from tests import big_images
from tests.integration.test_glance_transfer import export, headers, wait_task

OPENSTACK_VENV = "/opt/docker-dashboard/venv-openstack"
HORIZON_VENV = "/opt/docker-dashboard/venv-horizon"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, up=True):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            if up:
                return
        except requests.ConnectionError:
            if not up:
                return
        except requests.Timeout:
            pass
        time.sleep(0.2)
    raise AssertionError("%s did not %s" % (url, "start" if up else "stop"))


class OwnGlance:
    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.process = None
        source = os.path.join(stack.STATE_DIR, "glance")
        for sub in ("images", "staging", "tasks", "locks"):
            os.makedirs(os.path.join(folder, sub))
        shutil.copy(os.path.join(source, "glance-api-paste.ini"), folder)
        # A consistent copy of the live database (sqlite's backup API).
        with sqlite3.connect(os.path.join(source, "glance.sqlite")) as live, \
                sqlite3.connect(os.path.join(folder, "glance.sqlite")) as mine:
            live.backup(mine)
        with open(os.path.join(source, "glance-api.conf")) as f:
            conf = f.read().replace(source, folder)
        with open(os.path.join(folder, "glance-api.conf"), "w") as f:
            f.write(conf)

    def start(self):
        env = dict(os.environ, OS_GLANCE_CONFIG_DIR=self.folder)
        self.process = subprocess.Popen(
            [OPENSTACK_VENV + "/bin/gunicorn", "--no-control-socket", "-w",
             "1", "--threads", "4", "-b", "127.0.0.1:%d" % self.port,
             "--timeout", "300", "--pythonpath", REPO + "/stack/wsgi",
             "dd_glance:application"], env=env,
            stdout=open(os.path.join(self.folder, "glance.log"), "ab"),
            stderr=subprocess.STDOUT, start_new_session=True)
        wait_http(self.url + "/versions")

    def kill(self):
        """Gone at once, as a crashed host would be (master and worker)."""
        # Its own session: the group is exactly this Glance's processes.
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        wait_http(self.url + "/versions", up=False)


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory):
    glance = OwnGlance(str(tmp_path_factory.mktemp("glance2")))
    glance.start()
    with stack.own_proxy(DD_GLANCE_URL=glance.url) as (_, proxy_url):
        yield glance, proxy_url
    if glance.process.poll() is None:
        os.killpg(glance.process.pid, signal.SIGTERM)
        glance.process.wait()


@pytest.fixture(scope="module")
def big_image():
    """A 200 MB demo image, so an export is still running when Glance dies."""
    client = stack.docker_client("demo")
    name = "it-big-%s" % uuid.uuid4().hex[:8]
    big_images.commit(client, name, 200)
    yield "%s:big" % name
    try:
        client.remove_image("%s:big" % name, force=True)
    except docker.errors.APIError:
        pass  # already gone


def glance_get(url, image_id):
    resp = requests.get("%s/v2/images/%s" % (url, image_id),
                        headers=headers("demo"), timeout=30)
    return resp.json() if resp.status_code == 200 else None


def gone_by_itself(url, image_id, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = glance_get(url, image_id)
        if left is None or left["status"] == "deleted":
            return True
        time.sleep(1)
    return False


def test_glance_dying_mid_export_then_retry(own_stack, big_image):
    glance, proxy = own_stack
    started = export(big_image, proxy=proxy)
    assert started.status_code == 202, started.text
    task_id = started.json()["Id"]
    first_glance_id = started.json()["Result"]["glance_image_id"]
    # Kill Glance once bytes are flowing.
    while True:
        task = requests.get("%s/dd/tasks/%s" % (proxy, task_id),
                            headers=headers("demo"), timeout=30).json()
        if task["DoneBytes"] > 0 or task["Status"] != "running":
            break
    assert task["Status"] == "running", task
    glance.kill()
    task = wait_task(task_id, proxy=proxy)
    assert task["Status"] == "failed"
    assert "Glance" in task["Error"], task["Error"]

    glance.start()
    left = glance_get(glance.url, first_glance_id)
    assert left is None or left["status"] != "active"
    # Nobody reads the task: the proxy deletes the half-uploaded image by
    # itself once Glance answers again.
    assert gone_by_itself(glance.url, first_glance_id), \
        glance_get(glance.url, first_glance_id)

    retried = export(big_image, proxy=proxy)
    assert retried.status_code == 202, retried.text
    task = wait_task(retried.json()["Id"], proxy=proxy)
    assert task["Status"] == "succeeded", task
    image = glance_get(glance.url, task["Result"]["glance_image_id"])
    assert image["status"] == "active"
    # The half-uploaded one was cleaned up when Glance came back.
    left = glance_get(glance.url, first_glance_id)
    assert left is None or left["status"] == "deleted"


def test_cancel_deletes_the_glance_image(own_stack, big_image):
    glance, proxy = own_stack
    started = export(big_image, proxy=proxy).json()
    cancelled = requests.delete("%s/dd/tasks/%s" % (proxy, started["Id"]),
                                headers=headers("demo"), timeout=60).json()
    assert cancelled["Status"] in ("cancelled", "succeeded")
    if cancelled["Status"] == "cancelled":
        assert glance_get(glance.url,
                          started["Result"]["glance_image_id"]) is None
