"""The isolation matrix through the routing proxy, for a container on the
other host: alt_demo cannot list, inspect, stop, delete, exec into, attach
to or open a log WebSocket on demo's container; each answer is the one a
missing container gets (404, and the plain 403 of a refused WebSocket),
and the container is untouched."""
import pytest

from tests.integration import ws_support
from tests.integration.router.conftest import create_on


@pytest.fixture(scope="module")
def demos(hosts, made):
    """demo's running container on t-b, and an exec of demo's in it."""
    a, b = hosts
    cid = create_on(b, "demo", made)
    exec_id = b.client("demo").exec_create(cid, ["true"])["Id"]
    return cid, exec_id


CALLS = [
    ("GET", "/containers/%s/json"),
    ("GET", "/containers/%s/logs?stdout=1"),
    ("GET", "/containers/%s/top"),
    ("POST", "/containers/%s/stop?t=0"),
    ("POST", "/containers/%s/kill"),
    ("POST", "/containers/%s/pause"),
    ("POST", "/containers/%s/rename?name=stolen"),
    ("DELETE", "/containers/%s?force=1"),
]


@pytest.mark.parametrize("method,path", CALLS)
def test_another_project_gets_what_a_missing_container_gets(
        hosts, demos, method, path):
    a, b = hosts
    cid, _ = demos
    answer = a.call("alt_demo", method, path % cid)
    assert answer.status_code == 404, answer.text
    assert answer.json()["message"] == "No such container: %s" % cid
    assert b.client("demo").inspect_container(cid)["State"]["Running"]


def test_another_project_cannot_exec_into_it_or_use_its_exec(hosts, demos):
    a, _ = hosts
    cid, exec_id = demos
    made = a.call("alt_demo", "POST", "/containers/%s/exec" % cid,
                  json={"Cmd": ["id"]})
    assert made.status_code == 404
    for method, path in (("GET", "/exec/%s/json"),
                         ("POST", "/exec/%s/start")):
        answer = a.call("alt_demo", method, path % exec_id,
                        json={"Detach": False})
        assert answer.status_code == 404, answer.text
    # The same request of demo's own reaches it.
    assert a.call("demo", "GET", "/exec/%s/json" % exec_id).status_code == 200


def test_another_project_cannot_attach_to_it(hosts, demos):
    a, _ = hosts
    cid, _ = demos
    answer = a.call("alt_demo", "POST",
                    "/containers/%s/attach?stream=1&stdout=1" % cid,
                    headers={"Connection": "Upgrade", "Upgrade": "tcp"})
    assert answer.status_code == 404, answer.text


def test_another_projects_list_does_not_have_it(hosts, demos):
    a, _ = hosts
    cid, _ = demos
    rows = a.client("alt_demo").containers(all=True)
    assert cid not in {row["Id"] for row in rows}
    assert cid in {row["Id"] for row in a.client("demo").containers(all=True)}


def test_another_projects_ticket_opens_no_log_socket_on_it(hosts, demos):
    a, _ = hosts
    cid, _ = demos
    theirs = ws_support.ticket(cid, "logs", project="alt_demo")
    url = ws_support.ws_url(cid, "logs", base=a.ws_base, ticket=theirs)
    assert ws_support.status_of(url) == 403
    forged = ws_support.ws_url(cid, "logs", base=a.ws_base,
                               ticket="forged." + theirs)
    assert ws_support.status_of(forged) == 403
    # A wrong Origin is refused too (by the routing proxy, before routing).
    mine = ws_support.ws_url(cid, "logs", base=a.ws_base,
                             ticket=ws_support.ticket(cid, "logs"))
    assert ws_support.status_of(mine, origin="http://evil.example") == 403
    assert ws_support.status_of(mine) == 101


def test_an_unknown_container_is_missing_on_every_host(hosts):
    a, _ = hosts
    answer = a.call("demo", "GET", "/containers/rt-nowhere/json")
    assert answer.status_code == 404
    assert answer.json()["message"] == "No such container: rt-nowhere"
