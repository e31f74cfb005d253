"""The `manifest.json` the proxy writes, from what it checked.

dockerd (20.10 and later, graph-driver store) loads what `manifest.json`
lists: each image's config file, its layer files, its `RepoTags`. The proxy
reads the caller's manifest as Go's decoder does (field names in any case;
a field given twice is refused rather than letting the last one win
silently), resolves every path it names through the links the archive held
to a regular file the proxy wrote, and writes a new manifest naming those
files and the familiar form of each tag. Layouts are converted on purpose:
- Docker >= 25 (OCI: `index.json`, `blobs/sha256/...` plus `manifest.json`):
  written as the manifest layout; `index.json` and `oci-layout` dropped.
- Legacy `repositories` beside `manifest.json` (`docker save` of 1.10-24):
  dropped; dockerd ignores it when `manifest.json` is there.
- `repositories` alone (Docker < 1.10, v1 images) and an OCI layout without
  `manifest.json`: refused, with the reason.
"""
import json
from dataclasses import dataclass
from dataclasses import field

from docker_dashboard.proxy.rules.archive.tags import familiar_tag
from docker_dashboard.proxy.rules.json_body import Pairs
from docker_dashboard.proxy.rules.tarball import clean_path
from docker_dashboard.proxy.rules.tarball import refused

METADATA = ("manifest.json", "repositories", "index.json", "oci-layout")
FIELDS = ("Config", "RepoTags", "Layers", "Parent", "LayerSources")
MAX_LINK_HOPS = 16


@dataclass
class Plan:
    """What the rewritten archive will make dockerd do."""
    tags: list
    image_ids: list
    manifest: bytes = field(repr=False)


def _fold(item, index):
    if not isinstance(item, dict):
        raise refused("manifest.json entry %d is not an object" % index)
    by_lower = {name.lower(): name for name in FIELDS}
    out = {}
    for key, value in getattr(item, "pairs", item.items()):
        name = by_lower.get(key.lower())
        if name is None:
            continue
        if name in out:
            raise refused("manifest.json entry %d gives %s twice" % (
                index, name))
        out[name] = value
    return out


def _strings(value, what):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str)
                                              for v in value):
        raise refused("%s in manifest.json is not a list of strings" % what)
    return value


def parse_manifest(raw):
    try:
        decoded = json.loads(raw, object_pairs_hook=Pairs)
    except (ValueError, UnicodeDecodeError):
        raise refused("manifest.json is not valid JSON") from None
    if not isinstance(decoded, list) or not decoded:
        raise refused("manifest.json lists no image")
    return [_fold(item, i) for i, item in enumerate(decoded)]


class Contents:
    """What the reader passed on: regular files (with the sha256 of the
    small ones), folders, links (never forwarded) and the metadata files
    (never forwarded either: the manifest is rewritten)."""

    def __init__(self):
        self.files = {}
        self.folders = set()
        self.links = {}
        self.metadata = {}

    def resolve(self, path, what):
        """The regular file `path` names, following the archive's links."""
        path = clean_path(path, what)
        for _ in range(MAX_LINK_HOPS):
            if path in self.files:
                return path
            if path not in self.links:
                raise refused("%s %r is not a file in the archive"
                              % (what, path))
            path = self.links[path]
        raise refused("%s %r is a chain of links" % (what, path))


def plan(contents):
    """The manifest the proxy will write, or a refusal."""
    meta = contents.metadata
    if "manifest.json" not in meta:
        if "repositories" in meta:
            raise refused("the legacy layout with only `repositories` "
                          "(Docker before 1.10) is not loaded: save the "
                          "image with a newer Docker")
        if "index.json" in meta:
            raise refused("an OCI layout without manifest.json is not "
                          "loaded: save the image with docker save")
        raise refused("it is not a docker save archive (no manifest.json)")
    images, tags, ids = [], [], []
    for index, item in enumerate(parse_manifest(meta["manifest.json"])):
        if item.get("Parent"):
            raise refused("manifest.json entry %d names a parent image"
                          % index)
        if item.get("LayerSources"):
            raise refused("manifest.json entry %d has foreign layers"
                          % index)
        if not isinstance(item.get("Config"), str) or not item["Config"]:
            raise refused("manifest.json entry %d has no Config" % index)
        config = contents.resolve(item["Config"], "config")
        digest = contents.files[config]
        if digest is None:
            raise refused("config %r is too large" % config)
        layers = [contents.resolve(p, "layer")
                  for p in _strings(item.get("Layers"), "Layers")]
        repo_tags = []
        for raw in _strings(item.get("RepoTags"), "RepoTags"):
            tag = familiar_tag(raw)
            if tag in tags:
                raise refused("tag %s is set twice" % tag)
            tags.append(tag)
            repo_tags.append(tag)
        images.append({"Config": config, "RepoTags": repo_tags,
                       "Layers": layers})
        ids.append("sha256:" + digest)
    manifest = json.dumps(images, separators=(",", ":")).encode()
    return Plan(tags=sorted(tags), image_ids=ids, manifest=manifest)
