"""The dashboard's api functions against a real routing proxy with two real
Docker hosts (this folder's conftest): the zones everyone reads and the
hosts an admin reads from `GET /dd/hosts`, each container's host from its
label, and a host that stops answering named beside the containers the
others still list (what the Containers page warns about)."""
import pytest

from tests import private_dockerd
from tests.horizon_request import HorizonRequest
from tests.integration.router.conftest import IMAGE
from tests.integration.router.conftest import create_on
from tests.integration.router.conftest import two_hosts


@pytest.fixture(scope="module")
def second_dockerd():
    # A daemon of this module's own (name and range unused by the others),
    # so it runs beside the routing tests' one.
    with private_dockerd.running("dashapi", "172.31.246.1/24") as daemon:
        daemon.copy_image(IMAGE)
        yield daemon


def test_the_page_reads_zones_hosts_and_a_silent_host(second_dockerd, made,
                                                       tmp_path, settings):
    from docker_dashboard.api import docker_proxy
    with two_hosts(tmp_path, second_dockerd.socket) as (a, b):
        settings.DOCKER_DASHBOARD = {"proxy_url": a.url}
        demo, admin = HorizonRequest("demo"), HorizonRequest("admin")

        member_view = docker_proxy.docker_hosts(demo)
        assert member_view.availability_zones
        assert member_view.hosts == []          # hosts are for admins
        admin_view = docker_proxy.docker_hosts(admin)
        assert {h.name: h.up for h in admin_view.hosts} == {
            "t-a": True, "t-b": True}

        here = create_on(a, "demo", made)
        there = create_on(b, "demo", made)
        rows = docker_proxy.container_list(demo)
        hosts = {row.id: row.host for row in rows}
        assert hosts[here] == "t-a" and hosts[there] == "t-b"
        assert rows.unavailable_hosts == []

        b.process.terminate()
        b.process.wait(timeout=30)
        rows = docker_proxy.container_list(demo)
        assert rows.unavailable_hosts == ["t-b"]
        listed = {row.id for row in rows}
        assert here in listed and there not in listed
        assert {h.name: h.up for h in
                docker_proxy.docker_hosts(admin).hosts} == {
            "t-a": True, "t-b": False}
