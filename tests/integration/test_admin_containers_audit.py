"""The proxy's audit of admins acting on other projects' containers (issue
14), against the real proxy, Keystone and dockerd: what an admin does to
demo's container is one line of the proxy's log with the admin's user id,
the action, the container and its project; nothing else is."""
import re

import pytest
import requests

from tests import stack
from tests.integration import ws_support
from tests.proxy_audit_log import audit_lines
from tests.proxy_audit_log import AUDIT
from tests.proxy_audit_log import container_of
from tests.proxy_audit_log import expected
from tests.proxy_audit_log import ids
from tests.proxy_audit_log import proxy_logs


@pytest.mark.parametrize("host", ["host1", "host2"])
def test_an_admins_stop_logs_and_delete_of_demos_container_are_audited(host):
    admin = stack.docker_client("admin")
    with container_of("demo", ("sh", "-c", "echo hello; sleep 600"),
                      host=host) as cid:
        assert admin.inspect_container(cid)["Config"]["Labels"][
            "org.openstack.docker-host"] == host
        with proxy_logs() as written:
            admin.stop(cid, timeout=0)
            admin.logs(cid)
            admin.remove_container(cid, force=True)
        # Written by the proxy next to the container (the routing endpoint
        # forwards host2's requests there).
        lines = audit_lines(written(host), cid)
    assert [line.split(AUDIT + ": ", 1)[1] for line in lines] == [
        expected("stop", cid, "DEMO_PROJECT_ID"),
        expected("logs", cid, "DEMO_PROJECT_ID"),
        expected("delete", cid, "DEMO_PROJECT_ID")]
    # The token the admin acted with is nowhere in what was logged.
    assert stack.token("admin") not in written()


def test_looking_and_acting_on_ones_own_project_leave_no_audit_line():
    admin = stack.docker_client("admin")
    demo = stack.docker_client("demo")
    with container_of("demo") as demos, container_of("admin") as admins:
        with proxy_logs() as written:
            # An admin's look at demo's container (the admin pages' rows).
            admin.inspect_container(demos)
            # Demo stopping its own, an admin stopping the admin project's.
            demo.stop(demos, timeout=0)
            admin.stop(admins, timeout=0)
        text = written()
    assert audit_lines(text, demos) == []
    assert audit_lines(text, admins) == []


def test_a_members_refused_reach_is_no_audit_line_and_still_a_404():
    alt = stack.docker_client("alt_demo")
    with container_of("demo") as cid:
        with proxy_logs() as written:
            answer = requests.post(
                "%s/v1.41/containers/%s/stop" % (stack.PROXY_URL, cid),
                headers={"X-Auth-Token": stack.token("alt_demo")},
                timeout=60)
        assert answer.status_code == 404
        assert audit_lines(written(), cid) == []
        assert alt.containers(all=True, filters={"id": cid}) == []


def test_an_admins_console_on_demos_container_is_audited():
    """The ticket Horizon mints for an admin names the container's project
    and the admin's own (ticket_views.mint_for); the proxy that accepts it
    writes the line."""
    known = ids()
    with container_of("demo") as cid:
        ticket = ws_support.ticket(
            cid, "console", project="demo", user_id=known["ADMIN_USER_ID"],
            acting_project_id=known["ADMIN_PROJECT_ID"])
        with proxy_logs() as written:
            status = ws_support.status_of(ws_support.ws_url(
                cid, "console", ticket=ticket))
        assert status == 101
        lines = audit_lines(written(), cid)
    assert [line.split(AUDIT + ": ", 1)[1] for line in lines] == [
        expected("console", cid, "DEMO_PROJECT_ID")]
    assert not re.search(r"ticket=|v1\.[A-Za-z0-9_-]{20,}", "\n".join(lines))


def test_a_members_own_console_ticket_leaves_no_audit_line():
    known = ids()
    with container_of("demo") as cid:
        ticket = ws_support.ticket(cid, "console", project="demo",
                                   user_id=known["DEMO_USER_ID"])
        with proxy_logs() as written:
            status = ws_support.status_of(ws_support.ws_url(
                cid, "console", ticket=ticket))
        assert status == 101
        assert audit_lines(written(), cid) == []
