"""The audit decision: an admin acting on another project's container is
one line with ids only; everything else is no line."""
import pytest

from docker_dashboard.proxy.rules import audit

CID = "a" * 64


def test_admin_stopping_another_projects_container_is_one_line():
    text = audit.line("admin-user", "admin-project", True,
                      "docker:container:stop", CID, "demo-project")
    assert text == ("admin user=admin-user project=admin-project "
                    "action=stop container=%s container_project=demo-project"
                    % CID)


@pytest.mark.parametrize("action", [
    "docker:container:delete", "docker:container:logs",
    "docker:container:console", "docker:container:exec",
    "docker:container:kill", "docker:container:commit",
    "docker:container:export", "docker:container:update"])
def test_writes_and_content_reads_are_audited(action):
    text = audit.line("u", "admin-project", True, action, CID, "demo")
    assert "action=%s " % action.rsplit(":", 1)[-1] in text


@pytest.mark.parametrize("user, own, is_admin, action, owner", [
    # a member (the proxy never lets one reach another project anyway)
    ("u", "p1", False, "docker:container:stop", "p2"),
    # the admin's own project's container
    ("u", "p1", True, "docker:container:stop", "p1"),
    # an unlabelled container
    ("u", "p1", True, "docker:container:stop", None),
    # metadata reads every admin page makes
    ("u", "p1", True, "docker:container:inspect", "p2"),
    ("u", "p1", True, "docker:container:stats", "p2"),
    ("u", "p1", True, "docker:container:top", "p2"),
    ("u", "p1", True, "docker:container:changes", "p2"),
    # a route without a policy action
    ("u", "p1", True, None, "p2"),
])
def test_nothing_to_record(user, own, is_admin, action, owner):
    assert audit.line(user, own, is_admin, action, CID, owner) is None


def test_a_forged_value_cannot_start_a_second_line():
    text = audit.line("u", "p1", True, "docker:container:stop", CID,
                      "p2\nadmin user=x action=nothing")
    assert "\n" not in text
    assert text.count("admin user=") == 1
