"""Memory and speed of the analysis on a synthetic 20,000-file image.

    python3 -m docker_dashboard.proxy.layers.measure [--files 20000]

Not a test: prints numbers. Compares `analyse` with a bare tarfile pass that
reads every member of every layer (the floor for any tarfile-based reader).
"""
import argparse
import gc
import io
import json
import hashlib
import tarfile
import tempfile
import time
import tracemalloc

from .analysis import analyse
from .cache import AnalysisCache


class _Sequential:
    def __init__(self, data):
        self._buffer = io.BytesIO(data)

    def read(self, size=-1):
        return self._buffer.read(size)


def _file_content(index: int, version: int) -> bytes:
    return (f'{index}:{version}:'.encode() * 64)[:200 + (index * 37) % 1800]


def _synthetic_layers(file_count: int):
    """Layer 0 holds 60% of the files, layer 1 modifies, removes and adds, layer 2
    adds the rest and changes modes. About 12 files per folder, depth 4-5."""
    def path(i):
        return f'usr/lib/pkg{i // 240:03d}/sub{(i // 12) % 20:02d}/module_{i:06d}.py'

    base = int(file_count * 0.6)
    second = int(file_count * 0.2)
    layers = [[], [], []]
    for i in range(base):
        layers[0].append((path(i), _file_content(i, 0), 0o644))
    for i in range(0, base, 6):                       # modify one in six
        layers[1].append((path(i), _file_content(i, 1), 0o644))
    removed = [path(i) for i in range(3, base, 24)]   # remove one in 24
    for i in range(base, base + second):
        layers[1].append((path(i), _file_content(i, 0), 0o644))
    for i in range(base + second, file_count):
        layers[2].append((path(i), _file_content(i, 0), 0o644))
    for i in range(1, base, 24):                      # mode-only change
        layers[2].append((path(i), _file_content(i, 0), 0o755))
    return layers, removed


def _layer_tar(files, whiteouts=()):
    out = io.BytesIO()
    folders = set()
    with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for name, content, mode in files:
            folder = name.rpartition('/')[0]
            while folder and folder not in folders:
                folders.add(folder)
                info = tarfile.TarInfo(folder + '/')
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
                folder = folder.rpartition('/')[0]
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(content), mode
            tar.addfile(info, io.BytesIO(content))
        for name in whiteouts:
            folder, _, base = name.rpartition('/')
            tar.addfile(tarfile.TarInfo(f'{folder}/.wh.{base}'))
    return out.getvalue()


def synthetic_archive(file_count: int) -> bytes:
    """A legacy-layout `docker save` archive, manifest last."""
    layers, removed = _synthetic_layers(file_count)
    tars = [_layer_tar(layers[0]), _layer_tar(layers[1], removed), _layer_tar(layers[2])]
    config = json.dumps({
        'rootfs': {'type': 'layers',
                   'diff_ids': ['sha256:' + hashlib.sha256(t).hexdigest() for t in tars]},
        'history': [{'created_by': f'step {i}'} for i in range(3)]}).encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode='w') as tar:
        names = []
        for i, data in enumerate(tars):
            name = f'{i:064x}/layer.tar'
            names.append(name)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, data in (('config.json', config), ('manifest.json', json.dumps(
                [{'Config': 'config.json', 'RepoTags': ['synthetic:1'], 'Layers': names}]).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def plain_tarfile_pass(data: bytes) -> int:
    """Read every member of every layer with tarfile, doing nothing with it."""
    entries = 0
    outer = tarfile.open(fileobj=_Sequential(data), mode='r|')
    for member in outer:
        if member.name.endswith('layer.tar'):
            inner = tarfile.open(fileobj=outer.extractfile(member), mode='r|')
            for item in inner:
                entries += 1
                if item.isreg():
                    inner.extractfile(item).read()
    return entries


def _best_of(runs, function):
    best = float('inf')
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--files', type=int, default=20_000)
    args = parser.parse_args()
    data = synthetic_archive(args.files)
    print(f'archive: {len(data) / 2**20:.1f} MiB, {args.files} files')

    baseline, entries = _best_of(3, lambda: plain_tarfile_pass(data))
    elapsed, analysis = _best_of(3, lambda: analyse(_Sequential(data)))
    paths = len(analysis.tree) - 1
    table_entries = len(analysis.table)
    print(f'plain tarfile pass: {baseline * 1000:.0f} ms ({entries} layer entries)')
    print(f'analyse:            {elapsed * 1000:.0f} ms ({elapsed / baseline:.2f}x), '
          f'{paths} paths, {table_entries} change records, efficiency '
          f'{analysis.efficiency:.3f}, wasted {analysis.wasted_bytes} bytes')

    del analysis
    gc.collect()
    tracemalloc.start()
    analysis = analyse(_Sequential(data))
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f'memory: peak {peak / 2**20:.2f} MiB = {peak / args.files:.0f} B/file during '
          f'analysis; retained {retained / 2**20:.2f} MiB = {retained / args.files:.0f} B/file')

    start = time.perf_counter()
    listing = analysis.list_dir(2, '/usr/lib', aggregate=True)
    first = time.perf_counter() - start
    listing_time, _ = _best_of(5, lambda: analysis.list_dir(2, '/usr/lib/pkg010', aggregate=True))
    layer_time, _ = _best_of(5, lambda: analysis.list_dir(1, '/usr/lib/pkg010/sub03'))
    print(f'list_dir: first stacked {first * 1000:.1f} ms ({len(listing)} entries), '
          f'then {listing_time * 1000:.2f} ms; layer view {layer_time * 1000:.2f} ms')

    with tempfile.TemporaryDirectory() as folder:
        cache = AnalysisCache(folder, max_bytes=2**30)
        start = time.perf_counter()
        cache.put(analysis)
        stored = time.perf_counter() - start
        load_time, loaded = _best_of(5, lambda: cache.get(analysis.image_id))
        print(f'cache: file {cache.total_bytes() / 2**20:.2f} MiB, put {stored * 1000:.1f} ms, '
              f'get {load_time * 1000:.1f} ms')
        assert loaded.list_dir(2, '/usr/lib/pkg010') == analysis.list_dir(2, '/usr/lib/pkg010')


if __name__ == '__main__':
    main()
