"""The tags a loaded archive sets, as dockerd will read them, and whether
the project may set them.

dockerd reads each `RepoTags` entry with Docker's reference grammar
(ParseNormalizedNamed: `busybox:1`, `library/busybox:1`,
`docker.io/library/busybox:1` and `index.docker.io/library/busybox:1` are
one tag) and needs a tag on each. The proxy reads them the same way and
writes back the one familiar form it checked, so a spelling cannot reach
another project's or a public tag: the decision is `images.check_tag_target`
for every tag, the existing rule for tagging, taken by the routes.
"""
import re

from docker_dashboard.proxy.rules.tarball import refused

_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-*)[a-z0-9]+)*"
_PATH = re.compile(r"%s(?:/%s)*" % (_COMPONENT, _COMPONENT))
_DOMAIN = re.compile(r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
                     r"(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*"
                     r"[a-zA-Z0-9]))*(?::[0-9]+)?")
_TAG = re.compile(r"[\w][\w.-]{0,127}", re.ASCII)
_HEX_ID = re.compile(r"[a-f0-9]{64}")
DEFAULT_DOMAIN = "docker.io"


def familiar_tag(raw):
    """`raw` as Docker lists it (`busybox:1`, `registry:5005/app:2`), or a
    refusal for what dockerd would not take as a repository:tag."""
    if not isinstance(raw, str) or not raw:
        raise refused("a tag in manifest.json is not a string")
    if "@" in raw:
        raise refused("tag %r carries a digest: load tags only" % raw)
    cut = raw.rfind(":")
    if cut <= raw.rfind("/"):
        raise refused("%r has no tag" % raw)
    name, tag = raw[:cut], raw[cut + 1:]
    if name != name.lower():
        raise refused("repository %r is not lowercase" % name)
    if not _TAG.fullmatch(tag):
        raise refused("%r has an invalid tag" % raw)
    if _HEX_ID.fullmatch(name):
        raise refused("%r is shaped like an image id" % raw)
    first, slash, rest = name.partition("/")
    if not slash or ("." not in first and ":" not in first
                     and first != "localhost"):
        domain, path = DEFAULT_DOMAIN, name
    else:
        domain, path = first, rest
    if domain == "index.docker.io":
        domain = DEFAULT_DOMAIN
    if not _DOMAIN.fullmatch(domain) or not _PATH.fullmatch(path) or \
            len(domain) + 1 + len(path) > 255:
        raise refused("%r is not a valid repository name" % raw)
    if domain == DEFAULT_DOMAIN:
        if path.startswith("library/") and path.count("/") == 1:
            path = path[len("library/"):]
        return "%s:%s" % (path, tag)
    return "%s/%s:%s" % (domain, path, tag)
