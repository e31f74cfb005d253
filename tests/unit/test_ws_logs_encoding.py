"""The JSON array the browser reads is json's own for every line.

`ws_logs.encode_lines` writes each line's object by hand (a busy log sends
hundreds of thousands a second); what it writes must stay exactly what
json.dumps makes of the lines' dicts, which the page's script parses.
"""
import json
import random

from docker_dashboard.proxy.streams.lines import LogLine
from docker_dashboard.proxy.ws_logs import encode_lines

TEXTS = ["", "GET /index.html 200", 'quote " and \\ back', "tab\tnew\nline",
         "\x00\x1b[31mred\x1b[0m", "caf\u00e9 \u20ac \U0001f4a9", "\ufffd",
         "\u2028 \u2029 </script>"]


def as_json(lines):
    return json.dumps([line.to_dict() for line in lines],
                      ensure_ascii=False, separators=(",", ":"))


def test_every_form_of_line_is_encoded_as_json_encodes_it():
    rng = random.Random(7)
    lines = [LogLine(rng.choice(["stdout", "stderr"]), rng.choice(TEXTS),
                     rng.choice([None, "2026-12-02T11:57:35.713753468Z",
                                 "2026-12-02T11:57:35+01:00"]),
                     rng.random() < 0.2)
             for _ in range(500)]
    assert encode_lines(lines) == as_json(lines)
    assert json.loads(encode_lines(lines)) == [line.to_dict()
                                               for line in lines]


def test_no_lines_is_an_empty_array():
    assert encode_lines([]) == "[]"
