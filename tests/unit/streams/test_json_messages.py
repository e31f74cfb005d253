"""dockerd's JSON-lines answers, cut anywhere by the chunks they come in."""
from docker_dashboard.proxy.streams import json_messages


def test_a_line_cut_across_chunks_is_one_message():
    split = json_messages.JsonMessages()
    assert split.feed(b'{"status": "Pull') == []
    assert split.feed(b'ing"}\n{"id": "a"') == [{"status": "Pulling"}]
    assert split.feed(b', "progressDetail": {}}\n') == [
        {"id": "a", "progressDetail": {}}]


def test_what_is_not_a_json_object_is_skipped():
    split = json_messages.JsonMessages()
    assert split.feed(b'garbage\n[1, 2]\n"text"\n{"stream": "x"}\n') == [
        {"stream": "x"}]


def test_a_whole_answer_read_at_once():
    assert json_messages.in_text('{"a": 1}\r\nnot json\n{"b": 2}') == [
        {"a": 1}, {"b": 2}]
    assert json_messages.in_text(None) == []
