"""Which paths of a new container would get an anonymous volume, and the
body that mounts the proxy's labelled volumes there instead."""
import pytest

from docker_dashboard.proxy.caller import Caller
from docker_dashboard.proxy.caller import PROJECT_LABEL
from docker_dashboard.proxy.rules import anonymous_volumes as anon
from docker_dashboard.proxy.rules.errors import Refused

CALLER = Caller("u1", "p1", frozenset(["member"]))


@pytest.mark.parametrize("body, image, shared, paths", [
    ({}, None, (), []),
    ({"Volumes": {"/data": {}}}, None, (), ["/data"]),
    ({}, {"/var/lib/db": {}}, (), ["/var/lib/db"]),
    ({"HostConfig": {"Binds": ["/cache"]}}, None, (), ["/cache"]),
    ({"HostConfig": {"Mounts": [{"Type": "volume", "Target": "/m"}]}},
     None, (), ["/m"]),
    # Mounted otherwise: by a named volume, a tmpfs, a shared container.
    ({"HostConfig": {"Binds": ["mine:/var/lib/db"]}}, {"/var/lib/db": {}},
     (), []),
    ({"HostConfig": {"Mounts": [{"Type": "volume", "Source": "mine",
                                 "Target": "/var/lib/db/"}]}},
     {"/var/lib/db": {}}, (), []),
    ({"HostConfig": {"Tmpfs": {"/run": "size=1"}}}, {"/run": {}}, (), []),
    ({}, {"/data": {}}, ("/data",), []),
    # The same path asked twice gets one volume.
    ({"Volumes": {"/data/": {}}}, {"/data": {}}, (), ["/data"]),
])
def test_targets(body, image, shared, paths):
    assert anon.targets(body, image, shared) == paths


def test_too_many_anonymous_volumes_are_refused():
    image = {"/v%d" % i: {} for i in range(anon.MAX_PER_CONTAINER + 1)}
    with pytest.raises(Refused) as caught:
        anon.targets({}, image)
    assert caught.value.field == "Volumes"
    assert len(anon.targets({}, dict(list(image.items())[1:]))) \
        == anon.MAX_PER_CONTAINER


def test_bind_mounts_each_made_volume_by_name():
    body = {"Volumes": {"/data": {}, "/kept": {}},
            "HostConfig": {"Binds": ["/cache", "mine:/x"],
                           "Mounts": [{"Type": "volume", "Target": "/m",
                                       "VolumeOptions": {"NoCopy": True}}]}}
    made = {"/cache": "anonymous-1", "/m": "anonymous-2",
            "/data": "anonymous-3"}
    anon.bind(body, made)
    host = body["HostConfig"]
    assert host["Binds"] == ["mine:/x"]
    assert host["Mounts"] == [
        {"Type": "volume", "Target": "/m", "Source": "anonymous-2",
         "VolumeOptions": {"NoCopy": True}},
        {"Type": "volume", "Source": "anonymous-1", "Target": "/cache"},
        {"Type": "volume", "Source": "anonymous-3", "Target": "/data"}]
    assert body["Volumes"] == {"/kept": {}}
    # Nothing left for dockerd to make unlabelled.
    assert anon.targets(body, None, ()) == ["/kept"]


def test_made_volumes_are_the_callers_and_marked_anonymous():
    labels = anon.labels(CALLER)
    assert labels[PROJECT_LABEL] == "p1"
    assert anon.removable({PROJECT_LABEL: "p1"}, labels)
    assert anon.new_name() != anon.new_name()


@pytest.mark.parametrize("labels", [
    {PROJECT_LABEL: "p1"},                                  # a named one
    {PROJECT_LABEL: "p2", anon.ANONYMOUS_LABEL: "true"},    # another's
    {anon.ANONYMOUS_LABEL: "true"},                         # the host's
    None,
])
def test_only_the_containers_projects_anonymous_volumes_go_with_it(labels):
    assert not anon.removable({PROJECT_LABEL: "p1"}, labels)


def test_an_unlabelled_container_takes_no_volume_with_it():
    assert not anon.removable({}, {anon.ANONYMOUS_LABEL: "true"})
