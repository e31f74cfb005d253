"""Named volumes through the routing proxy, on two hosts in two zones:
one list of both hosts' volumes, inspect and remove reaching the host that
holds the volume, creates on the zone or (admin) host the labels ask for,
and another project's volume on the other host answered as a missing one."""
import pytest

from tests.integration.router.conftest import has_volume
from tests.integration.router.conftest import two_hosts
from tests.integration.router.conftest import volume_name

ZONE_B = "rt-zone-b"
ZONE_LABEL = "org.openstack.availability-zone"
HOST_LABEL = "org.openstack.docker-host"
HOST1 = "/var/run/docker.sock"


@pytest.fixture(scope="module")
def hosts(second_dockerd, tmp_path_factory, made):
    """t-a in the default zone "nova", t-b in its own zone."""
    with two_hosts(tmp_path_factory.mktemp("zoned-hosts"),
                   second_dockerd.socket,
                   second={"DD_AVAILABILITY_ZONE": ZONE_B}) as pair:
        yield pair


def create_volume(host, user, made_volumes, labels=None, local=False):
    name = volume_name()
    made_volumes.append(name)
    answer = host.call(user, "POST", "/volumes/create",
                       headers={"X-DD-Local": "1"} if local else {},
                       json={"Name": name, "Labels": labels or {}})
    return name, answer


def test_the_list_has_both_hosts_volumes_and_calls_reach_them(
        hosts, made_volumes, second_dockerd):
    a, b = hosts
    here, made = create_volume(a, "demo", made_volumes, local=True)
    assert made.status_code == 201, made.text
    there, made = create_volume(b, "demo", made_volumes, local=True)
    assert made.status_code == 201, made.text
    listed = a.call("demo", "GET", "/volumes")
    assert listed.status_code == 200, listed.text
    assert {here, there} <= {v["Name"] for v in listed.json()["Volumes"]}
    assert listed.json()["Warnings"] == []
    # Inspect and remove of the volume on t-b, through t-a.
    inspected = a.client("demo").inspect_volume(there)
    assert inspected["Name"] == there
    assert a.call("demo", "DELETE", "/volumes/%s" % there).status_code == 204
    assert not has_volume(second_dockerd.socket, there)
    assert a.call("demo", "GET", "/volumes/%s" % there).status_code == 404
    assert has_volume(HOST1, here)


def test_another_project_cannot_see_inspect_or_remove_it(
        hosts, made_volumes, second_dockerd):
    a, b = hosts
    there, made = create_volume(b, "demo", made_volumes, local=True)
    assert made.status_code == 201, made.text
    # demo reaches it through t-a (its host is recorded from now on).
    assert a.call("demo", "GET", "/volumes/%s" % there).status_code == 200
    listed = a.call("alt_demo", "GET", "/volumes").json()["Volumes"]
    assert there not in {v["Name"] for v in listed}
    for method in ("GET", "DELETE"):
        answer = a.call("alt_demo", method, "/volumes/%s" % there)
        assert answer.status_code == 404, answer.text
        assert answer.json()["message"] == "No such volume: %s" % there
    assert has_volume(second_dockerd.socket, there)
    # Nor can it take the name over: a create of it is its own, here.
    taken = a.call("alt_demo", "POST", "/volumes/create",
                   json={"Name": there})
    assert taken.status_code == 201, taken.text
    assert has_volume(HOST1, there)
    assert a.client("demo").inspect_volume(there)["Labels"] != \
        a.client("alt_demo").inspect_volume(there)["Labels"]


def test_a_create_goes_to_the_zone_its_labels_ask_for(
        hosts, made_volumes, second_dockerd):
    a, _ = hosts
    plain, made = create_volume(a, "demo", made_volumes)
    assert made.status_code == 201, made.text
    zoned, made = create_volume(a, "demo", made_volumes,
                                labels={ZONE_LABEL: ZONE_B})
    assert made.status_code == 201, made.text
    nova, made = create_volume(a, "demo", made_volumes,
                               labels={ZONE_LABEL: "nova"})
    assert made.status_code == 201, made.text
    assert has_volume(HOST1, plain)
    assert not has_volume(second_dockerd.socket, plain)
    assert has_volume(second_dockerd.socket, zoned)
    assert not has_volume(HOST1, zoned)
    assert has_volume(HOST1, nova)
    # The zoned one is reached through t-a by its recorded host.
    assert a.client("demo").inspect_volume(zoned)["Name"] == zoned
    # Again by name: Docker's answer for an existing volume, not a second.
    again = a.call("demo", "POST", "/volumes/create", json={"Name": zoned})
    assert again.status_code == 201, again.text
    assert not has_volume(HOST1, zoned)
    nowhere, made = create_volume(a, "demo", made_volumes,
                                  labels={ZONE_LABEL: "rt-no-such-zone"})
    assert made.status_code == 400, made.text
    assert made.json()["message"] == (
        "No Docker host is in availability zone rt-no-such-zone")


def test_only_an_admin_may_pin_the_host(hosts, made_volumes, second_dockerd):
    a, _ = hosts
    name, refused = create_volume(a, "demo", made_volumes,
                                  labels={HOST_LABEL: "t-b"})
    assert refused.status_code == 403, refused.text
    assert refused.json()["message"] == (
        "Only an admin may choose the Docker host")
    assert not has_volume(HOST1, name)
    assert not has_volume(second_dockerd.socket, name)
    name, pinned = create_volume(a, "admin", made_volumes,
                                 labels={HOST_LABEL: "t-b"})
    assert pinned.status_code == 201, pinned.text
    assert has_volume(second_dockerd.socket, name)
    assert not has_volume(HOST1, name)
