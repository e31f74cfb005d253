"""Builds `docker save` archives in memory for the tests: legacy and OCI layouts,
plain/gzip/zstd layers, member order under control. Only tarfile, no daemon."""
import gzip
import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field


@dataclass
class File:
    path: str
    content: bytes
    mode: int = 0o644
    uid: int = 0
    gid: int = 0


@dataclass
class Dir:
    path: str
    mode: int = 0o755


@dataclass
class Symlink:
    path: str
    target: str


@dataclass
class Hardlink:
    path: str
    target: str


@dataclass
class Whiteout:
    path: str           # the path being removed


@dataclass
class Opaque:
    folder: str         # folder whose lower content is hidden


@dataclass
class Layer:
    entries: list
    created_by: str = ''
    empty_layers_before: list = field(default_factory=list)  # history-only steps


@dataclass
class Image:
    layers: list
    tags: list = field(default_factory=lambda: ['example/app:latest'])


class NonSeekable:
    """Only read(): what a socket or an HTTP body gives the proxy."""

    def __init__(self, data: bytes):
        self._buffer = io.BytesIO(data)

    def read(self, size=-1):
        return self._buffer.read(size)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add(tar, info, data=None):
    tar.addfile(info, io.BytesIO(data) if data is not None else None)


def layer_tar(entries) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for entry in entries:
            if isinstance(entry, File):
                info = tarfile.TarInfo(entry.path)
                info.size, info.mode = len(entry.content), entry.mode
                info.uid, info.gid = entry.uid, entry.gid
                _add(tar, info, entry.content)
                continue
            if isinstance(entry, Dir):
                info = tarfile.TarInfo(entry.path.rstrip('/') + '/')
                info.type, info.mode = tarfile.DIRTYPE, entry.mode
            elif isinstance(entry, Symlink):
                info = tarfile.TarInfo(entry.path)
                info.type, info.linkname, info.mode = tarfile.SYMTYPE, entry.target, 0o777
            elif isinstance(entry, Hardlink):
                info = tarfile.TarInfo(entry.path)
                info.type, info.linkname, info.mode = tarfile.LNKTYPE, entry.target, 0o644
            elif isinstance(entry, Whiteout):
                folder, _, name = entry.path.rpartition('/')
                info = tarfile.TarInfo(f'{folder}/.wh.{name}' if folder else f'.wh.{name}')
            elif isinstance(entry, Opaque):
                info = tarfile.TarInfo(f'{entry.folder.rstrip("/")}/.wh..wh..opq')
            else:
                raise TypeError(entry)
            _add(tar, info)
    return out.getvalue()


def compress(data: bytes, compression: str | None) -> bytes:
    if compression == 'gzip':
        return gzip.compress(data, mtime=0)
    if compression == 'zstd':
        import zstandard
        return zstandard.ZstdCompressor().compress(data)
    return data


def config_for(image: Image, layer_tars) -> bytes:
    history = []
    for layer in image.layers:
        for step in layer.empty_layers_before:
            history.append({'created': '2024-01-01T00:00:00Z', 'created_by': step,
                            'empty_layer': True})
        history.append({'created': '2024-01-02T00:00:00Z', 'created_by': layer.created_by})
    config = {
        'architecture': 'amd64', 'os': 'linux', 'config': {'Cmd': ['/bin/sh']},
        'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + sha256(t) for t in layer_tars]},
        'history': history,
    }
    return json.dumps(config, sort_keys=True).encode()


def _write_archive(members) -> bytes:
    """members: list of (name, bytes) or (name, ('symlink', target))."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
        folders = set()
        for name, data in members:
            folder = name.rpartition('/')[0]
            if folder and folder not in folders:
                folders.add(folder)
                info = tarfile.TarInfo(folder + '/')
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                _add(tar, info)
            info = tarfile.TarInfo(name)
            if isinstance(data, tuple):
                info.type, info.linkname = tarfile.SYMTYPE, data[1]
                _add(tar, info)
            else:
                info.size, info.mode = len(data), 0o644
                _add(tar, info, data)
    return out.getvalue()


def legacy_archive(image: Image, manifest_first=False, layer_tars=None,
                   link_duplicate_layers=False) -> bytes:
    """The layout of `docker save` before Docker 25."""
    layer_tars = layer_tars or [layer_tar(layer.entries) for layer in image.layers]
    config = config_for(image, layer_tars)
    config_name = sha256(config) + '.json'
    layer_members, layer_paths, seen = [], [], {}
    for index, data in enumerate(layer_tars):
        layer_id = sha256(f'v1-{index}'.encode() + data)
        path = f'{layer_id}/layer.tar'
        if link_duplicate_layers and sha256(data) in seen:
            layer_members.append((path, ('symlink', f'../{seen[sha256(data)]}/layer.tar')))
        else:
            seen[sha256(data)] = layer_id
            layer_members.append((path, data))
        layer_members.append((f'{layer_id}/VERSION', b'1.0'))
        layer_members.append((f'{layer_id}/json', json.dumps({'id': layer_id}).encode()))
        layer_paths.append(path)
    manifest = json.dumps([{'Config': config_name, 'RepoTags': image.tags,
                            'Layers': layer_paths}]).encode()
    repositories = json.dumps({t.split(':')[0]: {t.split(':')[1]: layer_paths[-1].split('/')[0]}
                               for t in image.tags}).encode()
    head = [('manifest.json', manifest), (config_name, config)]
    tail = [('repositories', repositories)]
    if manifest_first:
        return _write_archive(head + layer_members + tail)
    return _write_archive(layer_members + [(config_name, config), ('manifest.json', manifest)] + tail)


def oci_archive(image: Image, compression='gzip', with_manifest_json=True,
                index_first=False, layer_tars=None, tamper_blob=False) -> bytes:
    """The layout of `docker save` since Docker 25 (OCI image layout)."""
    layer_tars = layer_tars or [layer_tar(layer.entries) for layer in image.layers]
    config = config_for(image, layer_tars)
    blobs = {}
    layer_descriptors = []
    for data in layer_tars:
        blob = compress(data, compression)
        blobs[sha256(blob)] = blob
        media = {'gzip': 'application/vnd.oci.image.layer.v1.tar+gzip',
                 'zstd': 'application/vnd.oci.image.layer.v1.tar+zstd'}.get(
                     compression, 'application/vnd.oci.image.layer.v1.tar')
        layer_descriptors.append({'mediaType': media, 'digest': 'sha256:' + sha256(blob),
                                  'size': len(blob)})
    blobs[sha256(config)] = config
    manifest = json.dumps({
        'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
        'config': {'mediaType': 'application/vnd.oci.image.config.v1+json',
                   'digest': 'sha256:' + sha256(config), 'size': len(config)},
        'layers': layer_descriptors}).encode()
    blobs[sha256(manifest)] = manifest
    index = json.dumps({'schemaVersion': 2, 'manifests': [{
        'mediaType': 'application/vnd.oci.image.manifest.v1+json',
        'digest': 'sha256:' + sha256(manifest), 'size': len(manifest),
        'annotations': {'io.containerd.image.name': 'docker.io/' + image.tags[0],
                        'org.opencontainers.image.ref.name': image.tags[0].split(':')[1]}}]}).encode()
    blob_members = [(f'blobs/sha256/{digest}', data) for digest, data in blobs.items()]
    if tamper_blob:
        name, data = blob_members[0]
        blob_members[0] = (name, data[:-1] + bytes([data[-1] ^ 1]))
    entry_members = [('index.json', index), ('oci-layout', b'{"imageLayoutVersion":"1.0.0"}')]
    if with_manifest_json:
        entry_members.append(('manifest.json', json.dumps([{
            'Config': f'blobs/sha256/{sha256(config)}', 'RepoTags': image.tags,
            'Layers': [f'blobs/sha256/{d["digest"][7:]}' for d in layer_descriptors]}]).encode()))
    if index_first:
        return _write_archive(entry_members + blob_members)
    return _write_archive(blob_members + entry_members)
