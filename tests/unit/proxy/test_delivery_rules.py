"""The pure decisions of an image's delivery to another host
(rules/delivery.py)."""
import json

import pytest

from docker_dashboard.proxy.rules import delivery as rules
from docker_dashboard.proxy.rules.errors import Refused
from docker_dashboard.proxy.state import PUBLIC_OWNER

ID = "sha256:" + "ab" * 32


def lines(*messages):
    return "\n".join(json.dumps(m) for m in messages) + "\n"


def test_only_a_whole_id_is_an_id():
    assert rules.full_id(ID) == ID
    assert rules.full_id("ab" * 32) == ID
    assert rules.full_id("sha256:abab") is None
    assert rules.full_id("abab") is None
    assert rules.full_id("app:v1") is None


def test_the_tag_the_caller_named_travels_with_the_image():
    image = {"Id": ID, "RepoTags": ["app:v1", "app:latest"]}
    assert rules.source_ref(image, "app:v1") == "app:v1"
    # `app` is `app:latest`, as Docker lists it.
    assert rules.source_ref(image, "app") == "app:latest"


def test_an_id_or_a_name_the_image_does_not_carry_saves_by_id():
    image = {"Id": ID, "RepoTags": ["app:v1"]}
    assert rules.source_ref(image, ID) == ID
    assert rules.source_ref(image, "abab") == ID
    assert rules.source_ref(image, "other:v1") == ID


def test_public_is_what_the_holders_proxy_vouches_for():
    assert rules.is_public({"Config": {"Labels": {
        "org.openstack.public": "true"}}})
    assert not rules.is_public({"Config": {"Labels": {}}})
    assert not rules.is_public({"Config": {"Labels": None}})
    assert not rules.is_public({})


def test_a_load_answer_says_what_was_loaded():
    ids, tags, error = rules.loaded(lines(
        {"stream": "Loaded image: app:v1\n"},
        {"stream": "Loaded image ID: %s\n" % ID}))
    assert (ids, tags, error) == ([ID], ["app:v1"], None)


def test_a_load_answer_with_an_error_says_so():
    _, _, error = rules.loaded(lines(
        {"errorDetail": {"message": "unexpected EOF"},
         "error": "unexpected EOF"}))
    assert error == "unexpected EOF"


def test_a_proxys_refusal_of_a_load_is_an_error():
    ids, tags, error = rules.loaded(json.dumps(
        {"message": "Tag app:v1 is not available to this project",
         "field": "tag"}))
    assert (ids, tags) == ([], [])
    assert error == "Tag app:v1 is not available to this project"


def test_a_copy_is_the_image_only_with_the_same_id():
    rules.check_same("app:v1", "host2", ID, ID)
    with pytest.raises(Refused) as refused:
        rules.check_same("app:v1", "host2", ID, "sha256:" + "cd" * 32)
    assert refused.value.status == 502
    assert "checksum does not match" in refused.value.message
    assert "host2" in refused.value.message
    with pytest.raises(Refused) as refused:
        rules.check_same("app:v1", "host2", ID, None)
    assert "loaded there is nothing" in refused.value.message


def test_the_public_images_are_the_operators_and_the_published():
    owners = {ID: PUBLIC_OWNER, "sha256:" + "cd" * 32: "project-a"}
    assert rules.public_wanted({"busybox:latest"}, owners, PUBLIC_OWNER) == [
        "busybox:latest", ID]


def test_a_public_archive_carries_the_name_asked_for_only():
    rules.check_public_archive("busybox:latest", ["busybox:latest"])
    rules.check_public_archive("busybox", ["busybox:latest"])
    rules.check_public_archive(ID, [])
    with pytest.raises(Refused):
        rules.check_public_archive("busybox:latest",
                                   ["busybox:latest", "app:v1"])
    with pytest.raises(Refused):
        rules.check_public_archive(ID, ["app:v1"])
