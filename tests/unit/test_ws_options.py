"""The live log's query string: what the proxy asks dockerd, what it refuses."""
import pytest

from docker_dashboard.proxy import ws_log_options as options

TS = "2026-01-02T03:04:05.123456789Z"


def test_defaults_follow_with_timestamps_and_both_streams():
    params = options.parse({}).engine_params()
    assert params == {"follow": "1", "timestamps": "1", "stdout": "1",
                      "stderr": "1", "tail": "100"}


def test_tail_since_and_stream_filters_are_passed_on():
    params = options.parse({"tail": "20", "since": "1700000000.5",
                            "stderr": "0"}).engine_params()
    assert params["tail"] == "20"
    assert params["since"] == "1700000000.5"
    assert params["stderr"] == "0" and params["stdout"] == "1"


def test_resume_asks_from_the_last_timestamp_with_nanoseconds():
    parsed = options.parse({"resume_ts": TS, "resume_count": "2",
                            "tail": "5", "since": "1"})
    params = parsed.engine_params()
    # Since the last line, every line of it: the tail would lose lines.
    assert params["since"] == "%d.123456789" % (
        parsed.resume._last_ns // 1_000_000_000)
    assert params["tail"] == "all"


@pytest.mark.parametrize("query", [
    {"tail": "-1"}, {"tail": "ten"}, {"tail": "100001"},
    {"since": "yesterday"}, {"since": "1;rm"},
    {"stdout": "0", "stderr": "0"}, {"stdout": "maybe"},
    {"resume_ts": "not-a-time"}, {"resume_ts": TS, "resume_count": "-1"},
])
def test_bad_values_are_refused(query):
    with pytest.raises(options.BadOption):
        options.parse(query)
