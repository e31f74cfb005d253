"""Caps that protect the proxy from hostile or absurd archives.

The archive comes from a user (a `docker save` stream or a Glance download), so
every quantity that costs memory or time is bounded. Defaults are far above any
real image; callers may tighten them.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_archive_members: int = 200_000        # entries of the outer `docker save` tar
    max_layers: int = 1_000                   # layers of one image
    max_layer_entries: int = 2_000_000        # entries of one layer tar
    max_total_entries: int = 5_000_000        # entries over all layer tars
    max_layer_bytes: int = 256 * 2**30        # uncompressed bytes of one layer tar
    max_total_bytes: int = 1024 * 2**30       # uncompressed bytes over all layers
    max_metadata_bytes: int = 32 * 2**20      # one JSON document (manifest, config, index)
    max_total_metadata_bytes: int = 256 * 2**20
    max_path_length: int = 4_096              # bytes of one path inside a layer
    max_path_depth: int = 256                 # components of one path inside a layer
    max_link_target_length: int = 4_096
