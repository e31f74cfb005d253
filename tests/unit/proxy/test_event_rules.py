"""Which Docker events the admin's live stream shows (rules/events.py)."""
import json

import pytest
from multidict import MultiDict

from docker_dashboard.proxy.rules import events

DEMO = "a" * 32
ALT = "b" * 32


def container_event(action="start", project=DEMO, name="web"):
    attributes = {"image": "busybox", "name": name}
    if project:
        attributes["org.openstack.project-id"] = project
    return {"status": action, "id": "c" * 64, "from": "busybox",
            "Type": "container", "Action": action,
            "Actor": {"ID": "c" * 64, "Attributes": attributes},
            "scope": "local", "time": 1700000000,
            "timeNano": 1700000000123456789}


def volume_event():
    return {"Type": "volume", "Action": "create",
            "Actor": {"ID": "vol1", "Attributes": {"driver": "local"}},
            "time": 1700000001}


def test_a_container_event_becomes_a_row_with_its_host_and_project():
    row = events.row_of(container_event(), "host2")
    assert row == {"time": pytest.approx(1700000000.123456789),
                   "host": "host2", "project": DEMO, "type": "container",
                   "action": "start", "id": "c" * 64, "name": "web"}


def test_an_exec_shows_its_verb_not_its_command_line():
    row = events.row_of(container_event("exec_start: sh -c 'echo s3cret'"),
                        "host1")
    assert row["action"] == "exec_start"
    assert "s3cret" not in json.dumps(row)


def test_a_volume_event_has_no_project_and_is_named_by_its_id():
    row = events.row_of(volume_event(), "host1")
    assert (row["project"], row["name"], row["type"]) == ("", "vol1",
                                                         "volume")


def test_a_projects_own_network_is_that_projects_and_another_no_ones():
    def network(name):
        return {"Type": "network", "Action": "connect",
                "Actor": {"ID": "n" * 64,
                          "Attributes": {"name": name, "type": "bridge",
                                         "container": "c" * 64}}}
    assert events.row_of(network("dd-" + DEMO), "host1")["project"] == DEMO
    assert events.row_of(network("bridge"), "host1")["project"] == ""


@pytest.mark.parametrize("event", [
    {"Type": "daemon", "Action": "reload", "Actor": {"ID": "x"}},
    {"Type": "plugin", "Action": "enable"},
    ["not", "an", "event"],
    {"Action": "start"},
])
def test_what_is_not_a_shown_type_gives_no_row(event):
    assert events.row_of(event, "host1") is None


def test_no_filter_lets_every_shown_event_through():
    wanted = events.parse_filter(MultiDict())
    assert wanted.types == events.TYPES
    for event in (container_event(), volume_event()):
        assert events.lets_through(wanted, events.row_of(event, "host1"))


def test_a_project_filter_hides_other_projects_and_unlabelled_objects():
    wanted = events.parse_filter(MultiDict(project=DEMO))
    assert events.lets_through(wanted, events.row_of(container_event(),
                                                     "host1"))
    assert not events.lets_through(
        wanted, events.row_of(container_event(project=ALT), "host1"))
    assert not events.lets_through(wanted,
                                   events.row_of(volume_event(), "host1"))


def test_a_host_filter_keeps_that_hosts_rows_and_asks_only_that_host():
    wanted = events.parse_filter(MultiDict(host="host2"))
    assert events.lets_through(wanted, events.row_of(container_event(),
                                                     "host2"))
    assert not events.lets_through(wanted, events.row_of(container_event(),
                                                         "host1"))
    assert events.asks_host(wanted, "host2")
    assert not events.asks_host(wanted, "host1")
    assert events.asks_host(events.parse_filter(MultiDict()), "host1")


def test_type_filters_repeated_or_comma_separated():
    query = MultiDict([("type", "volume,image"), ("type", "volume")])
    wanted = events.parse_filter(query)
    # In the panel's order, each once.
    assert wanted.types == ("image", "volume")
    assert not events.lets_through(wanted, events.row_of(container_event(),
                                                         "host1"))
    assert events.lets_through(wanted, events.row_of(volume_event(), "host1"))
    assert json.loads(events.dockerd_filters(wanted)) == {
        "type": ["image", "volume"]}


@pytest.mark.parametrize("query", [
    MultiDict(type="daemon"), MultiDict(type="container,secret"),
    MultiDict(project="x" * 256), MultiDict(host="h" * 256),
])
def test_a_filter_the_panel_does_not_offer_is_refused(query):
    with pytest.raises(events.BadFilter):
        events.parse_filter(query)


def test_lines_that_do_not_parse_are_skipped_and_the_rest_filtered():
    lines = [json.dumps(container_event(project=ALT)).encode(), b"{not json",
             json.dumps(container_event()).encode() + b"\n"]
    rows = events.rows_of_lines(lines, "host1",
                                events.parse_filter(MultiDict(project=DEMO)))
    assert [row["project"] for row in rows] == [DEMO]


def test_following_again_starts_just_after_the_last_row():
    row = events.row_of(container_event(), "host1")
    since = events.since_after(row)
    assert since == "1700000000.123458"
    assert float(since) > row["time"]


def test_since_is_a_unix_time_or_nothing():
    assert events.parse_since(MultiDict()) is None
    assert events.parse_since(MultiDict(since="")) is None
    assert events.parse_since(MultiDict(since="1700000000.5")) == \
        "1700000000.500000"
    for bad in ("yesterday", "nan", "inf", "-1", "1e400"):
        with pytest.raises(events.BadFilter):
            events.parse_since(MultiDict(since=bad))
