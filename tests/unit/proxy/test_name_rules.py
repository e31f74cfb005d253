"""Names shaped like ids are refused (they would shadow another object's
short id), and conflicts are answered without the holder's id."""
import pytest

from docker_dashboard.proxy.rules import names
from docker_dashboard.proxy.rules.errors import Refused

FOREIGN_ID = "79a094e6ad731d149a3579f2be0f0f5364cdec3407981b9007186f5964f81e69"


@pytest.mark.parametrize("name, refused", [
    ("", False),                       # dockerd picks one
    ("web", False),
    ("cafe", False),                   # hex, but shorter than a short id
    ("abcdef12345", False),            # 11 hex characters
    ("web-79a094e6ad73", False),
    ("79a094e6ad73", True),            # a short id
    ("/79a094e6ad73", True),           # the leading slash dockerd allows
    ("79A094E6AD73", True),
    (FOREIGN_ID, True),
    ("../x", True),                    # not a container name at all
    ("a b", True),
])
def test_container_names(name, refused):
    if refused:
        with pytest.raises(Refused) as caught:
            names.check_container_name(name)
        assert caught.value.field == "Name"
    else:
        names.check_container_name(name)


@pytest.mark.parametrize("ref, refused", [
    ("web:latest", False),
    ("web:79a094e6ad73", False),       # a hex tag: `web:…` is no id lookup
    ("me/79a094e6ad73:v1", False),     # not where a bare lookup looks
    ("registry:5005/79a094e6ad73", False),
    ("79a094e6ad73", True),
    ("79a094e6ad73:latest", True),
    ("library/79a094e6ad73:v1", True),
    ("docker.io/library/79a094e6ad73:v1", True),
    ("sha256:79a094e6ad73", True),     # read as repository `sha256`
    ("sha256", True),
    (FOREIGN_ID + ":latest", True),
])
def test_image_repositories(ref, refused):
    if refused:
        with pytest.raises(Refused) as caught:
            names.check_repository(ref)
        assert caught.value.status == 403
    else:
        names.check_repository(ref)


@pytest.mark.parametrize("refusal", [
    names.container_name_taken("/web"),
    names.volume_name_unavailable("data"),
    names.volume_in_use("data"),
    names.image_in_use("web:latest", "conflict: unable to delete 1234 (must "
                       "be forced) - image is being used by stopped "
                       "container %s" % FOREIGN_ID[:12]),
])
def test_conflicts_are_409_in_the_proxys_words(refusal):
    assert refusal.status == 409
    assert FOREIGN_ID[:12] not in refusal.message


@pytest.mark.parametrize("said, words", [
    ("conflict: unable to delete 1234 (must be forced) - image is being used "
     "by stopped container 79a094e6ad73",
     "Image w cannot be removed: it is used by a stopped container (it can "
     "be forced)"),
    ("conflict: unable to delete 1234 (cannot be forced) - image is being "
     "used by running container 79a094e6ad73",
     "Image w cannot be removed: it is used by a running container"),
    ("conflict: unable to delete 1234 (cannot be forced) - image has "
     "dependent child images",
     "Image w cannot be removed: it has dependent child images"),
    ("something new", "Image w cannot be removed: it is in use"),
])
def test_an_image_conflict_keeps_what_is_in_the_way_without_ids(said, words):
    assert names.image_in_use("w", said).message == words


def test_the_dashboard_reads_the_name_conflict_as_before():
    from docker_dashboard.panels.containers import error_sentences
    said = error_sentences.explain(names.container_name_taken("web").message)
    assert said.startswith('The name "web" is taken by another container')
