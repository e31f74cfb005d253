"""Names the caller chooses (containers, image repositories) and the answers
about names that are taken.

dockerd resolves a reference by name before it tries it as an id prefix: a
container named `79a094e6ad73`, or an image tagged `79a094e6ad73:latest`,
answers for that short id in place of the object that has it. A project
could so make another project's short id answer 404 for its owner (the
proxy sees the shadowing object, not the owner's). Names shaped like ids are
therefore refused where a name is given: container create and rename, and
every tag (tag, pull, commit, load).

Names live in one namespace on the daemon, so "taken" cannot be hidden: a
project asking for a name another holds cannot get it. What the answer can
hide is whose it is: conflicts are answered in the proxy's words, never
with dockerd's (which name the holder's full id).
"""
import re

from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.rules.errors import refuse

# As long as the short id `docker ps` prints, or longer.
SHORTEST_ID_PREFIX = 12
ID_SHAPED = re.compile(r"[0-9a-fA-F]{%d,}" % SHORTEST_ID_PREFIX)
# dockerd's own rule for container names (daemon/names.go).
CONTAINER_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+")
# The registry and namespace Docker adds to a bare repository name: a
# reference of the form `<name>` is looked up as docker.io/library/<name>.
DEFAULT_PREFIXES = ("docker.io/library/", "index.docker.io/library/",
                    "library/")
# `sha256:<hex>` is read as the repository `sha256` with a tag when the hex
# is shorter than a full digest, so that repository shadows id prefixes too.
DIGEST_REPOSITORY = "sha256"


def id_shaped(text):
    return bool(ID_SHAPED.fullmatch(text or ""))


def check_container_name(name, field="Name"):
    """Refuse a container name dockerd would read in place of an id.
    An empty name is dockerd's to choose (two random words)."""
    if not name:
        return
    bare = name[1:] if name.startswith("/") else name
    if not CONTAINER_NAME.fullmatch(bare):
        refuse(field, "%r is not a container name (letters, digits and "
                      "_ . - only)" % name, status=400)
    if id_shaped(bare):
        refuse(field, "%s looks like a container id: a name of %d or more "
                      "hexadecimal characters would hide the container whose "
                      "id starts so" % (bare, SHORTEST_ID_PREFIX))


def repository_of(ref):
    """The repository part of an image reference, without tag or digest."""
    ref = ref.split("@", 1)[0]
    head, _, last = ref.rpartition("/")
    if ":" in last:
        last = last.split(":", 1)[0]
    return "%s/%s" % (head, last) if head else last


def check_repository(ref, field="repo"):
    """Refuse a tag whose repository a bare id lookup would find first:
    `<hex>` (docker.io/library/<hex>) and `sha256`."""
    repo = repository_of(ref)
    for prefix in DEFAULT_PREFIXES:
        if repo.startswith(prefix):
            repo = repo[len(prefix):]
            break
    if "/" in repo:
        return
    if id_shaped(repo) or repo.lower() == DIGEST_REPOSITORY:
        refuse(field, "%s looks like an image id: a repository named so "
                      "would hide the image whose id starts so" % repo)


def container_name_taken(name):
    """The answer to dockerd's 409 on create or rename: the name is taken,
    by whom is not said."""
    bare = (name or "").lstrip("/")
    # The words the dashboard (and a docker user) know from dockerd, the
    # holder's id left out; `Name` is the field the dashboard's form shows.
    return Refused(409, 'Conflict: the container name "%s" is already in use'
                   % bare, field="Name")


def volume_name_unavailable(name, field="Name", status=409):
    """One answer for a volume name held by another project or by the host:
    it must not say whose the name is."""
    return Refused(status, "Volume name %s is not available to this project"
                   % name, field=field)


def volume_in_use(name):
    """dockerd's 409 on a volume removal lists the containers using it;
    the proxy says only that some do."""
    return Refused(409, "Volume %s is in use by a container: remove the "
                        "container first" % name, field="name")


# What stands in an image's way, as dockerd's 409 words it, and as the proxy
# says it again without the ids dockerd gives.
IMAGE_CONFLICTS = (
    ("being used by running container", "it is used by a running container"),
    ("being used by stopped container", "it is used by a stopped container"),
    ("dependent child images", "it has dependent child images"),
    ("referenced in multiple repositories",
     "it is referenced in multiple repositories"),
)


def image_in_use(ref, message):
    """dockerd's 409 on an image removal names the containers or child
    images in the way (of any project); the proxy keeps only what kind of
    thing is in the way and whether force would do."""
    message = message or ""
    why = next((said for found, said in IMAGE_CONFLICTS if found in message),
               "it is in use")
    hint = " (it can be forced)" if "must be forced" in message else ""
    return Refused(409, "Image %s cannot be removed: %s%s" % (ref, why, hint),
                   field="image")
