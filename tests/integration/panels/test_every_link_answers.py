"""Every link and action of the plugin's pages answers, for a member (demo),
a reader (reader) and an admin (admin), both as a page and as the modal
Horizon opens (its ajax request): no 5xx, no TemplateDoesNotExist.

A crawler over HTTP with a logged-in session, not the browser: it opens a
few hundred URLs twice for three users in the time the browser would take
for a handful, and Horizon's modal is nothing but the same GET with
`X-Requested-With: XMLHttpRequest`, which is how Horizon picks the
`_`-prefixed template that a test opening the form by its URL never sees.
The browser tests (tests/e2e) click the same actions and check what the user
sees; this test makes sure none of them was forgotten.

It starts from the three panels, plus the detail pages of the objects it
made (a user reaches those through the name filter, whatever page they
land on), and follows every link, form action and ajax URL of every plugin
page: row and table actions, tabs, details pages, row updates. It stays in
the plugin's URLs, follows only GETs that change nothing (never a table
action passed as `?action=`, which Horizon would run), and opens objects
only when they are its own or the public base image: others' tests create
and remove theirs meanwhile.
"""
import concurrent.futures
import html.parser
import io
import os
import re
import urllib.parse
import uuid

import docker
import pytest
import requests

from tests import stack
from tests.build_context import dockerfile_context

GLANCE = os.environ.get("DD_GLANCE_URL", "http://127.0.0.1:9292")
BASE_IMAGE = "busybox:latest"
PANELS = ("/project/docker_containers/", "/project/docker_images/",
          "/project/docker_snapshots/")
MODAL = {"X-Requested-With": "XMLHttpRequest"}
# Horizon's own ajax GETs; every other `?action=` would run a table action.
READ_ONLY_ACTIONS = {"row_update", "cell_update"}
# Query parameters that name someone's object only to page past it.
PAGING = {"marker", "prev_marker"}
HEX_ID = re.compile(r"[0-9a-f]{12,}")


def _made_in(user):
    """What every action needs, made through the proxy in `user`'s project:
    a running, a stopped and a paused container, a snapshot, a built image
    and a Glance image in docker format. Returns (made, undo): made lists
    the containers' ids, the images' references and the Glance images'."""
    client = stack.docker_client(user)
    name = "crawl-%s-%s" % (user, uuid.uuid4().hex[:8])
    made = {"containers": [], "images": [], "glance": []}
    limits = client.create_host_config(mem_limit=64 << 20,
                                       nano_cpus=10 ** 8)

    def container(suffix):
        cid = client.create_container(
            BASE_IMAGE, ["sleep", "600"], name="%s-%s" % (name, suffix),
            stop_signal="SIGKILL", host_config=limits)["Id"]
        made["containers"].append(cid)
        client.start(cid)
        return cid

    def undo():
        for cid in made["containers"]:
            _quietly(client.remove_container, cid, force=True, v=True)
        for ref in made["images"]:
            _quietly(client.remove_image, ref, force=True)
        for image_id in made["glance"]:
            requests.delete(GLANCE + "/v2/images/" + image_id, timeout=60,
                            headers={"X-Auth-Token": stack.token(user)})

    try:
        running = container("running")
        client.stop(container("stopped"), timeout=0)
        client.pause(container("paused"))
        snapshot = client.commit(running, repository=name + "-snap",
                                 tag="1")["Id"]
        made["images"].append(snapshot)
        lines = list(client.build(
            fileobj=io.BytesIO(dockerfile_context(
                "FROM %s\nRUN echo %s > /marker\n" % (BASE_IMAGE, name))),
            custom_context=True, tag=name + "-img:1", network_mode="none",
            rm=True, forcerm=True, decode=True))
        assert not [line for line in lines if "error" in line], lines
        made["image_tag"] = name + "-img:1"
        made["images"].append(made["image_tag"])
        made["images"].append(client.inspect_image(made["image_tag"])["Id"])
        _glance_image(user, name, client.get_image(made["image_tag"]),
                      made["glance"])
    except Exception:
        undo()
        raise
    return made, undo


def _glance_image(user, name, tar_chunks, made):
    """A Glance image in docker format holding `docker save`'s archive;
    its id goes into `made` as soon as it exists."""
    headers = {"X-Auth-Token": stack.token(user)}
    image = requests.post(GLANCE + "/v2/images", headers=headers, json={
        "name": name + "-glance", "container_format": "docker",
        "disk_format": "raw"}, timeout=60)
    image.raise_for_status()
    image_id = image.json()["id"]
    made.append(image_id)
    upload = requests.put(
        GLANCE + "/v2/images/%s/file" % image_id, data=b"".join(tar_chunks),
        headers=dict(headers, **{"Content-Type": "application/octet-stream"}),
        timeout=120)
    upload.raise_for_status()


def _quietly(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except docker.errors.NotFound:
        pass


@pytest.fixture(scope="module")
def own_objects():
    """Per user: the ids of the objects made for the crawl (the public base
    image's too) and the containers'. demo's serve demo and reader (a reader
    of demo's project), admin's serve admin."""
    made, undos = {}, []
    try:
        for user in ("demo", "admin"):
            made[user], undo = _made_in(user)
            undos.append(undo)
        base = stack.docker_client("admin").inspect_image(BASE_IMAGE)["Id"]
        mine = {}
        for user, project in (("demo", "demo"), ("reader", "demo"),
                              ("admin", "admin")):
            objects = made[project]
            ids = set(objects["containers"]) | set(objects["glance"]) | {
                ref.split(":", 1)[1] for ref in objects["images"] + [base]
                if ref.startswith("sha256:")}
            mine[user] = {"ids": ids, "containers": objects["containers"],
                          "image": objects["image_tag"]}
        yield mine
    finally:
        for undo in undos:
            undo()


class _Links(html.parser.HTMLParser):
    """Every URL a page offers: links, form actions, and the URLs Horizon's
    scripts fetch (row updates, lazily loaded tabs, the layer tree)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value and (key in ("href", "action")
                          or (key.startswith("data-") and key.endswith("url"))):
                self.found.append(value)
        attrs = dict(attrs)
        if attrs.get("data-tree-url") and attrs.get("data-layers"):
            # The layer browser's script asks for each layer's tree, alone
            # and as the image's whole file system at that layer.
            for layer in range(int(attrs["data-layers"])):
                tree = "%slayers/%d/tree/?path=/" % (attrs["data-tree-url"],
                                                    layer)
                self.found += [tree, tree + "&aggregate=1"]


def links_of(page_url, text):
    parser = _Links()
    parser.feed(text)
    return [urllib.parse.urljoin(page_url, link) for link in parser.found]


def to_follow(url, own_ids):
    """The URL to open (fragment dropped), or None: outside the plugin,
    a state change, or another test's object."""
    url = urllib.parse.urldefrag(url)[0]
    parts = urllib.parse.urlsplit(url)
    if "%s://%s" % (parts.scheme, parts.netloc) != stack.HORIZON_URL:
        return None
    if not parts.path.startswith(PANELS):
        return None
    query = urllib.parse.parse_qsl(parts.query)
    for key, value in query:
        if key == "action" and value not in READ_ONLY_ACTIONS:
            return None
    named = HEX_ID.findall(parts.path) + HEX_ID.findall(" ".join(
        value for key, value in query if key not in PAGING))
    if not all(any(hex_id in own for own in own_ids) for hex_id in named):
        return None
    return url


def problem(answer):
    """What is wrong with an answer, or None."""
    if answer.status_code >= 500:
        return "HTTP %d" % answer.status_code
    if "TemplateDoesNotExist" in answer.text:
        return "TemplateDoesNotExist"
    if "/auth/login/" in urllib.parse.urlsplit(answer.url).path:
        return "sent to the login page"
    return None


def crawl(session, start, own_ids):
    """Opens every reachable plugin URL as a page and as a modal; returns
    (URLs opened, problems as 'mode URL: what')."""
    seen, problems = set(start), []
    level = list(start)

    def visit(url):
        found, wrong = [], []
        for mode, headers in (("page", {}), ("modal", MODAL)):
            answer = session.get(url, headers=headers, timeout=120)
            what = problem(answer)
            if what:
                wrong.append("%s %s: %s" % (mode, url, what))
            if answer.headers.get("Content-Type", "").startswith("text/html"):
                found += links_of(answer.url, answer.text)
        return found, wrong

    # Horizon serves two workers of four threads: four at a time.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        while level:
            following = []
            for found, wrong in pool.map(visit, level):
                problems += wrong
                for link in found:
                    url = to_follow(link, own_ids)
                    if url and url not in seen:
                        seen.add(url)
                        following.append(url)
            level = following
    return seen, problems


# What the crawl must have reached for the test to mean anything: each
# panel's row actions and the tabs (the reader's role offers no forms).
MUST_REACH = {
    "member": ("?tab=", "/rename/", "/stop/", "/kill/", "/update/",
               "/docker_snapshots/container/", "/tag/", "/push/",
               "/rollback/", "/export/", "/docker_snapshots/sha256:",
               "/docker_images/sha256:"),
    "reader": ("?tab=", "/docker_images/sha256:"),
}
MUST_REACH_ALL = ("/tree/?path=", "/compare/?a=")


@pytest.mark.parametrize("user", ["demo", "reader", "admin"])
def test_every_plugin_link_answers_as_page_and_as_modal(user, own_objects):
    own = own_objects[user]
    start = [stack.HORIZON_URL + panel for panel in PANELS]
    start += [stack.HORIZON_URL + "/project/docker_containers/%s/" % cid
              for cid in own["containers"]]
    # Compare Images is a GET form: the two images a user would pick.
    start.append(stack.HORIZON_URL + "/project/docker_images/compare/?" +
                 urllib.parse.urlencode({"a": BASE_IMAGE, "b": own["image"]}))
    session = stack.horizon_session(user)
    opened, problems = crawl(session, start, own["ids"])
    for part in MUST_REACH["reader" if user == "reader" else "member"] + \
            MUST_REACH_ALL:
        assert any(part in url for url in opened), (
            "as %s the crawl never reached a %s URL" % (user, part))
    assert not problems, "as %s:\n%s" % (user, "\n".join(sorted(problems)))
