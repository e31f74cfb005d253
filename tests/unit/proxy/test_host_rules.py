"""The routing endpoint's pure decisions (rules/hosts.py): merged lists,
forwarded headers, the host a create asks for, when to try the next."""
import json

import pytest
from multidict import CIMultiDict

from docker_dashboard.proxy.rules import hosts
from docker_dashboard.proxy.rules.errors import Refused


def row(name, created):
    return {"Id": name, "Created": created}


def test_lists_merge_newest_first_and_keep_a_hosts_order_on_ties():
    host1 = [row("a3", 30), row("a2", 20), row("a1", 20)]
    host2 = [row("b2", 25), row("b1", 20)]
    merged = hosts.merge_lists([host1, host2])
    assert [r["Id"] for r in merged] == ["a3", "b2", "a2", "a1", "b1"]


def test_the_limit_applies_to_the_merged_list():
    host1 = [row("a2", 40), row("a1", 10)]
    host2 = [row("b2", 30), row("b1", 20)]
    assert [r["Id"] for r in hosts.merge_lists([host1, host2], 3)] == [
        "a2", "b2", "b1"]
    # dockerd's own meaning: 0 or less is no limit.
    assert len(hosts.merge_lists([host1, host2], 0)) == 4
    assert len(hosts.merge_lists([host1, host2], -1)) == 4


def test_a_container_two_hosts_list_is_listed_once():
    # Two proxies in front of one dockerd (a test's, an operator's mistake).
    host1 = [row("a2", 30), row("a1", 10)]
    same_daemon = [dict(row("a2", 30), Names=["/other"]), row("a1", 10)]
    merged = hosts.merge_lists([host1, same_daemon])
    assert [r["Id"] for r in merged] == ["a2", "a1"]
    assert "Names" not in merged[0]


def test_a_host_that_stopped_stamping_its_row_is_down():
    assert not hosts.is_down(100.0, 130.0, 60.0)
    assert hosts.is_down(100.0, 161.0, 60.0)
    assert hosts.is_down(None, 0.0, 60.0)


def test_the_limit_is_read_as_dockerd_reads_it():
    assert hosts.list_limit({"limit": "5"}) == 5
    assert hosts.list_limit({}) is None
    assert hosts.list_limit({"limit": "many"}) is None


def test_the_unavailable_hosts_are_named_in_one_header_value():
    assert hosts.unavailable_value(["host3", "host2"]) == "host2, host3"


def test_forwarded_headers_keep_the_callers_token_and_mark_local():
    sent = CIMultiDict([
        ("Host", "127.0.0.1:8790"), ("X-Auth-Token", "tok"),
        ("Content-Type", "application/json"), ("Content-Length", "12"),
        ("Connection", "keep-alive, X-Private-Hop"), ("Keep-Alive", "5"),
        ("X-Private-Hop", "1"), ("Transfer-Encoding", "chunked"),
        ("X-Registry-Auth", "reg"), ("X-DD-Local", "0"),
        ("Proxy-Authorization", "secret"), ("TE", "trailers")])
    out = hosts.forwarded_headers(sent)
    assert out == [("X-Auth-Token", "tok"),
                   ("Content-Type", "application/json"),
                   ("X-Registry-Auth", "reg"), ("X-DD-Local", "1")]


def test_a_hijacking_call_keeps_its_upgrade():
    sent = CIMultiDict([("X-Auth-Token", "tok"), ("Connection", "Upgrade"),
                        ("Upgrade", "tcp")])
    out = hosts.forwarded_headers(sent, upgrade=True)
    assert ("Connection", "Upgrade") in out and ("Upgrade", "tcp") in out
    assert ("X-DD-Local", "1") in out and ("X-Auth-Token", "tok") in out


def test_answer_headers_drop_the_framing_only():
    got = CIMultiDict([("Content-Type", "application/json"),
                       ("Content-Length", "10"), ("Api-Version", "1.41"),
                       ("Transfer-Encoding", "chunked"),
                       ("X-Docker-Container-Path-Stat", "e30=")])
    assert hosts.answer_headers(got) == [
        ("Content-Type", "application/json"), ("Api-Version", "1.41"),
        ("X-Docker-Container-Path-Stat", "e30=")]


@pytest.mark.parametrize("value,local", [
    (None, False), ("", False), ("0", False), ("1", True), ("yes", True)])
def test_x_dd_local(value, local):
    headers = {} if value is None else {"X-DD-Local": value}
    assert hosts.is_local(headers) is local


def body(labels):
    return json.dumps({"Image": "busybox", "Labels": labels}).encode()


def test_anyone_may_ask_for_a_zone():
    assert hosts.chosen_place(
        body({"org.openstack.availability-zone": "az2"}), False) == (
            "az2", None)
    assert hosts.chosen_place(body({"app": "x"}), False) == (None, None)
    assert hosts.chosen_place(json.dumps({"Image": "b"}).encode(),
                              False) == (None, None)


def test_only_an_admin_may_choose_the_host():
    pinned = body({"org.openstack.docker-host": "host2"})
    assert hosts.chosen_place(pinned, True) == (None, "host2")
    with pytest.raises(Refused) as refused:
        hosts.chosen_place(pinned, False)
    assert refused.value.status == 403
    assert refused.value.message == "Only an admin may choose the Docker host"


def test_labels_are_read_as_dockerd_reads_the_body():
    # Go matches field names ignoring case: "labels" is the Labels field.
    raw = json.dumps({"Image": "b", "labels": {
        "org.openstack.docker-host": "host2"}}).encode()
    with pytest.raises(Refused):
        hosts.chosen_place(raw, False)
    with pytest.raises(Refused) as refused:
        hosts.chosen_place(json.dumps({"Image": "b", "Labels": {
            "org.openstack.availability-zone": 3}}).encode(), True)
    assert refused.value.status == 403


def test_a_host_without_room_sends_the_create_on_and_a_taken_name_not():
    assert hosts.try_next_host(
        409, "No Docker host has room for 1 vCPU and 64 MiB of memory",
        "web")
    assert not hosts.try_next_host(
        409, 'Conflict: the container name "web" is already in use', "web")
    assert not hosts.try_next_host(403, "Privileged: not allowed", "web")
    assert not hosts.try_next_host(201, None, "web")


def test_the_paging_filter_is_found_and_left_out_for_the_other_hosts():
    parsed = {"before": ["abc"], "label": ["x=1"]}
    assert hosts.list_marker(parsed) == ("before", "abc")
    assert hosts.list_marker({"since": ["d"]}) == ("since", "d")
    assert hosts.list_marker({"label": ["x=1"]}) is None
    assert hosts.without_marker(parsed) == {"label": ["x=1"]}


def test_the_merge_is_cut_at_the_marker_as_dockerd_cuts_its_list():
    merged = [dict(row("c%d" % n, 100 - n), Names=["/n%d" % n])
              for n in range(5)]
    ids = lambda rows: [r["Id"] for r in rows]  # noqa: E731
    assert ids(hosts.cut_at_marker(merged, "before", "c1")) == [
        "c2", "c3", "c4"]
    assert ids(hosts.cut_at_marker(merged, "before", "c1", 2)) == [
        "c2", "c3"]
    assert ids(hosts.cut_at_marker(merged, "since", "c3")) == [
        "c0", "c1", "c2"]
    # By name as well as by id; an unknown marker is no page at all.
    assert ids(hosts.cut_at_marker(merged, "before", "n3")) == ["c4"]
    assert hosts.cut_at_marker(merged, "before", "gone") is None


def test_a_volume_body_names_its_zone_and_host_too():
    from docker_dashboard.proxy.rules import volume_body
    raw = json.dumps({"Name": "data", "Driver": "local", "Labels": {
        "org.openstack.availability-zone": "az2"}}).encode()
    assert hosts.chosen_place(raw, False, fields=volume_body.FIELDS) == (
        "az2", None)
    pinned = json.dumps({"Name": "data", "Labels": {
        "org.openstack.docker-host": "host2"}}).encode()
    with pytest.raises(Refused) as refused:
        hosts.chosen_place(pinned, False, fields=volume_body.FIELDS)
    assert refused.value.status == 403


PEERS = [("host2", "az2"), ("host3", "az3"), ("host4", "az3")]


def test_a_volume_goes_to_this_host_unless_another_zone_is_asked():
    assert hosts.volume_host("host1", "nova", PEERS) == "host1"
    assert hosts.volume_host("host1", "nova", PEERS, "nova") == "host1"
    assert hosts.volume_host("host1", "nova", PEERS, "az3") == "host3"
    assert hosts.volume_host("host1", "az3", PEERS, "az3") == "host1"


def test_a_zone_no_host_serves_is_refused_naming_it():
    with pytest.raises(Refused) as refused:
        hosts.volume_host("host1", "nova", PEERS, "az9")
    assert refused.value.status == 400
    assert refused.value.message == (
        "No Docker host is in availability zone az9")


def test_volume_lists_merge_and_name_the_hosts_left_out():
    host1 = {"Volumes": [{"Name": "a"}], "Warnings": None}
    host2 = {"Volumes": None, "Warnings": ["w2"]}
    host3 = {"Volumes": [{"Name": "c"}, {"Name": "d"}], "Warnings": []}
    assert hosts.merge_volume_lists([host1, host2, host3], ["h9", "h5"]) == {
        "Volumes": [{"Name": "a"}, {"Name": "c"}, {"Name": "d"}],
        "Warnings": ["w2", "Docker host h5 is not answering",
                     "Docker host h9 is not answering"]}
    assert hosts.merge_volume_lists([host1]) == {
        "Volumes": [{"Name": "a"}], "Warnings": []}


def test_events_are_passed_on_whole_however_the_chunks_cut_them():
    lines, rest = hosts.split_events(b"", b'{"id":"a"}\n{"id"')
    assert lines == [b'{"id":"a"}\n'] and rest == b'{"id"'
    lines, rest = hosts.split_events(rest, b':"b"}')
    assert lines == [] and rest == b'{"id":"b"}'
    lines, rest = hosts.split_events(rest, b'\n\n{"id":"c"}\n')
    assert lines == [b'{"id":"b"}\n', b'{"id":"c"}\n'] and rest == b""


def test_only_an_until_already_passed_lets_the_merge_wait_and_order():
    assert hosts.ends_before("1700000000", 1700000001.0)
    assert hosts.ends_before("1700000000.000000000", 1700000000.0)
    assert not hosts.ends_before("1700000002", 1700000001.0)
    assert not hosts.ends_before(None, 1700000001.0)
    assert not hosts.ends_before("2023-11-14T22:13:20Z", 1700000001.0)


def event(name, nano):
    return json.dumps({"id": name, "time": nano // 10 ** 9,
                       "timeNano": nano}).encode() + b"\n"


def test_past_events_of_several_hosts_come_oldest_first():
    lines = [event("a1", 3 * 10 ** 9), event("a2", 5 * 10 ** 9),
             event("b1", 4 * 10 ** 9), event("b2", 5 * 10 ** 9)]
    assert [json.loads(line)["id"] for line in hosts.order_events(lines)] == [
        "a1", "b1", "a2", "b2"]


def test_prunes_merge_every_hosts_deleted_objects_and_space():
    merged = hosts.merge_prunes(
        [{"ContainersDeleted": ["a1", "a2"], "SpaceReclaimed": 10},
         {"ContainersDeleted": None, "SpaceReclaimed": 0},
         {"ContainersDeleted": ["b1"], "SpaceReclaimed": 5}],
        "ContainersDeleted")
    assert merged == {"ContainersDeleted": ["a1", "a2", "b1"],
                      "SpaceReclaimed": 15}


def test_a_prune_that_deleted_nothing_anywhere_answers_null():
    merged = hosts.merge_prunes(
        [{"VolumesDeleted": None, "SpaceReclaimed": 0}, {}],
        "VolumesDeleted")
    assert merged == {"VolumesDeleted": None, "SpaceReclaimed": 0}


def test_a_hosts_odd_space_figure_is_not_added():
    merged = hosts.merge_prunes(
        [{"ContainersDeleted": ["a"], "SpaceReclaimed": "lots"},
         {"ContainersDeleted": [], "SpaceReclaimed": True}],
        "ContainersDeleted")
    assert merged == {"ContainersDeleted": ["a"], "SpaceReclaimed": 0}
