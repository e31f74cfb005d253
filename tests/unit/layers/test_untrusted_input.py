"""Hostile or damaged archives: escapes, truncation, limits, tampering."""
import io
import json
import tarfile

import pytest

from docker_dashboard.proxy.layers import (ArchiveLimitExceeded, ImageNotFound,
                                           InvalidImageArchive, Limits, TruncatedArchiveError,
                                           UnsafeArchiveError, analyse, analyse_archive)

from .image_builder import (File, Image, Layer, NonSeekable, _write_archive, compress,
                            layer_tar, legacy_archive, oci_archive)
from .scenario import IMAGE


def raw_tar(members) -> bytes:
    """members: (name, type, data_or_linkname)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for name, kind, payload in members:
            info = tarfile.TarInfo(name)
            info.type = kind
            if kind == tarfile.REGTYPE:
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
            else:
                info.linkname = payload or ''
                tar.addfile(info)
    return out.getvalue()


def image_with_layer_tar(data: bytes, compression=None) -> bytes:
    return oci_archive(Image([Layer([])]), compression, layer_tars=[data])


@pytest.mark.parametrize('members', [
    [('../escape.txt', tarfile.REGTYPE, b'x')],
    [('etc/../../escape.txt', tarfile.REGTYPE, b'x')],
    [('/etc/passwd', tarfile.REGTYPE, b'x')],
    [('a', tarfile.REGTYPE, b'x'), ('b', tarfile.LNKTYPE, '../../etc/shadow')],
    [('b', tarfile.LNKTYPE, '/etc/shadow')],
], ids=['dotdot', 'dotdot-inside', 'absolute', 'hardlink-dotdot', 'hardlink-absolute'])
def test_layer_paths_escaping_are_refused(members):
    with pytest.raises(UnsafeArchiveError):
        analyse(NonSeekable(image_with_layer_tar(raw_tar(members))))


def test_symlink_targets_may_be_absolute():
    # Symlinks are never followed: an absolute target is normal inside an image.
    data = raw_tar([('bin', tarfile.SYMTYPE, '/usr/bin')])
    analysis = analyse(NonSeekable(image_with_layer_tar(data)))
    assert analysis.list_dir(0, '/')[0].link_target == '/usr/bin'


@pytest.mark.parametrize('name, kind, payload', [
    ('../manifest.json', tarfile.REGTYPE, b'[]'),
    ('/manifest.json', tarfile.REGTYPE, b'[]'),
    ('x/layer.tar', tarfile.SYMTYPE, '../../outside/layer.tar'),
])
def test_archive_members_escaping_are_refused(name, kind, payload):
    members = _members(legacy_archive(IMAGE))
    archive = raw_tar([(name, kind, payload)] + [(n, tarfile.REGTYPE, d) for n, d in members])
    with pytest.raises(UnsafeArchiveError):
        analyse(NonSeekable(archive))


def _end_of_last_member(tar: bytes) -> int:
    last = tarfile.open(fileobj=io.BytesIO(tar)).getmembers()[-1]
    return last.offset_data + -(-last.size // 512) * 512


def truncated_cases():
    tar = layer_tar([File('big.bin', bytes(range(256)) * 40), File('small', b'1')])
    return {
        'plain tar cut inside file data': tar[:3000],
        # every member complete, only the end-of-archive blocks missing
        'plain tar cut after a member, no end marker': tar[:_end_of_last_member(tar)],
        'plain tar cut inside a header': tar[:_end_of_last_member(tar) - 512 - 100],
        'gzip stream cut': compress(tar, 'gzip')[:200],
        # all tar bytes decode, only the gzip footer (CRC, length) is missing
        'gzip footer cut': compress(tar, 'gzip')[:-4],
        'zstd stream cut': compress(tar, 'zstd')[:60],
        'zero bytes': b'',
    }


@pytest.mark.parametrize('name', list(truncated_cases()))
def test_truncated_layer_gives_clear_error(name):
    archive = image_with_layer_tar(truncated_cases()[name])
    with pytest.raises(TruncatedArchiveError) as info:
        analyse(NonSeekable(archive))
    assert 'blobs/sha256/' in str(info.value)   # names the layer


def test_untruncated_layer_of_the_truncation_cases_is_fine():
    tar = layer_tar([File('big.bin', bytes(range(256)) * 40), File('small', b'1')])
    for compression in (None, 'gzip', 'zstd'):
        analysis = analyse(NonSeekable(image_with_layer_tar(tar, compression)))
        assert [e.name for e in analysis.list_dir(0, '/')] == ['big.bin', 'small']


def test_truncated_outer_archive():
    archive = legacy_archive(IMAGE)
    with pytest.raises(TruncatedArchiveError):
        analyse(NonSeekable(archive[:len(archive) // 2]))


@pytest.mark.parametrize('limits, archive', [
    (Limits(max_layer_entries=5), lambda: legacy_archive(IMAGE)),
    (Limits(max_total_entries=15), lambda: legacy_archive(IMAGE)),
    (Limits(max_archive_members=5), lambda: legacy_archive(IMAGE)),
    (Limits(max_layer_bytes=50_000),
     lambda: oci_archive(Image([Layer([File('zeros', bytes(10**6))])]), 'gzip')),
    (Limits(max_total_bytes=20_000), lambda: legacy_archive(IMAGE)),
    (Limits(max_path_depth=3), lambda: oci_archive(Image([Layer([File('a/b/c/d', b'')])]))),
    (Limits(max_layers=2), lambda: legacy_archive(IMAGE)),
], ids=['layer entries', 'total entries', 'archive members', 'gzip bomb', 'total bytes',
        'path depth', 'layers'])
def test_limits(limits, archive):
    with pytest.raises((ArchiveLimitExceeded, InvalidImageArchive)) as info:
        analyse(NonSeekable(archive()), limits=limits)
    assert info.type is ArchiveLimitExceeded or 'too many layers' in str(info.value)


def test_default_limits_accept_the_same_archives():
    analyse(NonSeekable(oci_archive(Image([Layer([File('zeros', bytes(10**6))])]), 'gzip')))
    analyse(NonSeekable(legacy_archive(IMAGE)))


def test_tampered_blob_is_refused():
    with pytest.raises(InvalidImageArchive, match='does not match its digest'):
        analyse(NonSeekable(oci_archive(IMAGE, None, tamper_blob=True)))


def test_layer_not_matching_config_diff_ids():
    tars = [layer_tar(layer.entries) for layer in IMAGE.layers]
    good_config = _config_member(legacy_archive(IMAGE, layer_tars=tars))
    swapped = legacy_archive(IMAGE, layer_tars=[tars[1], tars[0], tars[2]])
    # keep the swapped layers, but put back the config that lists the original order
    members = [(name, good_config[1] if name == _config_member(swapped)[0] else data)
               for name, data in _members(swapped)]
    with pytest.raises(InvalidImageArchive, match='diff ids'):
        analyse(NonSeekable(_write_archive(members)))


def _config_member(archive: bytes):
    manifest = json.loads(dict(_members(archive))['manifest.json'])
    return manifest[0]['Config'], dict(_members(archive))[manifest[0]['Config']]


def _members(archive: bytes):
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]


@pytest.mark.parametrize('archive, message', [
    (_write_archive([('hello.txt', b'hi')]), 'neither manifest.json nor index.json'),
    (_write_archive([('manifest.json', b'{not json')]), 'not valid JSON'),
    (_write_archive([('manifest.json', b'[{"Config": "c.json", "Layers": []}]')]), 'missing'),
    (b'this is not a tar archive' * 40, 'not a tar archive'),
])
def test_not_an_image_archive(archive, message):
    with pytest.raises(InvalidImageArchive, match=message):
        analyse(NonSeekable(archive))


def test_several_images_need_a_choice():
    first = Image([Layer([File('one', b'1')])], tags=['x/one:1'])
    second = Image([Layer([File('two', b'2')])], tags=['x/two:1'])
    members = _members(legacy_archive(first)) + _members(legacy_archive(second))
    manifests = [json.loads(d)[0] for n, d in members if n == 'manifest.json']
    members = [(n, d) for n, d in members if n not in ('manifest.json', 'repositories')]
    archive = _write_archive(members + [('manifest.json', json.dumps(manifests).encode())])
    assert len(analyse_archive(NonSeekable(archive))) == 2
    with pytest.raises(ImageNotFound):
        analyse(NonSeekable(archive))
    chosen = analyse(NonSeekable(archive), image='x/two:1')
    assert [e.name for e in chosen.list_dir(0, '/')] == ['two']
    with pytest.raises(ImageNotFound):
        analyse(NonSeekable(archive), image='x/three:1')


def test_unreferenced_broken_blob_is_ignored():
    import gzip
    import hashlib
    junk = gzip.compress(b'not a tar at all' * 100)
    members = _members(oci_archive(IMAGE, 'gzip'))
    members.insert(0, (f'blobs/sha256/{hashlib.sha256(junk).hexdigest()}', junk))
    analysis = analyse(NonSeekable(_write_archive(members)))
    assert len(analysis.layers) == 3
