"""Which deadline each Engine API call gets (rules/deadlines.py)."""
import pytest

from docker_dashboard.proxy.rules import deadlines
from docker_dashboard.proxy.timeouts import DeadlinePassed

SECONDS = 10.0
CID = "0123456789ab" * 5 + "0123"


def deadline(method, path, query=None):
    return deadlines.for_engine_call(method, path, query, SECONDS)


@pytest.mark.parametrize("method, path", [
    ("GET", "/containers/json"),
    ("POST", "/containers/create"),
    ("GET", "/containers/%s/json" % CID),
    ("POST", "/containers/%s/start" % CID),
    ("POST", "/containers/%s/kill" % CID),
    ("POST", "/containers/%s/pause" % CID),
    ("GET", "/images/json"),
    ("GET", "/images/docker.io/library/busybox:latest/json"),
    ("POST", "/images/busybox/tag"),
    ("GET", "/volumes"),
    ("POST", "/volumes/create"),
    ("GET", "/networks/dd-project"),
    ("POST", "/containers/%s/exec" % CID),
    ("GET", "/exec/%s/json" % CID),
    ("GET", "/_ping"),
    ("GET", "/version"),
    ("GET", "/info"),
])
def test_a_short_call_must_answer_whole_within_the_deadline(method, path):
    assert deadline(method, path) == deadlines.Deadline(SECONDS, whole=True)


def test_the_versioned_path_is_the_same_call():
    assert deadline("GET", "/v1.41/containers/json") == \
        deadline("GET", "/containers/json")


@pytest.mark.parametrize("method, path, query", [
    ("GET", "/containers/%s/logs" % CID, {"follow": "1"}),
    ("GET", "/containers/%s/logs" % CID, [("follow", "true"),
                                          ("stdout", "1")]),
    ("GET", "/events", None),
    ("POST", "/containers/%s/wait" % CID, {"condition": "not-running"}),
    ("POST", "/containers/%s/attach?stream=1&stdout=1" % CID, None),
    ("POST", "/exec/%s/start" % CID, None),
    ("GET", "/containers/%s/stats" % CID, None),
])
def test_a_stream_that_may_idle_bounds_only_its_first_byte(method, path,
                                                           query):
    chosen = deadline(method, path, query)
    assert chosen.seconds == SECONDS
    assert not chosen.whole
    assert not chosen.while_alive
    assert chosen.idle is None


def test_a_log_read_to_its_end_may_not_go_silent():
    chosen = deadline("GET", "/containers/%s/logs" % CID, {"tail": "100"})
    assert chosen == deadlines.Deadline(SECONDS, idle=SECONDS)


def test_one_stats_sample_is_a_short_call():
    assert deadline("GET", "/containers/%s/stats" % CID,
                    {"stream": "0"}).whole


@pytest.mark.parametrize("verb", ["stop", "restart"])
@pytest.mark.parametrize("t", [0, 3, 120])
def test_a_stop_with_t_gets_t_more_seconds(verb, t):
    chosen = deadline("POST", "/containers/%s/%s" % (CID, verb), {"t": t})
    assert chosen == deadlines.Deadline(SECONDS + t, whole=True)


def test_t_in_the_path_counts_too():
    chosen = deadline("POST", "/containers/%s/stop?t=30" % CID)
    assert chosen.seconds == SECONDS + 30


@pytest.mark.parametrize("query", [None, {"t": "-1"}, {"t": "soon"}])
def test_a_stop_on_the_containers_own_timeout_waits_while_dockerd_answers(
        query):
    chosen = deadline("POST", "/containers/%s/stop" % CID, query)
    assert chosen.while_alive and chosen.seconds == SECONDS
    assert not chosen.whole


@pytest.mark.parametrize("method, path", [
    ("POST", "/build"),
    ("POST", "/commit"),
    ("POST", "/images/create"),
    ("POST", "/images/load"),
    ("POST", "/images/registry.test/team/app:1/push"),
    ("DELETE", "/images/sha256:abc"),
    ("DELETE", "/containers/%s" % CID),
    ("POST", "/containers/prune"),
    ("PUT", "/containers/%s/archive" % CID),
    ("GET", "/containers/%s/changes" % CID),
])
def test_long_work_waits_as_long_as_dockerd_answers_its_ping(method, path):
    chosen = deadline(method, path)
    assert chosen.while_alive and not chosen.whole
    assert chosen.seconds == SECONDS


@pytest.mark.parametrize("path", [
    "/images/get", "/images/busybox:latest/get",
    "/containers/%s/export" % CID, "/containers/%s/archive" % CID])
def test_an_archive_streamed_from_disk_may_not_go_silent(path):
    chosen = deadline("GET", path, {"path": "/etc"})
    assert chosen.while_alive
    assert chosen.idle == SECONDS


def test_sizes_make_a_list_long_work():
    assert deadline("GET", "/containers/json", {"size": "1"}).while_alive
    assert deadline("GET", "/containers/json", {"size": "0"}).whole


def test_the_sentence_names_the_service_and_the_bound_only():
    assert str(DeadlinePassed("The Docker daemon", 10.0)) == \
        "The Docker daemon did not answer within 10 s"
    assert str(DeadlinePassed("Keystone", 2.5)) == \
        "Keystone did not answer within 2.5 s"
