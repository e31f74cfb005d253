"""A small call's answer leaves the proxy whole: dockerd's own bytes, sent
with their length in one write (transport.py, lookups.py), even when
dockerd itself streamed them in chunks, which costs the caller more to read.
"""
import json

from docker_dashboard.proxy.rules.hosts import LOCAL_HEADER
from tests import stack
from tests.integration.proxy.conftest import call


def test_an_inspect_answer_is_dockerds_own_bytes(maker, daemon):
    # A container that is never started: nothing in its inspect changes
    # between dockerd's answer and the proxy's.
    mine = maker("demo", start=False)
    path = "/containers/%s/json" % mine["Id"]
    own = daemon._get(daemon._url(path))
    assert own.status_code == 200

    through = call("demo", "GET", path)

    assert through.status_code == 200
    assert through.content == own.content
    assert through.headers["Content-Type"] == "application/json"
    assert int(through.headers["Content-Length"]) == len(through.content)


def test_a_list_dockerd_chunks_is_sent_whole_with_its_length(maker, daemon):
    made = {maker("demo", start=False)["Id"] for _ in range(3)}
    project = stack.project_ids()["demo"]
    scope = {"label": ["org.openstack.project-id=%s" % project]}
    own = daemon._get(daemon._url("/containers/json"),
                      params={"all": 1, "filters": json.dumps(scope)})
    # dockerd sizes only what fits its first write buffer: this list, of
    # three containers at least, comes chunked from the socket.
    assert own.headers.get("Transfer-Encoding") == "chunked"

    # This host's own answer (the routing endpoint merges every host's
    # lists into an answer of its own).
    through = call("demo", "GET", "/containers/json", params={"all": 1},
                   headers={LOCAL_HEADER: "1"})

    assert through.status_code == 200
    assert "Transfer-Encoding" not in through.headers
    assert int(through.headers["Content-Length"]) == len(through.content)
    # Other tests may add or remove demo's containers meanwhile: the ones
    # made here are in both lists.
    assert made <= {row["Id"] for row in own.json()}
    assert made <= {row["Id"] for row in through.json()}
