"""The proxy against the real Keystone and dockerd: each project sees its
own containers, and nothing without a valid token."""

import docker
import pytest
import requests

from tests import stack

PROJECT_LABEL = "org.openstack.project-id"


def names(client, **kwargs):
    return {c["Names"][0].lstrip("/") for c in client.containers(all=True,
                                                                 **kwargs)}


def test_demo_sees_its_two_containers_and_not_alt_demos():
    seen = names(stack.docker_client("demo"))
    assert {"demo-web", "demo-worker"} <= seen
    assert "alt-demo-web" not in seen


def test_alt_demo_sees_only_its_own():
    seen = names(stack.docker_client("alt_demo"))
    assert "alt-demo-web" in seen
    assert not seen & {"demo-web", "demo-worker"}


def test_every_listed_container_carries_the_callers_project_label():
    projects = stack.project_ids()
    rows = stack.docker_client("demo").containers(all=True)
    assert rows
    assert {r["Labels"].get(PROJECT_LABEL) for r in rows} == {projects["demo"]}


def test_reader_of_demo_lists_demos_containers():
    seen = names(stack.docker_client("reader"))
    assert {"demo-web", "demo-worker"} <= seen
    assert "alt-demo-web" not in seen


def test_a_filter_naming_another_project_cannot_widen_the_list():
    alt = stack.project_ids()["alt_demo"]
    seen = names(stack.docker_client("demo"),
                 filters={"label": ["%s=%s" % (PROJECT_LABEL, alt)]})
    assert "alt-demo-web" not in seen


@pytest.mark.parametrize("headers", [
    {},
    {"X-Auth-Token": ""},
    {"X-Auth-Token": "not-a-token"},
    {"X-Auth-Token": "gAAAAABk" + "A" * 180},
])
def test_requests_without_a_valid_token_are_refused(headers):
    resp = requests.get(stack.PROXY_URL + "/v1.41/containers/json",
                        headers=headers, timeout=30)
    assert resp.status_code == 401
    assert "token" in resp.json()["message"].lower()


def test_unversioned_path_is_scoped_too():
    resp = requests.get(stack.PROXY_URL + "/containers/json?all=1",
                        headers={"X-Auth-Token": stack.token("alt_demo")},
                        timeout=30)
    assert resp.status_code == 200
    seen = {c["Names"][0].lstrip("/") for c in resp.json()}
    assert "alt-demo-web" in seen and "demo-web" not in seen


def test_routes_the_proxy_does_not_offer_are_refused():
    resp = requests.post(stack.PROXY_URL + "/v1.41/swarm/init", json={},
                         headers={"X-Auth-Token": stack.token("demo")},
                         timeout=30)
    assert resp.status_code in (403, 404, 405)
    assert resp.json()["message"]


@pytest.fixture
def proxy_without_dockerd(tmp_path):
    """A second, real proxy whose Docker socket does not exist: what users
    meet when dockerd is down."""
    with stack.own_proxy(
            DD_DOCKER_SOCKET=tmp_path / "no-docker.sock") as (_, url):
        yield url


def test_dockerd_down_is_a_clear_502(proxy_without_dockerd):
    client = stack.docker_client("demo", base_url=proxy_without_dockerd)
    with pytest.raises(docker.errors.APIError) as caught:
        client.containers(all=True)
    assert caught.value.status_code == 502
    assert "Docker daemon is not reachable" in str(caught.value.explanation)


class _User:
    def __init__(self, token_id):
        self.token = type("Token", (), {"id": token_id})()


class _Request:
    def __init__(self, token_id):
        self.user = _User(token_id)


def test_dashboard_api_reports_dockerd_down_in_words(proxy_without_dockerd,
                                                     settings):
    from docker_dashboard.api import docker_proxy
    from docker_dashboard.api import exceptions
    settings.DOCKER_DASHBOARD = {"proxy_url": proxy_without_dockerd}
    with pytest.raises(exceptions.ProxyUnavailable) as caught:
        docker_proxy.container_list(_Request(stack.token("demo")))
    assert "Docker daemon is not reachable" in caught.value.message


def test_dashboard_api_reports_proxy_down_in_words(settings):
    from docker_dashboard.api import docker_proxy
    from docker_dashboard.api import exceptions
    settings.DOCKER_DASHBOARD = {"proxy_url": "http://127.0.0.1:%d"
                                 % stack.free_port(), "timeout": 5}
    with pytest.raises(exceptions.ProxyUnavailable) as caught:
        docker_proxy.container_list(_Request(stack.token("demo")))
    assert "not reachable" in caught.value.message


def test_dashboard_api_lists_through_the_proxy(settings):
    from docker_dashboard.api import docker_proxy
    settings.DOCKER_DASHBOARD = {"proxy_url": stack.PROXY_URL}
    rows = docker_proxy.container_list(_Request(stack.token("demo")))
    assert {"demo-web", "demo-worker"} <= {c.name for c in rows}
    assert all(c.state for c in rows)


def test_the_proxy_is_in_the_catalog_as_service_type_docker():
    body = {"auth": {"identity": {"methods": ["token"], "token": {
        "id": stack.token("demo")}}, "scope": {"project": {
            "name": "demo", "domain": {"id": "default"}}}}}
    resp = requests.post(stack.KEYSTONE_URL + "/auth/tokens", json=body,
                         timeout=30)
    catalog = resp.json()["token"]["catalog"]
    docker_urls = {e["url"].rstrip("/") for s in catalog
                   if s["type"] == "docker" for e in s["endpoints"]}
    assert docker_urls == {"http://127.0.0.1:8790"}
