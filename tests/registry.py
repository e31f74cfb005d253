"""The local registry (127.0.0.1:5005), for tests that push to it: deleting
what they pushed through the registry's own API (delete is enabled in the
stack's registry config), so repositories do not pile up run after run."""
import uuid

import requests

REGISTRY = "127.0.0.1:5005"
MANIFEST_TYPES = ", ".join([
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json"])


def repository(prefix):
    """A repository name of its own for one test run."""
    return "%s/%s-%s" % (REGISTRY, prefix, uuid.uuid4().hex[:8])


def delete_tag(reference):
    """Deletes the manifest `REGISTRY/name:tag` points at; True if it was
    there. The blobs go at the registry's next garbage collection."""
    name, _colon, tag = reference[len(REGISTRY) + 1:].rpartition(":")
    base = "http://%s/v2/%s/manifests/" % (REGISTRY, name)
    head = requests.head(base + tag, headers={"Accept": MANIFEST_TYPES},
                         timeout=30)
    if head.status_code != 200:
        return False
    digest = head.headers["Docker-Content-Digest"]
    resp = requests.delete(base + digest, timeout=30)
    return resp.status_code == 202


def tags(repository):
    """The repository's tags (none once its manifests are deleted)."""
    resp = requests.get("http://%s/v2/%s/tags/list" % (REGISTRY, repository),
                        timeout=30)
    return (resp.json().get("tags") or []) if resp.status_code == 200 else []
