"""Statuses of every path of the reference image, per layer and stacked."""
import pytest

from docker_dashboard.proxy.layers import PathNotFound, analyse

from .image_builder import NonSeekable, legacy_archive
from .scenario import IMAGE, marks

D, F, L, H = 'dir', 'file', 'symlink', 'hardlink'
ADD, MOD, REM, SAME = 'added', 'modified', 'removed', 'unchanged'


@pytest.fixture(scope='module')
def analysis():
    return analyse(NonSeekable(legacy_archive(IMAGE)))


LAYER_VIEW = [
    (0, '/', {'bin': (D, ADD), 'data': (D, ADD), 'etc': (D, ADD), 'var': (D, ADD)}),
    (0, '/bin', {'tool': (F, ADD), 'tool-hard': (H, ADD)}),
    (0, '/data', {'a.txt': (F, ADD), 'sub': (D, ADD)}),
    (0, '/data/sub', {'b.txt': (F, ADD)}),
    # A folder with any change below is itself marked modified (as the
    # Changes tab marks it "changed"), not unchanged.
    (1, '/', {'bin': (D, MOD), 'data': (D, MOD), 'etc': (D, MOD), 'var': (D, MOD)}),
    (1, '/etc', {'app.conf': (F, MOD), 'mode.conf': (F, MOD), 'new.conf': (F, ADD)}),
    (1, '/var', {'old.log': (F, REM)}),
    (1, '/data', {'a.txt': (F, REM), 'sub': (D, REM), 'fresh.txt': (F, ADD)}),
    (1, '/data/sub', {'b.txt': (F, REM)}),
    (1, '/bin', {'tool-link': (L, ADD)}),
    (2, '/', {'bin': (D, MOD), 'etc': (D, SAME), 'opt': (D, ADD)}),   # etc: rewritten alike
    (2, '/bin', {'tool-link': (L, MOD)}),
    (2, '/etc', {'app.conf': (F, SAME)}),
    (2, '/opt', {'pkg': (D, ADD)}),
    (2, '/opt/pkg', {'readme': (F, ADD)}),
]

STACKED_VIEW = [
    (0, '/etc', {'app.conf': (F, ADD), 'mode.conf': (F, ADD)}),
    (1, '/', {'bin': (D, MOD), 'data': (D, MOD), 'etc': (D, MOD), 'var': (D, MOD)}),
    (1, '/bin', {'tool': (F, SAME), 'tool-hard': (H, SAME), 'tool-link': (L, ADD)}),
    (1, '/etc', {'app.conf': (F, MOD), 'mode.conf': (F, MOD), 'new.conf': (F, ADD)}),
    (1, '/var', {'old.log': (F, REM)}),
    (1, '/data', {'a.txt': (F, REM), 'sub': (D, REM), 'fresh.txt': (F, ADD)}),
    (2, '/', {'bin': (D, MOD), 'data': (D, SAME), 'etc': (D, SAME), 'opt': (D, ADD),
              'var': (D, SAME)}),
    (2, '/bin', {'tool': (F, SAME), 'tool-hard': (H, SAME), 'tool-link': (L, MOD)}),
    (2, '/etc', {'app.conf': (F, SAME), 'mode.conf': (F, SAME), 'new.conf': (F, SAME)}),
    (2, '/data', {'fresh.txt': (F, SAME)}),
    (2, '/var', {}),
    (2, '/opt/pkg', {'readme': (F, ADD)}),
]


@pytest.mark.parametrize('layer, path, expected', LAYER_VIEW)
def test_layer_alone(analysis, layer, path, expected):
    assert marks(analysis.list_dir(layer, path)) == expected


@pytest.mark.parametrize('layer, path, expected', STACKED_VIEW)
def test_layer_stacked(analysis, layer, path, expected):
    assert marks(analysis.list_dir(layer, path, aggregate=True)) == expected


def test_listing_is_sorted_and_carries_paths(analysis):
    listing = analysis.list_dir(2, '/', aggregate=True)
    assert [e.name for e in listing] == sorted(e.name for e in listing)
    assert [e.path for e in listing] == ['/bin', '/data', '/etc', '/opt', '/var']


CHANGED_BELOW = [
    (1, False, '/', {'bin': 1, 'data': 4, 'etc': 3, 'var': 1}),
    (1, True, '/', {'bin': 1, 'data': 4, 'etc': 3, 'var': 1}),
    (2, False, '/', {'bin': 1, 'etc': 0, 'opt': 2}),
    (2, True, '/', {'bin': 1, 'data': 0, 'etc': 0, 'opt': 2, 'var': 0}),
]


@pytest.mark.parametrize('layer, aggregate, path, expected', CHANGED_BELOW)
def test_changed_descendants(analysis, layer, aggregate, path, expected):
    listing = analysis.list_dir(layer, path, aggregate=aggregate)
    assert {e.name: e.changed_descendants for e in listing} == expected


def test_sizes_and_link_details(analysis):
    stacked = {e.name: e for e in analysis.list_dir(2, '/bin', aggregate=True)}
    assert stacked['tool'].size == 7 and stacked['tool'].mode == 0o755
    assert stacked['tool-hard'].size == 7          # a hardlink shows its target's size
    assert stacked['tool-hard'].link_target == '/bin/tool'
    assert stacked['tool-link'].link_target == 'tool-hard'
    root = {e.name: e.size for e in analysis.list_dir(2, '/', aggregate=True)}
    assert root == {'bin': 7, 'data': 5, 'etc': 10 + 4 + 3, 'opt': 2, 'var': 0}
    layer_root = {e.name: e.size for e in analysis.list_dir(1, '/')}
    assert layer_root == {'bin': 0, 'data': 5, 'etc': 10 + 4 + 3, 'var': 0}


def test_removed_entry_keeps_what_was_removed(analysis):
    listing = {e.name: e for e in analysis.list_dir(1, '/var')}
    assert listing['old.log'].size == 300
    assert listing['old.log'].status == 'removed'


def test_negative_layer_index_counts_from_top(analysis):
    assert analysis.list_dir(-1, '/opt') == analysis.list_dir(2, '/opt')


@pytest.mark.parametrize('layer, path, aggregate', [
    (0, '/nope', False),
    (0, '/nope', True),
    (1, '/opt', True),          # does not exist yet at layer 1
    (2, '/data', False),        # not touched by layer 2
    (2, '/etc/app.conf', True),  # a file, not a folder
    (2, '/var/old.log', True),   # removed in an earlier layer
])
def test_not_a_folder_in_view(analysis, layer, path, aggregate):
    with pytest.raises(PathNotFound):
        analysis.list_dir(layer, path, aggregate=aggregate)


def test_bad_layer_index(analysis):
    with pytest.raises(IndexError):
        analysis.list_dir(3, '/')


def test_layer_counts(analysis):
    counts = [(l.added, l.modified, l.removed) for l in analysis.layers]
    # layer 0: 5 dirs + 7 files/links; layer 1: new.conf, fresh.txt, tool-link added,
    # app.conf and mode.conf modified, old.log, a.txt, sub, sub/b.txt removed;
    # layer 2: opt, opt/pkg, readme added, tool-link modified.
    assert counts == [(12, 0, 0), (3, 2, 4), (3, 1, 0)]
