"""Docker image names, one rule each, for the plugin and the proxy alike.

Pure functions (no Django, no docker-py), so the proxy imports them too:
which of an image's RepoTags are names (Docker lists an untagged image as
`<none>:<none>`), how an id is shortened, and the reference grammar that the
Images and Snapshots forms check before anything reaches Docker.
"""
import re

# What `docker images` shows for an image without a name.
UNTAGGED = "<none>:<none>"

# Docker's reference grammar, loosely: [registry[:port]/]path[:tag].
REPOSITORY = re.compile(
    r"^[a-z0-9]+(?:[._:-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$")
TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


def names(repo_tags):
    """The repository:tag names of an image (its RepoTags without the
    untagged placeholder)."""
    return [t for t in repo_tags or [] if t != UNTAGGED]


def short_id(image_id):
    """The 12 hex digits `docker images` shows for `sha256:<hex>`."""
    return (image_id or "").partition(":")[2][:12] or (image_id or "")[:12]


def display_name(repo_tags, image_id):
    """The first name of an image, else its short id."""
    tagged = names(repo_tags)
    return tagged[0] if tagged else short_id(image_id)


def split_reference(text):
    """'repository[:tag]' -> (repository, tag), tag 'latest' when absent; a
    ':' before the last '/' is a registry's port. ValueError when it is not
    a reference Docker accepts."""
    text = (text or "").strip()
    head, slash, last = text.rpartition("/")
    name, colon, tag = last.partition(":")
    repository = head + slash + name
    if not REPOSITORY.match(repository) or (colon and not TAG.match(tag)):
        raise ValueError(text)
    return repository, tag or "latest"


def valid_repository(text):
    return bool(REPOSITORY.match(text or ""))


def valid_tag(text):
    return bool(TAG.match(text or ""))


def shown_reference(reference):
    """A container's image as a table shows it: its repository:tag, or the
    short id when Docker only knows the image by `sha256:<64 hex>` (a
    container made from an id, as a roll back once did)."""
    reference = reference or ""
    if reference.startswith("sha256:"):
        return short_id(reference)
    return reference
