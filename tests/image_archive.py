"""Real, loadable image archives made in Python, for the load tests and the
load benchmark: one layer holding /marker, a config whose rootfs matches it
(so dockerd 20.10 loads it), in the legacy `docker save` layout or the OCI
layout of Docker >= 25. The members can be rearranged by the caller to
build the attacks of the load tests."""
import hashlib
import io
import json
import tarfile


def layer_tar(marker, size=0):
    """A layer with /marker (and `size` bytes of /filler, for benchmarks)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in (("marker", marker.encode()),
                           ("filler", b"")):
            info = tarfile.TarInfo(name)
            info.size = len(data) if name == "marker" else size
            tar.addfile(info, io.BytesIO(data) if name == "marker"
                        else _Zeros(size))
    return buf.getvalue()


class _Zeros(io.RawIOBase):
    def __init__(self, size):
        self.left = size

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        return bytes(n)


def image_parts(marker, layer=None):
    """(config bytes, image id, layer bytes) of a one-layer image."""
    layer = layer if layer is not None else layer_tar(marker)
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = json.dumps({
        "architecture": "amd64", "os": "linux",
        "config": {"Cmd": ["/marker"], "Labels": {"test.marker": marker}},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created_by": "tests/image_archive.py"}],
    }, sort_keys=True).encode()
    return config, "sha256:" + hashlib.sha256(config).hexdigest(), layer


def members(marker, tags, layout="legacy"):
    """[(name, bytes | None for a folder)] of a `docker save` of the image,
    and its id."""
    config, image_id, layer = image_parts(marker)
    hex_id = image_id.split(":")[1]
    layer_hex = hashlib.sha256(layer).hexdigest()
    if layout == "legacy":
        return [("%s.json" % hex_id, config), (layer_hex, None),
                ("%s/VERSION" % layer_hex, b"1.0"),
                ("%s/layer.tar" % layer_hex, layer),
                ("manifest.json", manifest("%s.json" % hex_id,
                                           ["%s/layer.tar" % layer_hex],
                                           tags)),
                ("repositories", json.dumps(
                    {t.rsplit(":", 1)[0]: {t.rsplit(":", 1)[1]: layer_hex}
                     for t in tags}).encode())], image_id
    blob = "blobs/sha256/"
    oci_manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": image_id, "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": "sha256:" + layer_hex, "size": len(layer)}],
    }).encode()
    oci_hex = hashlib.sha256(oci_manifest).hexdigest()
    index = json.dumps({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": "sha256:" + oci_hex, "size": len(oci_manifest),
        "annotations": {"io.containerd.image.name": t}} for t in tags]
    }).encode()
    return [("blobs", None), ("blobs/sha256", None),
            (blob + hex_id, config), (blob + layer_hex, layer),
            (blob + oci_hex, oci_manifest),
            ("index.json", index),
            ("manifest.json", manifest(blob + hex_id, [blob + layer_hex],
                                       tags)),
            ("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')], image_id


def manifest(config, layers, tags):
    return json.dumps([{"Config": config, "RepoTags": list(tags),
                        "Layers": list(layers)}]).encode()


def tar(entries, fmt=tarfile.PAX_FORMAT):
    """entries: (name, bytes | None (folder) | ("sym" | "hard", target))
    or raw header bytes to splice in as they are."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as out:
        for entry in entries:
            if isinstance(entry, bytes):
                out.fileobj.write(entry)
                out.offset += len(entry)
                continue
            name, data = entry
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                out.addfile(info)
            elif isinstance(data, tuple):
                info.type = (tarfile.SYMTYPE if data[0] == "sym"
                             else tarfile.LNKTYPE)
                info.linkname = data[1]
                out.addfile(info)
            else:
                info.size = len(data)
                out.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def gnu_prefixed_member(name, data, digits=b"14540432046"):
    """A GNU header whose atime field holds octal digits: Go (dockerd)
    reads `name`; Python's tarfile reads `<digits>/name`."""
    block = bytearray(tarfile.TarInfo(name).tobuf(tarfile.GNU_FORMAT))
    block[124:136] = b"%011o\0" % len(data)
    block[345:345 + len(digits) + 1] = digits + b"\0"
    block[148:156] = b" " * 8
    block[148:156] = b"%06o\0 " % sum(block)
    return bytes(block) + data + bytes(-len(data) % 512)


def archive(marker, tags, layout="legacy"):
    """(bytes, image id) of a plain `docker save`-like archive."""
    entries, image_id = members(marker, tags, layout)
    return tar(entries), image_id
