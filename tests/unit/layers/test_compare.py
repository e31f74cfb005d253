"""compare() on a parent image and a child built on top of it."""
import pytest

from docker_dashboard.proxy.layers import analyse, compare

from .image_builder import File, Image, Layer, NonSeekable, legacy_archive, oci_archive
from .scenario import IMAGE, PARENT


@pytest.fixture(scope='module')
def parent():
    return analyse(NonSeekable(legacy_archive(PARENT)))


@pytest.fixture(scope='module')
def child():
    # Different layout and compression on purpose: layers are shared by diff id.
    return analyse(NonSeekable(oci_archive(IMAGE, 'zstd')))


def test_parent_to_child(parent, child):
    result = compare(parent, child)
    assert result.shared_base_layers == 2
    assert result.shared_diff_ids == [l.diff_id for l in parent.layers]
    assert result.layers_only_in_a == [] and result.layers_only_in_b == [2]
    assert [(d.path, d.status) for d in result.differences] == [
        ('/bin/tool-link', 'modified'),
        ('/opt', 'added'),
        ('/opt/pkg', 'added'),
        ('/opt/pkg/readme', 'added'),
    ]
    # app.conf was rewritten by the child's layer with the same bytes: no difference
    assert result.counts() == {'added': 3, 'removed': 0, 'modified': 1}


def test_child_to_parent_is_the_mirror(parent, child):
    result = compare(child, parent)
    assert [(d.path, d.status) for d in result.differences] == [
        ('/bin/tool-link', 'modified'), ('/opt', 'removed'), ('/opt/pkg', 'removed'),
        ('/opt/pkg/readme', 'removed')]
    readme = result.differences[-1]
    assert (readme.kind_a, readme.size_a, readme.kind_b, readme.size_b) == ('file', 2, None, None)


def test_identical_images_have_no_differences(child):
    assert compare(child, child).differences == []


def test_unrelated_images():
    a = analyse(NonSeekable(oci_archive(Image([Layer([File('x', b'1'), File('same', b's')])]))))
    b = analyse(NonSeekable(oci_archive(Image([Layer([File('y', b'2'), File('same', b's'),
                                                      File('x', b'1', mode=0o600)])]))))
    result = compare(a, b)
    assert result.shared_base_layers == 0 and result.shared_diff_ids == []
    assert [(d.path, d.status) for d in result.differences] == [('/x', 'modified'),
                                                              ('/y', 'added')]
