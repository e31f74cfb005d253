"""`GET /events` through the routing proxy: the events of the caller's
containers on both hosts in one stream (docker-py and the docker CLI),
none of another project's, and the stream ended by `until` once every
host's has ended."""
import json
import subprocess
import time

from tests import stack
from tests.integration.router.conftest import create_on


def window(hosts, made):
    """(since, until, id on t-a, id on t-b): a container of demo's made
    and started on each host between since and until."""
    a, b = hosts
    since = int(time.time()) - 1
    here = create_on(a, "demo", made, cmd=("true",))
    there = create_on(b, "demo", made, cmd=("true",))
    return since, int(time.time()) + 1, here, there


def container_actions(events, cid):
    return {event.get("Action") for event in events
            if event.get("Type") == "container" and event.get("id") == cid}


def test_events_of_both_hosts_come_in_one_stream(hosts, made):
    a, _ = hosts
    since, until, here, there = window(hosts, made)
    events = list(a.client("demo").events(decode=True, since=since,
                                          until=until))
    for cid in (here, there):
        assert {"create", "start"} <= container_actions(events, cid), events
    # Another project's stream over the same window has neither.
    theirs = list(a.client("alt_demo").events(decode=True, since=since,
                                              until=until))
    assert not container_actions(theirs, here)
    assert not container_actions(theirs, there)


def test_docker_events_in_the_cli_shows_both_hosts(hosts, made, tmp_path):
    a, _ = hosts
    since, until, here, there = window(hosts, made)
    (tmp_path / "config.json").write_text(json.dumps(
        {"HttpHeaders": {"X-Auth-Token": stack.token("demo")}}))
    shown = subprocess.run(
        ["docker", "--config", str(tmp_path), "-H",
         a.url.replace("http://", "tcp://"), "events", "--since",
         str(since), "--until", str(until), "--filter", "type=container",
         "--format", "{{.ID}} {{.Action}}"],
        capture_output=True, text=True, timeout=60, check=True).stdout
    lines = set(shown.splitlines())
    assert {"%s start" % here, "%s start" % there} <= lines, shown


def test_past_events_of_both_hosts_come_oldest_first(hosts, made):
    a, b = hosts
    since = int(time.time()) - 1
    # t-b's first: its events are the older ones, though t-a's own dockerd
    # answers first.
    there = create_on(b, "demo", made, cmd=("true",))
    here = create_on(a, "demo", made, cmd=("true",))
    now = time.time_ns()
    until = "%d.%09d" % (now // 10 ** 9, now % 10 ** 9)
    events = list(a.client("demo").events(decode=True, since=since,
                                          until=until))
    assert {"create", "start"} <= container_actions(events, here)
    assert {"create", "start"} <= container_actions(events, there)
    times = [event["timeNano"] for event in events]
    assert times == sorted(times), events
