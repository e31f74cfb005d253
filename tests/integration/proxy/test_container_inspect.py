"""A container's inspect through the proxy is dockerd's own answer: the
proxy answers from the inspect its ownership check already made (one round
trip), and asks dockerd again only for `size=1`, which costs dockerd a walk
of the container's files."""
from tests.integration.proxy.conftest import call


def test_inspect_is_dockerds_answer(shared, daemon):
    mine = shared["demo"]
    resp = call("demo", "GET", "/containers/%s/json" % mine["Name"])
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json"
    assert resp.json() == daemon.inspect_container(mine["Id"])


def test_inspect_with_sizes_reports_them(shared):
    mine = shared["demo"]
    plain = call("demo", "GET", "/containers/%s/json" % mine["Id"]).json()
    sized = call("demo", "GET", "/containers/%s/json" % mine["Id"],
                 params={"size": "1"}).json()
    assert "SizeRootFs" not in plain
    assert sized["SizeRootFs"] > 0
    assert sized["Id"] == plain["Id"]


def test_inspect_of_a_foreign_container_answers_like_a_missing_one(shared):
    theirs = shared["alt_demo"]
    for params in (None, {"size": "1"}):
        resp = call("demo", "GET", "/containers/%s/json" % theirs["Id"],
                    params=params)
        assert resp.status_code == 404
        assert resp.json() == {"message": "No such container: %s"
                               % theirs["Id"]}
