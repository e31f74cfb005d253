"""`docker load` and Glance loads forward only the archive the proxy wrote.

Each attack below works against dockerd 20.10 on its socket (checked by
hand: dockerd lets the later of two manifest.json win, follows a linked
manifest, loads the legacy `repositories` layout, and reads a GNU header's
name without the prefix Python's tarfile joins). Through the proxy, demo
tries each to move a tag alt_demo owns and the public `busybox:latest`,
through `POST /images/load` and through a Glance load: the load is refused
and the tag still names the same image afterwards. Ordinary saves (legacy
and OCI layouts) still load, as the project's.
"""
import io
import json
import tarfile
import uuid

import docker
import pytest
import requests

from tests import image_archive
from tests import stack
from tests.integration.proxy.conftest import call
from tests.integration.test_glance_transfer import glance_delete
from tests.integration.test_glance_transfer import glance_upload
from tests.integration.test_glance_transfer import load as glance_load
from tests.integration.test_glance_transfer import wait_task

PUBLIC = "busybox:latest"


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def image_id(daemon, ref):
    try:
        return daemon.inspect_image(ref)["Id"]
    except docker.errors.NotFound:
        return None


def remove(daemon, ref):
    try:
        daemon.remove_image(ref, force=True)
    except docker.errors.NotFound:
        pass


@pytest.fixture
def made(daemon):
    """Images and Glance images a test made, removed after it."""
    refs, glance_ids = [], []
    yield refs, glance_ids
    for ref in refs:
        remove(daemon, ref)
    for glance_id in glance_ids:
        glance_delete(glance_id)


@pytest.fixture
def victim(daemon, made):
    """A tag alt_demo owns (loaded through the proxy, so this is also the
    ordinary load's test)."""
    tag = unique("p3l-victim") + ":1"
    data, wanted = image_archive.archive(unique("victim"), [tag])
    made[0].append(wanted)
    resp = call("alt_demo", "POST", "/images/load", raw=data,
                headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 200 and "error" not in resp.text, resp.text
    assert image_id(daemon, tag) == wanted
    return tag


def attack(kind, target, marker):
    """An archive demo sends whose reading by dockerd would set `target`
    while a naive reader sees only demo's own fresh tag."""
    decoy = unique("p3l-decoy") + ":1"
    entries, _ = image_archive.members(marker, [decoy])
    config, layer = entries[0][0], entries[3][0]
    files = entries[:4]
    aimed = image_archive.manifest(config, [layer], [target])
    honest = image_archive.manifest(config, [layer], [decoy])
    if kind == "repeated manifest":
        return image_archive.tar(files + [("manifest.json", honest),
                                          ("manifest.json", aimed)])
    if kind == "linked manifest":
        return image_archive.tar(files + [("m2.json", aimed),
                                          ("manifest.json", ("sym",
                                                             "m2.json"))])
    if kind == "legacy repositories":
        layer_hex = entries[1][0]
        repo, tag = target.rsplit(":", 1)
        v1 = json.dumps({"id": layer_hex, "os": "linux",
                         "architecture": "amd64"}).encode()
        return image_archive.tar([
            (layer_hex, None), (layer_hex + "/VERSION", b"1.0"),
            (layer_hex + "/json", v1),
            (layer_hex + "/layer.tar", entries[3][1]),
            ("repositories", json.dumps({repo: {tag: layer_hex}}).encode())])
    if kind == "tar header difference":
        # Python reads the second member as `14540432046/manifest.json`,
        # a file of no meaning; dockerd (Go) reads it as the manifest.
        return image_archive.tar(files + [
            ("manifest.json", honest),
            image_archive.gnu_prefixed_member("manifest.json", aimed)])
    raise ValueError(kind)


ATTACKS = ["repeated manifest", "linked manifest", "legacy repositories",
           "tar header difference"]
WHY = {"repeated manifest": "second manifest.json",
       "linked manifest": "manifest.json is not a plain file",
       "legacy repositories": "legacy layout",
       "tar header difference": "ambiguous"}


def test_pythons_tarfile_reads_the_decoy_manifest():
    """The old check read archives with Python's tarfile: it finds the
    decoy where dockerd reads the target (dockerd's side was checked by
    hand on the socket; doing it here would move a real tag)."""
    for kind in ("repeated manifest", "tar header difference"):
        data = attack(kind, "somebody:1", unique("m"))
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            first = next(m for m in tar if m.name == "manifest.json")
            assert b"somebody:1" not in tar.extractfile(first).read()


@pytest.mark.parametrize("kind", ATTACKS)
@pytest.mark.parametrize("whose", ["alt_demo", "public"])
def test_docker_load_cannot_move_a_tag_by_archive_tricks(kind, whose,
                                                         victim, daemon,
                                                         made):
    target = victim if whose == "alt_demo" else PUBLIC
    before = image_id(daemon, target)
    marker = unique("attacker")
    attacker = image_archive.image_parts(marker)[1]
    made[0].append(attacker)
    resp = call("demo", "POST", "/images/load", raw=attack(
        kind, target, marker), headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 422, resp.text
    assert WHY[kind] in resp.json()["message"]
    assert image_id(daemon, target) == before
    # dockerd received all but the end of the proxy's archive: it loaded
    # nothing at all.
    assert image_id(daemon, attacker) is None


@pytest.mark.parametrize("kind", ATTACKS)
@pytest.mark.parametrize("whose", ["alt_demo", "public"])
def test_glance_load_cannot_move_a_tag_by_archive_tricks(kind, whose,
                                                         victim, daemon,
                                                         made):
    target = victim if whose == "alt_demo" else PUBLIC
    before = image_id(daemon, target)
    marker = unique("attacker")
    attacker = image_archive.image_parts(marker)[1]
    made[0].append(attacker)
    glance_id = glance_upload(attack(kind, target, marker),
                              unique("it-attack"))
    made[1].append(glance_id)
    task = wait_task(glance_load(glance_id).json()["Id"])
    assert task["Status"] == "failed", task
    assert WHY[kind] in task["Error"], task["Error"]
    assert image_id(daemon, target) == before
    assert image_id(daemon, attacker) is None


def test_repositories_beside_a_manifest_sets_nothing(victim, daemon, made):
    """`docker save` of 20.10 writes both; the proxy drops `repositories`
    (dockerd ignores it too), so naming alt_demo's tag there moves
    nothing, and the manifest's own tag loads as demo's."""
    before = image_id(daemon, victim)
    mine = unique("p3l-mine") + ":1"
    entries, wanted = image_archive.members(unique("m"), [mine])
    made[0].append(wanted)
    repo, tag = victim.rsplit(":", 1)
    entries[-1] = ("repositories", json.dumps(
        {repo: {tag: entries[1][0]}}).encode())
    resp = call("demo", "POST", "/images/load",
                raw=image_archive.tar(entries),
                headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 200 and "error" not in resp.text, resp.text
    assert image_id(daemon, victim) == before
    assert image_id(daemon, mine) == wanted
    assert call("demo", "GET", "/images/%s/json" % mine).status_code == 200
    assert call("alt_demo", "GET", "/images/%s/json" % mine
                ).status_code == 404


@pytest.mark.parametrize("layout", ["legacy", "oci"])
@pytest.mark.parametrize("compress", [False, True])
def test_a_save_loads_back_as_the_projects(layout, compress, daemon, made):
    tag = unique("p3l-rt-" + layout) + ":1"
    data, wanted = image_archive.archive(unique("rt"), [tag], layout)
    made[0].append(wanted)
    if compress:
        import gzip
        data = gzip.compress(data)
    resp = call("demo", "POST", "/images/load", raw=data,
                headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 200 and "error" not in resp.text, resp.text
    assert image_id(daemon, tag) == wanted
    assert call("demo", "GET", "/images/%s/json" % tag).json()["Id"] == \
        wanted
    assert call("alt_demo", "GET", "/images/%s/json" % tag
                ).status_code == 404


def test_docker_save_of_this_daemon_round_trips_through_the_proxy(daemon,
                                                                 made):
    """The real `docker save` (20.10: legacy layout with repositories)."""
    tag = unique("p3l-save") + ":1"
    data, wanted = image_archive.archive(unique("save"), [tag])
    made[0].append(wanted)
    assert call("demo", "POST", "/images/load", raw=data, headers={
        "Content-Type": "application/x-tar"}).status_code == 200
    saved = call("demo", "GET", "/images/%s/get" % tag).content
    remove(daemon, tag)
    resp = call("demo", "POST", "/images/load", raw=saved,
                headers={"Content-Type": "application/x-tar"})
    assert resp.status_code == 200 and "error" not in resp.text, resp.text
    assert image_id(daemon, tag) == wanted
    assert call("alt_demo", "GET", "/images/%s/json" % tag
                ).status_code == 404


def test_a_glance_load_of_an_oci_layout_is_the_projects(daemon, made):
    tag = unique("p3l-goci") + ":1"
    data, wanted = image_archive.archive(unique("goci"), [tag], "oci")
    made[0].append(wanted)
    glance_id = glance_upload(data, unique("it-oci"))
    made[1].append(glance_id)
    task = wait_task(glance_load(glance_id).json()["Id"])
    assert task["Status"] == "succeeded", task
    assert task["Result"]["tags"] == [tag]
    assert task["Result"]["image_ids"] == [wanted]
    assert image_id(daemon, tag) == wanted
    assert call("demo", "GET", "/images/%s/json" % tag).status_code == 200
    assert call("alt_demo", "GET", "/images/%s/json" % tag
                ).status_code == 404


def test_token_is_needed_to_load():
    resp = requests.post(stack.PROXY_URL + "/images/load", data=b"",
                         timeout=30)
    assert resp.status_code == 401
