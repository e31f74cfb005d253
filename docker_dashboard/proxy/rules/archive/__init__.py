"""`docker load` archives, read as dockerd reads them and written anew.

dockerd reads an archive with Go's `archive/tar`; the proxy reads it the
same way (`headers`, `reader`), refuses what two tar readers could read
differently, and forwards only an archive it wrote itself (`writer`,
`rewrite`) whose `manifest.json` it regenerated from what it checked
(`layout`, `tags`). dockerd never reads the caller's bytes.
"""
