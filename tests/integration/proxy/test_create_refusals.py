"""Every refused create option, through the real proxy: 403, the field in
the answer and in the message, and no container made."""
import pytest

from tests.integration.proxy.conftest import IMAGE
from tests.integration.proxy.conftest import LIMITS
from tests.integration.proxy.conftest import call
from tests.integration.proxy.conftest import unique
from tests.unit.proxy import test_create_body

# The unit table's caps are smaller than the proxy's defaults: limits over
# the cap are raised far above any configured one here.
OVER_CAP = {"Memory": 1024 ** 4, "NanoCpus": 64 * 10 ** 9,
            "CpuQuota": 64 * 10 ** 5}


def _over_cap(host):
    return {k: OVER_CAP[k] if k in OVER_CAP and v else v
            for k, v in host.items()}


# The same table the unit tests use for the refused host options.
unit_table = test_create_body.test_refused_host_options_name_their_field
REFUSED = [(_over_cap(host), field) for mark in unit_table.pytestmark
           if mark.name == "parametrize" for host, field in mark.args[1]]


def names_of(user):
    return {c["Names"][0].lstrip("/") for c in call(
        user, "GET", "/containers/json", params={"all": 1}).json()}


@pytest.mark.parametrize("host, field", REFUSED,
                         ids=[f for _, f in REFUSED])
def test_refused_option(host, field, made):
    name = unique("p3i-refused")
    config = dict(LIMITS, **host)
    resp = call("demo", "POST", "/containers/create", params={"name": name},
                body={"Image": IMAGE, "Cmd": ["true"], "HostConfig": config})
    if resp.status_code == 201:
        made.append(resp.json()["Id"])
    assert resp.status_code == 403, resp.text
    assert resp.json()["field"] == field
    assert field in resp.json()["message"]
    assert call("demo", "GET", "/containers/%s/json" % name
                ).status_code == 404


def test_a_case_folded_duplicate_privileged_is_refused():
    raw = (b'{"Image": "busybox:latest", "HostConfig": {"Memory": 67108864,'
           b' "NanoCpus": 250000000, "Privileged": false,'
           b' "privileged": true}}')
    resp = call("demo", "POST", "/containers/create", raw=raw,
                headers={"Content-Type": "application/json"})
    assert resp.status_code == 403
    assert resp.json()["field"] == "HostConfig.Privileged"


@pytest.mark.parametrize("raw", [b"", b"{", b"[]"])
def test_absent_or_malformed_bodies_are_refused(raw):
    resp = call("demo", "POST", "/containers/create", raw=raw,
                headers={"Content-Type": "application/json"})
    assert resp.status_code == 400


@pytest.mark.parametrize("field, host", [
    ("HostConfig.NetworkMode", {"NetworkMode": "container:{alt}"}),
    ("HostConfig.IpcMode", {"IpcMode": "container:{alt}"}),
    ("HostConfig.PidMode", {"PidMode": "container:{alt}"}),
    ("HostConfig.VolumesFrom", {"VolumesFrom": ["{alt}"]}),
    ("HostConfig.NetworkMode", {"NetworkMode": "container:{unlabelled}"}),
    ("HostConfig.VolumesFrom", {"VolumesFrom": ["{unlabelled}:ro"]}),
])
def test_sharing_with_another_projects_container_is_refused(shared, field,
                                                             host):
    names = {"alt": shared["alt_demo"]["Name"],
             "unlabelled": shared["unlabelled"]["Name"]}
    host = {k: ([x.format(**names) for x in v] if isinstance(v, list)
                else v.format(**names)) for k, v in host.items()}
    resp = call("demo", "POST", "/containers/create",
                body={"Image": IMAGE, "Cmd": ["true"],
                      "HostConfig": dict(LIMITS, **host)})
    assert resp.status_code == 403
    assert resp.json()["field"] == field


def test_sharing_with_an_own_container_works(shared, made):
    resp = call("demo", "POST", "/containers/create",
                params={"name": unique("p3i-sidecar")},
                body={"Image": IMAGE, "Cmd": ["true"], "HostConfig": dict(
                    LIMITS, NetworkMode="container:" + shared["demo"]["Name"],
                    VolumesFrom=[shared["demo"]["Name"]])})
    assert resp.status_code == 201, resp.text
    made.append(resp.json()["Id"])


def test_created_container_has_the_callers_labels_whatever_was_sent(made):
    resp = call("demo", "POST", "/containers/create",
                params={"name": unique("p3i-labels")},
                body={"Image": IMAGE, "Cmd": ["true"], "HostConfig": LIMITS,
                      "Labels": {"org.openstack.project-id": "someone-else",
                                 "team": "blue"}})
    assert resp.status_code == 201
    made.append(resp.json()["Id"])
    from tests import stack
    labels = call("demo", "GET", "/containers/%s/json" % resp.json()["Id"]
                  ).json()["Config"]["Labels"]
    assert labels["org.openstack.project-id"] == stack.project_ids()["demo"]
    assert labels["team"] == "blue"


def test_reader_cannot_create():
    resp = call("reader", "POST", "/containers/create",
                body={"Image": IMAGE, "Cmd": ["true"], "HostConfig": LIMITS})
    assert resp.status_code == 403
