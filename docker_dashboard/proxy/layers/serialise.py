"""A compact binary form of an ImageAnalysis, for the disk cache.

Layout: magic, a little JSON header (scalars, layer summaries, and the name,
type and length of each array), then the raw bytes of each array in order. The
arrays are the in-memory columns themselves, so loading is a handful of
`frombytes` calls plus one decode+split of the names: fast for any image size,
and no pickle (which would also execute whatever a tampered cache file holds).
"""
import json
import struct
import sys
from array import array

from .analysis import ImageAnalysis, LayerSummary
from .entries import EntryTable
from .tree import PathTree
from .waste import WasteReport

MAGIC = b'DDLAYER\x01'
FORMAT_VERSION = 1
_HEADER_LENGTH = struct.Struct('<I')
_NAME_SEPARATOR = '\0'  # cannot occur in tar member names (refused by paths.py)


class CorruptCacheFile(ValueError):
    pass


def _encode_strings(strings) -> array:
    return array('B', _NAME_SEPARATOR.join(strings).encode('utf-8', 'surrogateescape'))


def _decode_strings(data: array) -> list[str]:
    return data.tobytes().decode('utf-8', 'surrogateescape').split(_NAME_SEPARATOR)


def dump(analysis: ImageAnalysis) -> bytes:
    tree, table, waste = analysis.tree, analysis.table, analysis.waste
    link_entries = array('i', sorted(table.link_targets))
    columns = {
        'names': _encode_strings(tree.names),
        'parents': tree.parents,
        'ends': tree.ends,
        'nodes': table.nodes,
        'kinds': array('B', table.kinds),
        'statuses': array('B', table.statuses),
        'modes': table.modes,
        'uids': table.uids,
        'gids': table.gids,
        'sizes': table.sizes,
        'hashes': array('B', table.hashes),
        'layer_starts': table.layer_starts,
        'link_entries': link_entries,
        'link_targets': _encode_strings(table.link_targets[e] for e in link_entries),
        'final_state': analysis.final_state,
        'wasted_nodes': waste.wasted_nodes,
        'wasted_amounts': waste.wasted_amounts,
    }
    header = {
        'version': FORMAT_VERSION,
        'byteorder': sys.byteorder,
        'image_id': analysis.image_id,
        'repo_tags': analysis.repo_tags,
        'layout': analysis.layout,
        'layers': [_layer_fields(layer) for layer in analysis.layers],
        'stored_bytes': waste.stored_bytes,
        'final_bytes': waste.final_bytes,
        'link_count': len(link_entries),
        'columns': [[name, column.typecode, len(column)] for name, column in columns.items()],
    }
    header_bytes = json.dumps(header, separators=(',', ':')).encode()
    parts = [MAGIC, _HEADER_LENGTH.pack(len(header_bytes)), header_bytes]
    parts.extend(column.tobytes() for column in columns.values())
    return b''.join(parts)


def _layer_fields(layer: LayerSummary) -> dict:
    data = layer.to_dict()
    data.pop('command')
    return data


def load(data: bytes) -> ImageAnalysis:
    try:
        return _load(memoryview(data))
    except CorruptCacheFile:
        raise
    except (ValueError, KeyError, TypeError, IndexError, struct.error) as exc:
        raise CorruptCacheFile(f'unreadable analysis ({exc})') from None


def _load(view: memoryview) -> ImageAnalysis:
    if bytes(view[:len(MAGIC)]) != MAGIC:
        raise CorruptCacheFile('not an analysis file')
    offset = len(MAGIC)
    (header_length,) = _HEADER_LENGTH.unpack_from(view, offset)
    offset += _HEADER_LENGTH.size
    header = json.loads(bytes(view[offset:offset + header_length]))
    offset += header_length
    if header['version'] != FORMAT_VERSION or header['byteorder'] != sys.byteorder:
        raise CorruptCacheFile('analysis file of another format')
    columns = {}
    for name, typecode, length in header['columns']:
        column = array(typecode)
        size = length * column.itemsize
        if offset + size > len(view):
            raise CorruptCacheFile('analysis file is truncated')
        column.frombytes(view[offset:offset + size])
        offset += size
        columns[name] = column
    if offset != len(view):
        raise CorruptCacheFile('analysis file has trailing data')

    tree = PathTree(_decode_strings(columns['names']), columns['parents'], columns['ends'])
    table = EntryTable()
    table.nodes = columns['nodes']
    table.kinds = bytearray(columns['kinds'])
    table.statuses = bytearray(columns['statuses'])
    table.modes = columns['modes']
    table.uids = columns['uids']
    table.gids = columns['gids']
    table.sizes = columns['sizes']
    table.hashes = bytearray(columns['hashes'])
    table.layer_starts = columns['layer_starts']
    if header['link_count']:
        targets = _decode_strings(columns['link_targets'])
        table.link_targets = dict(zip(columns['link_entries'], targets))
    if not (len(tree.parents) == len(tree.ends) == len(tree.names) == len(columns['final_state'])):
        raise CorruptCacheFile('analysis file columns disagree')
    waste = WasteReport(header['stored_bytes'], header['final_bytes'],
                        columns['wasted_nodes'], columns['wasted_amounts'])
    layers = [LayerSummary(**fields) for fields in header['layers']]
    return ImageAnalysis(header['image_id'], header['repo_tags'], header['layout'], layers,
                         tree, table, columns['final_state'], waste)
