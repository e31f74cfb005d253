"""Crafted `docker save`-shaped tarballs, built with tarfile, for the tests
of what the proxy refuses to load."""
import io
import json
import tarfile


def _add(tar, name, data=b"", kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def archive(tags=("crafted:1",), extra=(), fmt=tarfile.PAX_FORMAT):
    """A minimal legacy-layout archive; `extra` adds (name, data, kind,
    linkname) members before the manifest, as the attack would."""
    buf = io.BytesIO()
    config_id = "a" * 64
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        _add(tar, "%s.json" % config_id, json.dumps(
            {"architecture": "amd64", "os": "linux", "config": {},
             "rootfs": {"type": "layers", "diff_ids": []}}).encode())
        for member in extra:
            _add(tar, *member)
        _add(tar, "manifest.json", json.dumps([{
            "Config": "%s.json" % config_id, "RepoTags": list(tags),
            "Layers": []}]).encode())
    return buf.getvalue()
