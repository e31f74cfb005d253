"""Finding the images in an archive: which config, which layers in which order.

Two entry points exist. `manifest.json` (legacy layout, and also written by
Docker >= 25 with paths into `blobs/`) lists Config and Layers as member paths.
`index.json` (OCI layout) leads through descriptors to manifest, config and
layer blobs by digest. When both exist they describe the same images; the
manifest.json route is taken because it also carries the tags.
"""
import hashlib
import json
from dataclasses import dataclass, field

from .archive import ArchiveContents
from .errors import InvalidImageArchive

INDEX_TYPES = {
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
}
MANIFEST_TYPES = {
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
}
MAX_INDEX_DEPTH = 4


@dataclass
class ImageRecipe:
    """How to assemble one image from the archive's members."""
    image_id: str                   # 'sha256:<hex>' of the config bytes
    config: dict
    layer_paths: list[str]          # member paths, bottom layer first
    repo_tags: list[str] = field(default_factory=list)
    layout: str = 'docker'          # 'docker' (manifest.json) or 'oci' (index.json)


def find_images(contents: ArchiveContents) -> list[ImageRecipe]:
    if contents.has('manifest.json'):
        return _from_manifest_json(contents)
    if contents.has('index.json'):
        return _from_oci_index(contents)
    raise InvalidImageArchive('archive has neither manifest.json nor index.json: '
                              'not a docker save output')


def _load_json(contents: ArchiveContents, path: str):
    data = contents.read_small(path)
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidImageArchive(f'{path} is not valid JSON ({exc})') from None


def _config(contents: ArchiveContents, path: str):
    data = contents.read_small(path)
    try:
        config = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidImageArchive(f'image config {path} is not valid JSON ({exc})') from None
    if not isinstance(config, dict):
        raise InvalidImageArchive(f'image config {path} is not an object')
    return 'sha256:' + hashlib.sha256(data).hexdigest(), config


def _from_manifest_json(contents: ArchiveContents) -> list[ImageRecipe]:
    manifest = _load_json(contents, 'manifest.json')
    if not isinstance(manifest, list):
        raise InvalidImageArchive('manifest.json is not a list')
    recipes = []
    for entry in manifest:
        try:
            config_path = entry['Config']
            layer_paths = list(entry['Layers'] or [])
            tags = list(entry.get('RepoTags') or [])
        except (KeyError, TypeError, AttributeError):
            raise InvalidImageArchive('manifest.json entry lacks Config or Layers') from None
        if not isinstance(config_path, str) or not all(isinstance(p, str) for p in layer_paths):
            raise InvalidImageArchive('manifest.json entry has non-text paths')
        image_id, config = _config(contents, config_path)
        layout = 'oci' if config_path.startswith('blobs/') else 'docker'
        recipes.append(ImageRecipe(image_id, config, layer_paths, tags, layout))
    return recipes


def _blob_path(descriptor) -> str:
    try:
        algorithm, _, hexdigest = descriptor['digest'].partition(':')
    except (KeyError, TypeError, AttributeError):
        raise InvalidImageArchive('OCI descriptor without digest') from None
    if not algorithm.isalnum() or not hexdigest.isalnum():
        raise InvalidImageArchive(f'OCI descriptor with malformed digest {descriptor["digest"]!r}')
    return f'blobs/{algorithm}/{hexdigest}'


def _from_oci_index(contents: ArchiveContents) -> list[ImageRecipe]:
    recipes = []
    _walk_index(contents, _load_json(contents, 'index.json'), [], recipes, 0)
    if not recipes:
        raise InvalidImageArchive('index.json leads to no image whose blobs are all present')
    return recipes


def _walk_index(contents, index, inherited_tags, recipes, depth):
    if depth > MAX_INDEX_DEPTH:
        raise InvalidImageArchive('OCI indexes nested too deeply')
    if not isinstance(index, dict):
        raise InvalidImageArchive('OCI index is not an object')
    for descriptor in index.get('manifests') or []:
        if not isinstance(descriptor, dict):
            raise InvalidImageArchive('OCI index entry is not an object')
        tags = _tags_of(descriptor) or inherited_tags
        path = _blob_path(descriptor)
        if not contents.has(path):
            continue  # other platforms of a multi-platform image are usually absent
        document = _load_json(contents, path)
        if not isinstance(document, dict):
            raise InvalidImageArchive(f'{path} is not a JSON object')
        media_type = descriptor.get('mediaType') or document.get('mediaType')
        if media_type in INDEX_TYPES or 'manifests' in document:
            _walk_index(contents, document, tags, recipes, depth + 1)
        elif media_type in MANIFEST_TYPES or 'layers' in document:
            recipe = _recipe_from_manifest(contents, document, tags)
            if recipe is not None:
                recipes.append(recipe)


def _recipe_from_manifest(contents, manifest, tags):
    try:
        config_path = _blob_path(manifest['config'])
        layer_paths = [_blob_path(layer) for layer in manifest.get('layers') or []]
    except (KeyError, TypeError):
        raise InvalidImageArchive('OCI manifest without config') from None
    if not contents.has(config_path) or not all(contents.has(p) for p in layer_paths):
        return None  # e.g. attestation manifests whose blobs were not exported
    image_id, config = _config(contents, config_path)
    if 'rootfs' not in config:
        return None  # not an image config (attestations, signatures)
    return ImageRecipe(image_id, config, layer_paths, tags, 'oci')


def _tags_of(descriptor) -> list[str]:
    annotations = descriptor.get('annotations') or {}
    name = annotations.get('io.containerd.image.name')
    if name:
        return [name]
    ref = annotations.get('org.opencontainers.image.ref.name')
    return [ref] if ref else []


def history_for_layers(config: dict, layer_count: int) -> list[dict]:
    """The history entry that created each layer: entries flagged `empty_layer`
    (ENV, CMD, LABEL...) produced no layer and are skipped. Missing entries
    (squashed or hand-made images) give {}."""
    history = config.get('history') or []
    producing = [h for h in history if isinstance(h, dict) and not h.get('empty_layer')]
    producing = producing[:layer_count]
    return producing + [{}] * (layer_count - len(producing))


def expected_diff_ids(config: dict) -> list[str]:
    rootfs = config.get('rootfs') or {}
    return list(rootfs.get('diff_ids') or [])
