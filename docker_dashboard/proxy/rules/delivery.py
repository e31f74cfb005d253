"""Decisions of an image's delivery to another Docker host, pure.

What to ask the holding host to save (so the image keeps the name the
caller used), what a load's answer says was loaded, whether the copy is
the image that was asked for, and which public images a host lacks.
"""
import re

from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.rules.images import PUBLIC_LABEL
from docker_dashboard.proxy.state import normal_ref
from docker_dashboard.proxy.streams import json_messages

FULL_ID = re.compile(r"^sha256:[0-9a-f]{64}$")
BARE_ID = re.compile(r"^[0-9a-f]{64}$")


def full_id(ref):
    """`sha256:<64 hex>` when `ref` is an image's whole id (with or without
    its algorithm), else None: only a whole id can be looked up in the
    image-hosts table (a tag or a prefix may name another image there)."""
    if FULL_ID.match(ref or ""):
        return ref
    if BARE_ID.match(ref or ""):
        return "sha256:" + ref
    return None


def source_ref(inspect_body, asked):
    """What the holder saves: the tag the caller named when the image has
    it, so the archive carries it and the target knows the image by the
    same name; else the image's id (an archive without tags)."""
    if not full_id(asked):
        ref = normal_ref(asked)
        if ref in (inspect_body.get("RepoTags") or []):
            return ref
    return inspect_body["Id"]


def is_public(inspect_body):
    """Does the holder's proxy say the image is public? It vouches for this
    label itself (rules/images.trusted_labels): a written one is dropped."""
    labels = ((inspect_body or {}).get("Config") or {}).get("Labels") or {}
    return labels.get(PUBLIC_LABEL) == "true"


def loaded(answer_text):
    """(image ids, tags, error) a `docker load` answer reports: its JSON
    lines `Loaded image ID: <id>`, `Loaded image: <tag>` and an `error`;
    a proxy's refusal is one JSON object with a `message`."""
    ids, tags, error = [], [], None
    for message in json_messages.in_text(answer_text):
        if message.get("error") or message.get("errorDetail"):
            error = str(message.get("error")
                        or message["errorDetail"].get("message"))
            continue
        if set(message) >= {"message"} and "stream" not in message:
            error = str(message["message"])
            continue
        text = str(message.get("stream") or "").strip()
        if text.startswith("Loaded image ID: "):
            ids.append(text.split(": ", 1)[1].strip())
        elif text.startswith("Loaded image: "):
            tags.append(text.split(": ", 1)[1].strip())
    return ids, tags, error


def copy_failed(ref, host_name, why):
    return Refused(502, "Image %s could not be copied to Docker host %s: %s"
                   % (ref, host_name, why))


def check_same(ref, host_name, expected_id, found_id):
    """The copy on the target must be the holder's image, byte for byte:
    an image's id is the digest of its configuration, which names the
    digest of every layer, and dockerd checks each layer against it on
    load. Another id (or none) means the bytes changed on the way."""
    if found_id != expected_id:
        raise copy_failed(ref, host_name, "the image loaded there is %s, "
                          "not %s: its checksum does not match, and it was "
                          "removed" % (found_id or "nothing", expected_id))


def public_wanted(operator_refs, owners, public_owner):
    """The public images of the cloud, as references to look for: the
    operator's (DD_PUBLIC_IMAGES) by name, and those an admin published by
    id (`owners` is the ownership record, {image id: owner})."""
    wanted = sorted(operator_refs)
    wanted += sorted(image_id for image_id, owner in owners.items()
                     if owner == public_owner)
    return wanted


def check_public_archive(ref, tags):
    """A public image is copied by the proxy with its service user; the
    archive may carry the name it was asked by and nothing else (a
    published image is asked by id: no tag at all)."""
    allowed = set() if full_id(ref) else {normal_ref(ref)}
    extra = sorted(set(normal_ref(t) for t in tags) - allowed)
    if extra:
        raise Refused(422, "The archive of public image %s names other "
                           "images too (%s): not loaded"
                      % (ref, ", ".join(extra)))
