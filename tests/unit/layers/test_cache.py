"""Disk cache: round trip, LRU eviction, corrupt files, unsafe keys."""
import os

import pytest

from docker_dashboard.proxy.layers import AnalysisCache, analyse

from .image_builder import File, Image, Layer, NonSeekable, oci_archive
from .scenario import IMAGE, describe


def small_image(tag):
    return analyse(NonSeekable(oci_archive(Image([Layer([File(tag, tag.encode() * 10)])],
                                                 tags=[f'test/{tag}:1']))))


def test_round_trip_preserves_everything(tmp_path):
    analysis = analyse(NonSeekable(oci_archive(IMAGE)))
    cache = AnalysisCache(str(tmp_path), max_bytes=10**7)
    assert cache.get(analysis.image_id) is None
    assert cache.put(analysis)
    loaded = cache.get(analysis.image_id)
    assert loaded is not analysis
    assert describe(loaded) == describe(analysis)
    assert loaded.repo_tags == analysis.repo_tags and loaded.layout == 'oci'
    assert [l.to_dict() for l in loaded.layers] == [l.to_dict() for l in analysis.layers]


def test_least_recently_used_is_evicted(tmp_path):
    a, b, c = small_image('a'), small_image('b'), small_image('c')
    cache = AnalysisCache(str(tmp_path), max_bytes=10**7)
    cache.put(a)
    cache.put(b)
    size = cache.total_bytes() // 2
    cache.max_bytes = 2 * size + size // 2   # room for two entries
    files = {x.image_id: os.path.join(tmp_path, x.image_id[7:] + '.analysis') for x in (a, b)}
    os.utime(files[a.image_id], ns=(1, 1_000_000_000))   # a is older...
    os.utime(files[b.image_id], ns=(1, 2_000_000_000))
    assert cache.get(a.image_id) is not None             # ...until it is read again
    cache.put(c)
    assert cache.get(b.image_id) is None
    assert cache.get(a.image_id) is not None and cache.get(c.image_id) is not None
    assert cache.total_bytes() <= cache.max_bytes


def test_entry_larger_than_bound_is_not_stored(tmp_path):
    cache = AnalysisCache(str(tmp_path), max_bytes=100)
    assert not cache.put(small_image('a'))
    assert os.listdir(tmp_path) == []


def test_corrupt_file_is_a_miss_and_removed(tmp_path):
    analysis = small_image('a')
    cache = AnalysisCache(str(tmp_path), max_bytes=10**7)
    cache.put(analysis)
    path = os.path.join(tmp_path, analysis.image_id[7:] + '.analysis')
    with open(path, 'r+b') as handle:
        handle.truncate(os.path.getsize(path) - 3)
    assert cache.get(analysis.image_id) is None
    assert not os.path.exists(path)


def test_get_or_analyse_calls_once(tmp_path):
    cache = AnalysisCache(str(tmp_path), max_bytes=10**7)
    analysis = small_image('a')
    calls = []
    for _ in range(2):
        result = cache.get_or_analyse(analysis.image_id, lambda: calls.append(1) or analysis)
        assert result.image_id == analysis.image_id
    assert calls == [1]


@pytest.mark.parametrize('key', ['../etc/passwd', 'sha256:xyz', 'sha256:' + 'A' * 64, ''])
def test_only_digests_become_file_names(tmp_path, key):
    with pytest.raises(ValueError):
        AnalysisCache(str(tmp_path), max_bytes=10**6).get(key)
