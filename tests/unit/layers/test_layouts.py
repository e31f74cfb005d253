"""The same image saved in every layout and member order analyses identically."""
import pytest

from docker_dashboard.proxy.layers import analyse

from .image_builder import NonSeekable, legacy_archive, oci_archive
from .scenario import IMAGE, describe

ARCHIVES = {
    'legacy, manifest last': lambda: legacy_archive(IMAGE),
    'legacy, manifest first': lambda: legacy_archive(IMAGE, manifest_first=True),
    'oci gzip + manifest.json': lambda: oci_archive(IMAGE, 'gzip'),
    'oci zstd + manifest.json': lambda: oci_archive(IMAGE, 'zstd'),
    'oci plain tar': lambda: oci_archive(IMAGE, None),
    'oci gzip, index.json only': lambda: oci_archive(IMAGE, 'gzip', with_manifest_json=False),
    'oci zstd, index.json only, index first':
        lambda: oci_archive(IMAGE, 'zstd', with_manifest_json=False, index_first=True),
    'oci gzip, entry files first': lambda: oci_archive(IMAGE, 'gzip', index_first=True),
}


@pytest.fixture(scope='module')
def reference():
    return describe(analyse(NonSeekable(legacy_archive(IMAGE))))


@pytest.mark.parametrize('name', list(ARCHIVES))
def test_same_analysis_in_every_layout(name, reference):
    analysis = analyse(NonSeekable(ARCHIVES[name]()))
    assert describe(analysis) == reference


@pytest.mark.parametrize('compression, layout', [
    ('gzip', 'oci'), ('zstd', 'oci'), (None, 'oci')])
def test_compression_detected_by_magic(compression, layout):
    analysis = analyse(NonSeekable(oci_archive(IMAGE, compression)))
    assert analysis.layout == layout
    assert {layer.compression for layer in analysis.layers} == {compression or 'tar'}
    for layer in analysis.layers:
        # the blob digest is of the stored bytes, the diff id of the tar
        assert (layer.digest == layer.diff_id) == (compression is None)
        assert layer.stored_bytes != layer.tar_bytes or compression is None


def test_tags_from_index_annotations():
    analysis = analyse(NonSeekable(oci_archive(IMAGE, with_manifest_json=False)))
    assert analysis.repo_tags == ['docker.io/example/app:latest']
    legacy = analyse(NonSeekable(legacy_archive(IMAGE)))
    assert legacy.repo_tags == ['example/app:latest'] and legacy.layout == 'docker'


def test_linked_duplicate_layer_in_legacy_save():
    # Two identical layers: legacy saves store the tar once and symlink the other.
    from .image_builder import File, Image, Layer
    layer = Layer([File('same.txt', b'same')])
    image = Image([layer, Layer([File('same.txt', b'same')])])
    analysis = analyse(NonSeekable(legacy_archive(image, link_duplicate_layers=True)))
    assert [l.diff_id for l in analysis.layers][0] == analysis.layers[1].diff_id
    assert [(l.added, l.unchanged) for l in analysis.layers] == [(1, 0), (0, 1)]
    assert analysis.wasted_bytes == 4


def test_history_skips_empty_layers():
    analysis = analyse(NonSeekable(legacy_archive(IMAGE)))
    assert [l.created_by for l in analysis.layers] == [
        '/bin/sh -c #(nop) ADD file:base in / ', '/bin/sh -c apt-get update',
        '/bin/sh -c make install']
    assert [l.command for l in analysis.layers] == [
        'ADD file:base in /', 'apt-get update', 'make install']
    assert analysis.layers[1].created == '2024-01-02T00:00:00Z'


def test_layer_sizes():
    analysis = analyse(NonSeekable(oci_archive(IMAGE, 'gzip')))
    assert [l.size_bytes for l in analysis.layers] == [2 + 4 + 7 + 4 + 8 + 300, 10 + 4 + 3 + 5,
                                                       10 + 2]
    assert all(l.tar_bytes % 512 == 0 and l.tar_bytes >= 1024 for l in analysis.layers)


def test_empty_layer_tar():
    from .image_builder import File, Image, Layer
    image = Image([Layer([File('a', b'1')]), Layer([])])
    for archive in (legacy_archive(image), oci_archive(image, None), oci_archive(image, 'zstd')):
        analysis = analyse(NonSeekable(archive))
        assert [(l.added, l.size_bytes) for l in analysis.layers] == [(1, 1), (0, 0)]
        assert analysis.list_dir(1, '/') == []
