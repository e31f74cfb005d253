"""The layer endpoints against real images built through the proxy (classic
builder, FROM busybox:latest) whose layers are known: a file added, one
modified, one deleted, and an opaque folder (removed then made again)."""
import io
import tarfile
import uuid

import docker
import pytest
import requests

from tests import stack
from tests.build_context import dockerfile_context

# Layer 1 lays down the files; layer 2 changes each of them in a known way.
DOCKERFILE = """\
FROM busybox:latest
RUN mkdir -p /keep /d && echo one > /keep/mod && echo gone > /keep/gone \
 && echo old > /d/old
RUN echo added > /keep/added && echo two-two > /keep/mod && rm /keep/gone \
 && rm -rf /d && mkdir /d && echo x > /d/new
"""
# An image on top of the first, for the comparison.
CHILD_DOCKERFILE = """\
FROM {parent}
RUN echo child > /keep/child && rm /keep/added
"""


def context_of(dockerfile):
    """A build context holding only the Dockerfile, as a tar stream."""
    return io.BytesIO(dockerfile_context(dockerfile))


def build(client, dockerfile, tag):
    """Builds through the proxy; returns the new image's id."""
    lines = list(client.build(fileobj=context_of(dockerfile),
                              custom_context=True, tag=tag, rm=True,
                              forcerm=True, decode=True))
    errors = [line for line in lines if "error" in line or "errorDetail" in line]
    assert not errors, errors
    return client.inspect_image(tag)["Id"]


def remove_images(client, *refs):
    for ref in refs:
        try:
            client.remove_image(ref, force=True)
        except docker.errors.APIError:
            pass


@pytest.fixture(scope="module")
def built():
    """{"parent": (tag, id), "child": (tag, id)} built as demo, removed after."""
    client = stack.docker_client("demo")
    suffix = uuid.uuid4().hex[:8]
    parent = "dd-layers-test-%s:parent" % suffix
    child = "dd-layers-test-%s:child" % suffix
    images = {"parent": (parent, build(client, DOCKERFILE, parent))}
    images["child"] = (child, build(client, CHILD_DOCKERFILE.format(
        parent=parent), child))
    yield images
    remove_images(client, child, parent)


def get(user, url_path, **params):
    return requests.get(stack.PROXY_URL + url_path, params=params, timeout=120,
                        headers={"X-Auth-Token": stack.token(user)})


def tree(user, image, layer, path, aggregate=0):
    answer = get(user, "/dd/images/%s/layers/%d/tree" % (image, layer),
                 path=path, aggregate=aggregate)
    assert answer.status_code == 200, answer.text
    return {e["name"]: e["status"] for e in answer.json()["entries"]}


def test_summary_lists_busybox_and_the_two_run_layers(built):
    tag, image_id = built["parent"]
    answer = get("demo", "/dd/images/%s/layers" % tag)
    assert answer.status_code == 200, answer.text
    summary = answer.json()
    assert summary["image_id"] == image_id
    layers = summary["layers"]
    assert len(layers) == 3
    assert "rm /keep/gone" in layers[2]["command"]
    assert layers[2]["digest"].startswith("sha256:")
    assert layers[2]["created"]
    # /keep/added and /d/new added; /keep/mod modified; /keep/gone and
    # /d/old removed.
    assert (layers[2]["added"], layers[2]["modified"],
            layers[2]["removed"]) >= (2, 1, 2)


def test_the_changing_layer_marks_exactly_added_modified_removed(built):
    tag, _ = built["parent"]
    assert tree("demo", tag, 2, "/keep") == {
        "added": "added", "mod": "modified", "gone": "removed"}


def test_an_opaque_folder_shows_the_old_content_removed(built):
    tag, _ = built["parent"]
    assert tree("demo", tag, 2, "/d") == {"new": "added", "old": "removed"}


def test_everything_up_to_a_layer_is_the_stacked_filesystem(built):
    tag, _ = built["parent"]
    assert tree("demo", tag, 1, "/keep", aggregate=1) == {
        "mod": "added", "gone": "added"}
    # Up to the top: the removed file is still listed, as removed by it.
    assert tree("demo", tag, 2, "/keep", aggregate=1) == {
        "added": "added", "mod": "modified", "gone": "removed"}
    # Busybox's own files are there, unchanged by the top layer.
    assert tree("demo", tag, 2, "/bin", aggregate=1)["sh"] == "unchanged"


def test_a_folder_with_a_change_below_is_marked_modified(built):
    """As the Changes tab marks the parent folders of a change "changed":
    the layer that removed /keep/gone marks /keep modified, alone and
    stacked, while busybox's /bin, which it does not touch, stays
    unchanged."""
    tag, _ = built["parent"]
    alone = tree("demo", tag, 2, "/")
    assert alone["keep"] == "modified"
    assert "bin" not in alone
    stacked = tree("demo", tag, 2, "/", aggregate=1)
    assert stacked["keep"] == "modified"
    assert stacked["bin"] == "unchanged"


def test_wasted_space_names_the_overwritten_and_removed_files(built):
    tag, _ = built["parent"]
    summary = get("demo", "/dd/images/%s/layers" % tag).json()
    wasters = {w["path"] for w in summary["top_wasters"]}
    assert {"/keep/mod", "/keep/gone", "/d/old"} <= wasters
    assert summary["wasted_bytes"] > 0
    assert 0 < summary["efficiency"] < 1


def test_compare_child_with_parent_shares_the_parents_layers(built):
    parent, _ = built["parent"]
    child, _ = built["child"]
    answer = get("demo", "/dd/images/compare", a=parent, b=child)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["shared_base_layers"] == 3
    assert result["layers_only_in_b"] == [3]
    differences = {d["path"]: d["status"] for d in result["differences"]}
    assert differences == {"/keep/added": "removed", "/keep/child": "added"}


def test_a_second_view_is_served_from_the_cache(built):
    tag, _ = built["parent"]
    first = get("demo", "/dd/images/%s/layers" % tag).json()
    again = get("demo", "/dd/images/%s/layers" % tag).json()
    assert first == again


def test_public_busybox_is_browsable_by_every_project():
    answer = get("alt_demo", "/dd/images/busybox:latest/layers/0/tree",
                 path="/bin")
    assert answer.status_code == 200, answer.text
    assert "sh" in {e["name"] for e in answer.json()["entries"]}


# -- refusals ------------------------------------------------------------------

def test_another_projects_image_answers_not_found(built):
    tag, image_id = built["parent"]
    for path in ("/dd/images/%s/layers" % tag,
                 "/dd/images/%s/layers" % image_id,
                 "/dd/images/%s/layers/0/tree" % tag):
        answer = get("alt_demo", path)
        assert answer.status_code == 404, (path, answer.text)
        assert "No such image" in answer.json()["message"]


def test_compare_refuses_when_either_side_is_foreign(built):
    tag, _ = built["parent"]
    answer = get("alt_demo", "/dd/images/compare", a="busybox:latest", b=tag)
    assert answer.status_code == 404


def test_a_reader_of_the_project_may_browse(built):
    tag, _ = built["parent"]
    assert get("reader", "/dd/images/%s/layers" % tag).status_code == 200


def test_no_token_no_layers(built):
    tag, _ = built["parent"]
    answer = requests.get(stack.PROXY_URL + "/dd/images/%s/layers" % tag,
                          timeout=30)
    assert answer.status_code == 401


@pytest.mark.parametrize("layer,path,aggregate,status", [
    ("9", "/", "0", 404),          # no such layer
    ("x", "/", "0", 400),          # not a number
    ("2", "/nowhere", "0", 404),   # no such folder
    ("2", "keep", "0", 400),       # not absolute
    ("2", "/", "maybe", 400),      # aggregate is a flag
    ("2", "/keep/mod", "1", 404),  # a file is not a folder
])
def test_bad_tree_requests_are_refused(built, layer, path, aggregate, status):
    tag, _ = built["parent"]
    answer = get("demo", "/dd/images/%s/layers/%s/tree" % (tag, layer),
                 path=path, aggregate=aggregate)
    assert answer.status_code == status, answer.text
    assert answer.json()["message"]


def test_compare_needs_both_images():
    answer = get("demo", "/dd/images/compare", a="busybox:latest")
    assert answer.status_code == 400
    assert answer.json()["field"] == "b"


# -- the OCI layout (Docker >= 25) ---------------------------------------------

def oci_from_legacy(legacy):
    """The same image rewritten as an OCI layout (index.json, blobs/sha256,
    gzip layers), the way Docker 25 saves it: made here since this daemon
    (20.10) writes only the legacy layout."""
    import gzip
    import hashlib
    import json
    with tarfile.open(fileobj=io.BytesIO(legacy)) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))[0]
        config = archive.extractfile(manifest["Config"]).read()
        layers = [archive.extractfile(path).read()
                  for path in manifest["Layers"]]
    blobs = {}

    def blob(data, media_type):
        digest = hashlib.sha256(data).hexdigest()
        blobs[digest] = data
        return {"mediaType": media_type, "digest": "sha256:" + digest,
                "size": len(data)}
    image_manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": blob(config, "application/vnd.oci.image.config.v1+json"),
        "layers": [blob(gzip.compress(layer, mtime=0),
                        "application/vnd.oci.image.layer.v1.tar+gzip")
                   for layer in layers],
    }).encode()
    index = json.dumps({"schemaVersion": 2, "manifests": [blob(
        image_manifest, "application/vnd.oci.image.manifest.v1+json")]})
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        members = [("oci-layout", b'{"imageLayoutVersion": "1.0.0"}'),
                   ("index.json", index.encode())]
        members += [("blobs/sha256/" + d, data) for d, data in blobs.items()]
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_an_oci_layout_archive_is_analysed_like_the_legacy_one(built):
    from docker_dashboard.proxy.layers import analyse
    from tests.unit.layers.scenario import describe
    tag, image_id = built["parent"]
    legacy = b"".join(stack.docker_client("demo").get_image(tag))
    oci = oci_from_legacy(legacy)
    from_legacy = analyse(io.BytesIO(legacy), image=image_id)
    from_oci = analyse(io.BytesIO(oci))
    assert (from_legacy.layout, from_oci.layout) == ("docker", "oci")
    assert describe(from_oci) == describe(from_legacy)
    assert {e.name: e.status for e in from_oci.list_dir(2, "/d")} == {
        "new": "added", "old": "removed"}
    assert from_oci.layers[2].compression == "gzip"
