"""The reference image used by most tests, with every kind of change once.

Layer 0 (base):  etc/app.conf "v1", etc/mode.conf, bin/tool, bin/tool-hard (hardlink
                 to bin/tool), data/a.txt, data/sub/b.txt, var/old.log (300 bytes)
Layer 1:         etc/app.conf new content        -> modified
                 etc/mode.conf same bytes, 0755  -> modified (mode only)
                 etc/new.conf                    -> added
                 var/.wh.old.log                 -> var/old.log removed
                 data/.wh..wh..opq + data/fresh.txt
                                                 -> a.txt, sub, sub/b.txt removed, fresh.txt added
                 bin/tool-link -> tool           -> added symlink
Layer 2:         bin/tool-link -> tool-hard      -> modified (symlink target)
                 etc/app.conf rewritten identically -> unchanged
                 opt/pkg/readme without listing opt/ or opt/pkg/ -> implied folders added
"""
from .image_builder import Dir, File, Hardlink, Image, Layer, Opaque, Symlink, Whiteout

BASE = Layer([
    Dir('etc'), File('etc/app.conf', b'v1'), File('etc/mode.conf', b'same'),
    Dir('bin'), File('bin/tool', b'tool-v1', mode=0o755), Hardlink('bin/tool-hard', 'bin/tool'),
    Dir('data'), File('data/a.txt', b'aaaa'), Dir('data/sub'), File('data/sub/b.txt', b'bbbbbbbb'),
    Dir('var'), File('var/old.log', b'x' * 300),
], created_by='/bin/sh -c #(nop) ADD file:base in / ')

CHANGES = Layer([
    Dir('etc'), File('etc/app.conf', b'v2-content'), File('etc/mode.conf', b'same', mode=0o755),
    File('etc/new.conf', b'new'),
    Dir('var'), Whiteout('var/old.log'),
    Dir('data'), Opaque('data'), File('data/fresh.txt', b'fresh'),
    Dir('bin'), Symlink('bin/tool-link', 'tool'),
], created_by='/bin/sh -c apt-get update', empty_layers_before=['/bin/sh -c #(nop)  ENV A=1'])

TOUCH_UP = Layer([
    Dir('bin'), Symlink('bin/tool-link', 'tool-hard'),
    Dir('etc'), File('etc/app.conf', b'v2-content'),
    File('opt/pkg/readme', b'hi'),
], created_by='/bin/sh -c make install', empty_layers_before=['/bin/sh -c #(nop)  CMD ["sh"]'])

IMAGE = Image([BASE, CHANGES, TOUCH_UP])
PARENT = Image([BASE, CHANGES], tags=['example/app:parent'])


def marks(listing):
    """{name: (kind, status)} of a list_dir result."""
    return {entry.name: (entry.kind, entry.status) for entry in listing}


def describe(analysis):
    """Everything observable about an analysis, for equality between layouts/caches."""
    folders = []
    for layer in range(len(analysis.layers)):
        for aggregate in (False, True):
            stack = ['/']
            while stack:
                path = stack.pop()
                listing = analysis.list_dir(layer, path, aggregate=aggregate)
                folders.append((layer, aggregate, path, [e.to_dict() for e in listing]))
                stack.extend(e.path for e in listing if e.kind == 'dir')
    layers = [{k: v for k, v in layer.to_dict().items()
               if k not in ('digest', 'stored_bytes', 'compression')}
              for layer in analysis.layers]
    return {
        'image_id': analysis.image_id, 'layers': layers, 'folders': folders,
        'total': analysis.total_bytes, 'final': analysis.final_bytes,
        'wasted': analysis.wasted_bytes, 'efficiency': analysis.efficiency,
        'wasters': [w.to_dict() for w in analysis.top_wasters(100)],
    }
