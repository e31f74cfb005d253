"""The isolation matrix for container routes, against the real dockerd and
Keystone: every route × (demo's container, alt_demo's, an unlabelled one) ×
(member of demo, reader of demo, admin of another project).

A member reaches its project's containers and gets "No such container" for
the others, word for word what a missing one gives; a reader only reads; an
admin reaches every project's containers but never the host's unlabelled
ones."""
import pytest

from tests.integration.proxy.conftest import call
from tests.integration.proxy.conftest import tar_of
from tests.integration.proxy.conftest import unique

# name, method, path, params, body (or raw bytes), reader may,
# changes the container (then a fresh one is made per case),
# wants a running container.
ROUTES = [
    ("inspect", "GET", "/containers/{ref}/json", None, None, True, False),
    ("logs", "GET", "/containers/{ref}/logs", {"stdout": 1, "tail": 5},
     None, True, False),
    ("stats", "GET", "/containers/{ref}/stats", {"stream": 0}, None, True,
     False),
    ("top", "GET", "/containers/{ref}/top", None, None, True, False),
    ("changes", "GET", "/containers/{ref}/changes", None, None, True, False),
    ("wait", "POST", "/containers/{ref}/wait", {"condition": "not-running"},
     None, True, "created"),
    ("export", "GET", "/containers/{ref}/export", None, None, False, False),
    ("archive-get", "GET", "/containers/{ref}/archive",
     {"path": "/etc/hostname"}, None, False, False),
    ("archive-head", "HEAD", "/containers/{ref}/archive",
     {"path": "/etc/hostname"}, None, False, False),
    ("archive-put", "PUT", "/containers/{ref}/archive", {"path": "/tmp"},
     tar_of("p3i.txt", b"hello"), False, False),
    ("exec-create", "POST", "/containers/{ref}/exec", None,
     {"Cmd": ["true"]}, False, False),
    ("attach", "POST", "/containers/{ref}/attach",
     {"stream": 0, "logs": 1, "stdout": 1}, None, False, False),
    ("resize", "POST", "/containers/{ref}/resize", {"h": 20, "w": 80},
     None, False, False),
    ("start", "POST", "/containers/{ref}/start", None, None, False,
     "created"),
    ("stop", "POST", "/containers/{ref}/stop", {"t": 0}, None, False, True),
    ("restart", "POST", "/containers/{ref}/restart", {"t": 0}, None, False,
     True),
    ("kill", "POST", "/containers/{ref}/kill", None, None, False, True),
    ("pause", "POST", "/containers/{ref}/pause", None, None, False, True),
    ("unpause", "POST", "/containers/{ref}/unpause", None, None, False,
     True),
    ("rename", "POST", "/containers/{ref}/rename", "NEWNAME", None, False,
     True),
    ("update", "POST", "/containers/{ref}/update", None,
     {"CpuShares": 512}, False, True),
    ("delete", "DELETE", "/containers/{ref}", {"force": 1}, None, False,
     True),
    ("commit", "POST", "/commit", "CONTAINER", None, False, False),
]
# Routes dockerd may legitimately answer with an error once forwarded
# (resizing a container without a TTY, unpausing one that is not paused).
FORWARDED_MAY_FAIL = {"resize", "unpause"}

USERS = ["demo", "reader", "admin"]
OWNERS = ["demo", "alt_demo", "unlabelled"]


def expected(user, owner, reader_may):
    """'ok', 404 or 403 for one cell of the matrix."""
    if user == "reader" and not reader_may:
        return 403
    if owner == "unlabelled":
        return 404
    if user == "admin" or owner == "demo":
        return "ok"
    return 404


def request_for(route, ref):
    name, method, path, params, body, _, _ = route
    if params == "NEWNAME":
        params = {"name": unique("p3i-renamed")}
    elif params == "CONTAINER":
        params = {"container": ref}
    raw = body if isinstance(body, bytes) else None
    json_body = None if raw is not None else body
    return method, path.format(ref=ref), params, json_body, raw


def cell_ids():
    return ["%s-%s-%s" % (r[0], u, o) for r in ROUTES for u in USERS
            for o in OWNERS]


@pytest.mark.parametrize("route, user, owner", [
    (r, u, o) for r in ROUTES for u in USERS for o in OWNERS],
    ids=cell_ids())
def test_container_route_matrix(route, user, owner, shared, maker, daemon):
    name, _, _, _, _, reader_may, changes = route
    want = expected(user, owner, reader_may)
    if want == "ok" and changes:
        target = maker(owner, start=(changes is True))
    else:
        target = shared[owner]
    ref = target["Name"]
    method, path, params, body, raw = request_for(route, ref)
    resp = call(user, method, path, params=params, body=body, raw=raw)
    if want == 404:
        assert resp.status_code == 404
        if method != "HEAD":
            assert resp.json()["message"] == "No such container: %s" % ref
    elif want == 403:
        assert resp.status_code == 403
        if method != "HEAD":
            assert "policy" in resp.json()["message"]
    elif name in FORWARDED_MAY_FAIL:
        assert resp.status_code not in (403, 404), resp.text
    else:
        assert resp.status_code < 400, resp.text
    if name == "commit" and resp.status_code == 201:
        daemon.remove_image(resp.json()["Id"], force=True)


@pytest.mark.parametrize("style", ["name", "id", "prefix"])
@pytest.mark.parametrize("owner", ["alt_demo", "unlabelled"])
def test_every_way_of_naming_a_foreign_container_answers_the_same(
        shared, owner, style):
    target = shared[owner]
    ref = {"name": target["Name"], "id": target["Id"],
           "prefix": target["Id"][:12]}[style]
    resp = call("demo", "GET", "/containers/%s/json" % ref)
    assert resp.status_code == 404
    assert resp.json() == {"message": "No such container: %s" % ref}


def test_a_missing_container_answers_like_a_foreign_one():
    resp = call("demo", "GET", "/containers/p3i-never-made/json")
    assert resp.json() == {"message": "No such container: p3i-never-made"}


def test_foreign_containers_survive_the_matrix(shared, daemon):
    for owner in ("alt_demo", "unlabelled"):
        state = daemon.inspect_container(shared[owner]["Id"])["State"]
        assert state["Running"] and not state["Paused"]


def test_exec_instances_are_reached_through_their_container(shared):
    exec_id = call("demo", "POST", "/containers/%s/exec"
                   % shared["demo"]["Id"], body={"Cmd": ["true"]}
                   ).json()["Id"]
    assert call("alt_demo", "GET", "/exec/%s/json" % exec_id
                ).json() == {"message": "No such exec instance: %s"
                             % exec_id}
    for method, path, params in (
            ("POST", "/exec/%s/start", None),
            ("POST", "/exec/%s/resize", {"h": 1, "w": 1})):
        resp = call("alt_demo", method, path % exec_id, params=params,
                    body={"Detach": True} if "start" in path else None)
        assert resp.status_code == 404
    assert call("reader", "GET", "/exec/%s/json" % exec_id
                ).status_code == 403
    assert call("admin", "GET", "/exec/%s/json" % exec_id
                ).status_code == 200
    resp = call("demo", "POST", "/exec/%s/start" % exec_id,
                body={"Detach": False, "Tty": False})
    assert resp.status_code == 200
    # dockerd records the exit code just after the output ends.
    for _ in range(100):
        state = call("demo", "GET", "/exec/%s/json" % exec_id).json()
        if not state["Running"] and state["ExitCode"] is not None:
            break
    assert state["ExitCode"] == 0


def test_privileged_exec_is_refused(shared):
    resp = call("demo", "POST", "/containers/%s/exec" % shared["demo"]["Id"],
                body={"Cmd": ["id"], "Privileged": True})
    assert resp.status_code == 403
    assert resp.json()["field"] == "Privileged"


def test_list_shows_only_the_callers_project(shared):
    for user, own, foreign in (("demo", "demo", "alt_demo"),
                               ("alt_demo", "alt_demo", "demo")):
        names = {c["Names"][0].lstrip("/") for c in call(
            user, "GET", "/containers/json", params={"all": 1}).json()}
        assert shared[own]["Name"] in names
        assert shared[foreign]["Name"] not in names
        assert shared["unlabelled"]["Name"] not in names


def test_all_projects_is_honoured_for_admins_only(shared):
    names = {c["Names"][0].lstrip("/") for c in call(
        "admin", "GET", "/containers/json",
        params={"all": 1, "all_projects": 1}).json()}
    assert {shared["demo"]["Name"], shared["alt_demo"]["Name"]} <= names
    assert shared["unlabelled"]["Name"] not in names
    names = {c["Names"][0].lstrip("/") for c in call(
        "demo", "GET", "/containers/json",
        params={"all": 1, "all_projects": 1}).json()}
    assert shared["alt_demo"]["Name"] not in names


def test_prune_leaves_other_projects_alone(maker, daemon):
    stopped_alt = maker("alt_demo", start=False)
    stopped_unlabelled = maker("unlabelled", start=False)
    assert call("demo", "POST", "/containers/prune").status_code == 200
    for found in (stopped_alt, stopped_unlabelled):
        assert daemon.inspect_container(found["Id"])["Id"] == found["Id"]


def test_events_carry_only_the_callers_project(maker):
    import time
    since = int(time.time()) - 1
    alt = maker("alt_demo", start=False)
    own = maker("demo", start=False)
    until = int(time.time()) + 1
    events = call("demo", "GET", "/events",
                  params={"since": since, "until": until}).text
    assert own["Id"] in events
    assert alt["Id"] not in events
