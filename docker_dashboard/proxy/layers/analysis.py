"""The result of analysing an image, and the entry points that produce it."""
from array import array
from dataclasses import asdict, dataclass

from . import kinds
from .archive import read_archive
from .assemble import assemble
from .entries import EntryTable
from .errors import ImageNotFound, InvalidImageArchive
from .limits import Limits
from .manifests import ImageRecipe, expected_diff_ids, find_images, history_for_layers
from .tree import PathTree
from .views import DirEntry, LayerViews
from .waste import WasteReport, measure_waste

SHELL_PREFIX = '/bin/sh -c '
NOP_PREFIX = '#(nop) '


@dataclass(frozen=True)
class LayerSummary:
    index: int
    diff_id: str                # sha256 of the uncompressed layer tar
    digest: str                 # sha256 of the blob as stored in the archive
    created_by: str | None      # the history command that created the layer
    created: str | None
    comment: str | None
    size_bytes: int             # sum of regular file sizes in the layer
    tar_bytes: int              # uncompressed tar size
    stored_bytes: int           # size in the archive (compressed size if compressed)
    compression: str            # tar, gzip, zstd
    added: int                  # paths added / modified / removed by this layer
    modified: int
    removed: int
    unchanged: int              # paths the layer rewrote without any change

    @property
    def command(self) -> str | None:
        """created_by without the shell wrapper and '#(nop)' marker Docker adds."""
        text = self.created_by
        if text is None:
            return None
        if text.startswith(SHELL_PREFIX):
            text = text[len(SHELL_PREFIX):]
        if text.startswith(NOP_PREFIX):
            text = text[len(NOP_PREFIX):]
        return text.strip()

    def to_dict(self) -> dict:
        data = asdict(self)
        data['command'] = self.command
        return data


@dataclass(frozen=True)
class WastedFile:
    path: str
    wasted_bytes: int
    layer_count: int            # layers that touch the path (adds, rewrites, removal)

    def to_dict(self) -> dict:
        return asdict(self)


class ImageAnalysis:
    """Layers, per-layer changes, wasted space of one image; folder listings on demand."""

    def __init__(self, image_id: str, repo_tags: list[str], layout: str,
                 layers: list[LayerSummary], tree: PathTree, table: EntryTable,
                 final_state: array, waste: WasteReport):
        self.image_id = image_id
        self.repo_tags = repo_tags
        self.layout = layout
        self.layers = layers
        self.tree = tree
        self.table = table
        self.final_state = final_state
        self.waste = waste
        self._views = LayerViews(tree, table, final_state)

    # -- image-level numbers ------------------------------------------------------

    @property
    def total_bytes(self) -> int:
        """Regular-file bytes over all layers (what the layers store)."""
        return self.waste.stored_bytes

    @property
    def final_bytes(self) -> int:
        """Regular-file bytes visible in the final filesystem."""
        return self.waste.final_bytes

    @property
    def wasted_bytes(self) -> int:
        return self.waste.wasted_bytes

    @property
    def efficiency(self) -> float:
        return self.waste.efficiency

    def top_wasters(self, n: int = 20) -> list[WastedFile]:
        """Paths whose overwritten or removed versions waste the most bytes."""
        result = []
        nodes, amounts = self.waste.wasted_nodes, self.waste.wasted_amounts
        for node, amount in zip(nodes[:max(n, 0)], amounts):
            result.append(WastedFile(self.tree.path(node), amount, self.table.nodes.count(node)))
        return result

    # -- folders ------------------------------------------------------------------

    def list_dir(self, layer_index: int, path: str = '/', aggregate: bool = False) -> list[DirEntry]:
        """Direct children of folder `path`, sorted by name.

        aggregate=False: what layer `layer_index` itself changes there (folders it
        only writes below appear as 'unchanged' so they can be opened); a folder's
        size is the bytes the layer stores below it.
        aggregate=True: the filesystem of layers 0..layer_index, statuses relative
        to that layer (paths it removed are listed as 'removed'); a folder's size
        is the bytes visible below it.
        Negative layer indexes count from the top. Raises PathNotFound when `path`
        is not a folder in that view, IndexError for a bad layer index.
        """
        if layer_index < 0:
            layer_index += len(self.layers)
        if aggregate:
            return self._views.list_stacked(layer_index, path)
        return self._views.list_layer(layer_index, path)

    def summary(self) -> dict:
        """JSON-ready image summary (no file lists)."""
        return {
            'image_id': self.image_id,
            'repo_tags': list(self.repo_tags),
            'layout': self.layout,
            'layers': [layer.to_dict() for layer in self.layers],
            'total_bytes': self.total_bytes,
            'final_bytes': self.final_bytes,
            'wasted_bytes': self.wasted_bytes,
            'efficiency': self.efficiency,
            'path_count': len(self.tree) - 1,
        }


def analyse_archive(stream, limits: Limits = Limits()) -> list[ImageAnalysis]:
    """Analyse every image of a `docker save` stream (read once, sequentially)."""
    contents = read_archive(stream, limits)
    recipes = find_images(contents)
    for recipe in recipes:
        if len(recipe.layer_paths) > limits.max_layers:
            raise InvalidImageArchive(f'image {recipe.image_id} has too many layers')
        for path in recipe.layer_paths:
            contents.layer_scan(path)   # scan tiny layers kept whole, check presence
    tree, remap = contents.paths.freeze()
    for scan in contents.scans.values():
        scan.remap(remap)
    del remap
    analyses = [_build(recipe, contents, tree) for recipe in recipes]
    return analyses


def analyse(stream, image: str | None = None, limits: Limits = Limits()) -> ImageAnalysis:
    """Analyse one image of a `docker save` stream.

    `image` picks one by id ('sha256:...' or a prefix of its hex) or repo tag when
    the archive holds several; without it the archive must hold exactly one.
    """
    analyses = analyse_archive(stream, limits)
    if image is None:
        if len(analyses) != 1:
            raise ImageNotFound(f'archive holds {len(analyses)} images, choose one')
        return analyses[0]
    for analysis in analyses:
        hexdigest = analysis.image_id.partition(':')[2]
        if (image in analysis.repo_tags or image == analysis.image_id
                or (len(image) >= 12 and hexdigest.startswith(image.partition(':')[2] or image))):
            return analysis
    raise ImageNotFound(f'image {image!r} is not in the archive')


def _build(recipe: ImageRecipe, contents, tree: PathTree) -> ImageAnalysis:
    scans = [contents.layer_scan(path) for path in recipe.layer_paths]
    expected = expected_diff_ids(recipe.config)
    actual = [scan.diff_id for scan in scans]
    if expected != actual:
        raise InvalidImageArchive(
            f'image {recipe.image_id}: layer diff ids do not match its config '
            f'(config {len(expected)} layers, archive {len(actual)})')
    table, final_state = assemble(tree, scans)
    layers = []
    for index, (scan, history) in enumerate(zip(scans, history_for_layers(recipe.config, len(scans)))):
        start, stop = table.layer_range(index)
        counts = [0, 0, 0, 0]
        for status in table.statuses[start:stop]:
            counts[status] += 1
        layers.append(LayerSummary(
            index=index, diff_id=scan.diff_id, digest=scan.digest,
            created_by=history.get('created_by'), created=history.get('created'),
            comment=history.get('comment'), size_bytes=scan.file_bytes,
            tar_bytes=scan.tar_bytes, stored_bytes=scan.compressed_bytes,
            compression=scan.compression, added=counts[kinds.ADDED],
            modified=counts[kinds.MODIFIED], removed=counts[kinds.REMOVED],
            unchanged=counts[kinds.UNCHANGED]))
    return ImageAnalysis(recipe.image_id, recipe.repo_tags, recipe.layout, layers, tree, table,
                         final_state, measure_waste(table, final_state))
