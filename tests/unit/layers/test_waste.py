"""Wasted space and efficiency on images whose numbers are worked out by hand."""
import pytest

from docker_dashboard.proxy.layers import analyse

from .image_builder import Dir, File, Hardlink, Image, Layer, NonSeekable, Whiteout, oci_archive
from .scenario import IMAGE


def test_reference_image_by_hand():
    analysis = analyse(NonSeekable(oci_archive(IMAGE, 'zstd')))
    # stored: layer 0: app.conf 2 + mode.conf 4 + tool 7 + a.txt 4 + b.txt 8 + old.log 300
    #         (the hardlink shares tool's bytes) = 325
    #         layer 1: app.conf 10 + mode.conf 4 + new.conf 3 + fresh.txt 5 = 22
    #         layer 2: app.conf 10 + readme 2 = 12                       total 359
    # final:  app.conf 10 + mode.conf 4 + new.conf 3 + tool 7 + fresh 5 + readme 2 = 31
    # wasted: old.log 300, app.conf 2 + 10, b.txt 8, a.txt 4, mode.conf 4 = 328
    assert analysis.total_bytes == 359
    assert analysis.final_bytes == 31
    assert analysis.wasted_bytes == 328
    assert analysis.efficiency == pytest.approx(31 / 359)
    assert [(w.path, w.wasted_bytes, w.layer_count) for w in analysis.top_wasters(10)] == [
        ('/var/old.log', 300, 2),
        ('/etc/app.conf', 12, 3),
        ('/data/sub/b.txt', 8, 2),
        ('/data/a.txt', 4, 2),      # ties ordered by path
        ('/etc/mode.conf', 4, 2),
    ]
    assert [w.path for w in analysis.top_wasters(2)] == ['/var/old.log', '/etc/app.conf']


WASTE_CASES = [
    # (layers, stored, wasted)
    ('nothing overwritten',
     [[File('a', b'x' * 100)], [File('b', b'y' * 50)]], 150, 0),
    ('overwritten then removed: every version is waste',
     [[File('a', b'x' * 100)], [File('a', b'y' * 50)], [Whiteout('a')]], 150, 150),
    ('identical rewrite still stores the bytes twice',
     [[File('a', b'x' * 100)], [File('a', b'x' * 100)]], 200, 100),
    ('folder removed: files below are waste',
     [[Dir('d'), File('d/1', b'1' * 10), File('d/2', b'2' * 20)], [Whiteout('d')]], 30, 30),
    ('hardlink replaced: it stored nothing',
     [[File('a', b'x' * 40), Hardlink('b', 'a')], [File('b', b'z' * 5)]], 45, 0),
]


@pytest.mark.parametrize('name, layers, stored, wasted', WASTE_CASES, ids=[c[0] for c in WASTE_CASES])
def test_waste_cases(name, layers, stored, wasted):
    analysis = analyse(NonSeekable(oci_archive(Image([Layer(e) for e in layers]), 'gzip')))
    assert analysis.total_bytes == stored
    assert analysis.wasted_bytes == wasted
    assert analysis.efficiency == pytest.approx((stored - wasted) / stored)


def test_empty_image_is_fully_efficient():
    analysis = analyse(NonSeekable(oci_archive(Image([Layer([Dir('empty')])]), None)))
    assert analysis.efficiency == 1.0 and analysis.wasted_bytes == 0
    assert analysis.top_wasters() == []
