"""kill -9 of the proxy in the middle of a log stream, an export to Glance,
a load from Glance and a build. The proxy runs under the stack's supervisor,
which starts it again; each scenario then reads what the user is shown and
looks for what the killed work left behind."""
import asyncio
import io
import tarfile
import threading
import time
import uuid

import aiohttp
import docker

from soak import _followers
from soak.faults import _glance
from soak.faults._outcome import outcome
from tests import stack

DIRECT = "unix:///var/run/docker.sock"
BIG_BYTES = 200 * 1024 * 1024


def demo(proxy):
    return stack.docker_client("demo", base_url=proxy.url)


def log_stream(proxy):
    client = demo(proxy)
    cid = client.create_container(
        "busybox:latest", _followers.WRITER,
        name="soak-kill-logs-%s" % uuid.uuid4().hex[:6],
        host_config=client.create_host_config(mem_limit="32m",
                                              nano_cpus=100_000_000))["Id"]
    client.start(cid)
    try:
        follower = _followers.Follower(cid, proxy.ws_base)

        async def scenario():
            stop = asyncio.Event()
            target = {}
            async with aiohttp.ClientSession() as session:
                task = asyncio.ensure_future(follower.run(
                    session, time.monotonic(), stop, target))
                await asyncio.sleep(3)  # lines flowing before the kill
                back = await asyncio.to_thread(proxy.kill9)
                await asyncio.sleep(6)  # the view reconnects and resumes
                target[cid] = follower.highest
                stop.set()
                await asyncio.wait_for(task, 30)
                return back
        back = asyncio.run(scenario())
    finally:
        stack.docker_client("demo", base_url=proxy.url).remove_container(
            cid, force=True)
    from soak import _lines
    found = _lines.audit(follower.numbers)
    sees = "; ".join(sorted({e for _, e in follower.errors})) or "nothing"
    return outcome(
        user_sees="the log view's socket: %s; it reopened with resume_ts "
                  "as the browser does and went on" % sees,
        lost="%d lines lost, %d shown twice (of %d)" % (
            found.lost, found.duplicated, found.received),
        lost_nothing=found.lost == 0 and found.duplicated == 0,
        left_behind=[],
        recovered="yes: the supervisor had a new proxy answering %.1f s "
                  "after the kill" % back)


def big_image(proxy, ref):
    """A demo-owned image with one layer of random bytes."""
    client = demo(proxy)
    cid = client.create_container(
        "busybox:latest", ["sh", "-c", "head -c %d /dev/urandom > /big"
                           % BIG_BYTES],
        host_config=client.create_host_config(mem_limit="64m",
                                              nano_cpus=1_000_000_000))["Id"]
    try:
        client.start(cid)
        client.wait(cid, timeout=300)
        repository, tag = ref.rsplit(":", 1)
        client.commit(cid, repository=repository, tag=tag)
    finally:
        client.remove_container(cid, force=True)


def _task_after_kill(proxy, task_id):
    """What the panel shows for the task once the new proxy answers."""
    found = _glance.wait_done(proxy.url, task_id, timeout=60)
    return "task %s%s" % (found.get("Status"),
                          (": " + found["Error"]) if found.get("Error")
                          else "")


def export_and_load(proxy):
    """Both transfers on one image: the export is killed, exported again
    (recovery), then its load from Glance is killed and loaded again."""
    ref = "soak-kill-%s:big" % uuid.uuid4().hex[:6]
    name = ref.replace(":", "-")
    glance_ids = set()
    results = {}
    try:
        big_image(proxy, ref)
        started = _glance.start(proxy.url, "/dd/images/%s/glance-export"
                                % ref, {"glance_name": name})
        first = started["Result"]["glance_image_id"]
        glance_ids.add(first)
        _glance.wait_progress(proxy.url, started["Id"], 0.05)
        back = proxy.kill9()
        sees = _task_after_kill(proxy, started["Id"])
        left = _glance.unfinished(first)
        again = _glance.start(proxy.url, "/dd/images/%s/glance-export" % ref,
                              {"glance_name": name})
        second = again["Result"]["glance_image_id"]
        glance_ids.add(second)
        done = _glance.wait_done(proxy.url, again["Id"])
        results["export"] = outcome(
            user_sees="the export's task after the restart: %s" % sees,
            lost="the export itself (to be started again)",
            lost_nothing=True,
            left_behind=["Glance image %s left %s" % (first, left["status"])]
            if left else [],
            recovered="yes: a new proxy %.1f s after the kill; the export "
                      "again: %s" % (back, done.get("Status"))
            if done.get("Status") == "succeeded" else
            "no: the export again: %s" % done)
        if done.get("Status") != "succeeded":
            return results
        demo(proxy).remove_image(ref)
        started = _glance.start(proxy.url, "/dd/glance/%s/load" % second)
        _glance.wait_progress(proxy.url, started["Id"], 0.05)
        back = proxy.kill9()
        sees = _task_after_kill(proxy, started["Id"])
        engine = docker.APIClient(DIRECT, version="1.41")
        tagged = [t for i in engine.images() for t in (i.get("RepoTags")
                                                        or [])
                  if t.startswith(ref.split(":")[0])]
        done = _glance.wait_done(proxy.url, _glance.start(
            proxy.url, "/dd/glance/%s/load" % second)["Id"])
        results["load"] = outcome(
            user_sees="the load's task after the restart: %s" % sees,
            lost="the load itself (to be started again)", lost_nothing=True,
            left_behind=["image tagged %s after the killed load" % t
                         for t in tagged],
            recovered="yes: a new proxy %.1f s after the kill; the load "
                      "again: %s" % (back, done.get("Status"))
            if done.get("Status") == "succeeded" else
            "no: the load again: %s" % done)
        return results
    finally:
        for image_id in glance_ids:
            _glance.delete(image_id)
        engine = docker.APIClient(DIRECT, version="1.41")
        for found in engine.images():
            for tag in found.get("RepoTags") or []:
                if tag.startswith(ref.split(":")[0]):
                    engine.remove_image(tag, force=True)


def _context(marker, seconds):
    data = ("FROM busybox:latest\nRUN sleep %d && echo %s > /marker\n"
            % (seconds, marker)).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    return buffer


def _build(proxy, marker, seconds, tag, into):
    try:
        client = demo(proxy)
        into["output"] = list(client.build(
            fileobj=_context(marker, seconds), custom_context=True, tag=tag,
            rm=True, decode=True))
    except Exception as error:  # what the docker CLI would print
        into["error"] = repr(error)


def build(proxy):
    marker = "soak-%s" % uuid.uuid4().hex[:8]
    tag = "soak-kill-build-%s:latest" % marker[-8:]
    engine = docker.APIClient(DIRECT, version="1.41")
    killed = {}
    runner = threading.Thread(target=_build,
                              args=(proxy, marker, 8, tag, killed))
    runner.start()
    time.sleep(3)  # the RUN step is running
    back = proxy.kill9()
    runner.join(60)
    time.sleep(10)  # the daemon's own clean-up of a cancelled build
    left = [c["Id"][:12] + " " + c["Command"] for c in engine.containers(
        all=True) if marker in (c.get("Command") or "")]
    again = {}
    _build(proxy, marker + "b", 1, tag, again)
    built = bool(engine.images(tag.split(":")[0]))
    for found in engine.containers(all=True):
        if marker in (found.get("Command") or ""):
            engine.remove_container(found["Id"], force=True)
    if built:
        engine.remove_image(tag, force=True)
    return outcome(
        user_sees="the build client: %s" % killed.get(
            "error", "no error, output ends %s"
            % (killed.get("output") or [None])[-1:]),
        lost="the build itself (to be started again)", lost_nothing=True,
        left_behind=["build container %s" % c for c in left],
        recovered="yes: a new proxy %.1f s after the kill; the build "
                  "again succeeded" % back if built else
        "no: the build again: %s" % again.get("error"))
