"""What Admin -> Docker -> Containers asks the real routing proxy and shows
(issue 14): every project's containers on both hosts in one list call,
narrowed by project and host labels for an admin only; the page itself
answers admins only."""
import contextlib
import json
import re
import uuid

import requests

from tests import stack

PROJECT_LABEL = "org.openstack.project-id"
HOST_LABEL = "org.openstack.docker-host"
ZONE_LABEL = "org.openstack.availability-zone"
PAGE = "/admin/docker_containers/"


def listed(user, labels=(), all_projects=True):
    """Names of the containers the routing endpoint lists for `user`."""
    params = {"all": 1}
    if all_projects:
        params["all_projects"] = 1
    if labels:
        params["filters"] = json.dumps({"label": list(labels)})
    answer = requests.get(stack.PROXY_URL + "/v1.41/containers/json",
                          params=params,
                          headers={"X-Auth-Token": stack.token(user)},
                          timeout=60)
    answer.raise_for_status()
    return {row["Names"][0].lstrip("/"): row["Labels"]
            for row in answer.json()}


@contextlib.contextmanager
def containers():
    """demo's container on host1 (zone nova) and alt_demo's on host2 (zone
    az2), made through the proxy as their users; removed afterwards."""
    prefix = "adm-%s" % uuid.uuid4().hex[:8]
    made = []
    try:
        for user, zone in (("demo", "nova"), ("alt_demo", "az2")):
            client = stack.docker_client(user)
            name = "%s-%s" % (prefix, user)
            created = client.create_container(
                "busybox:latest", ["sleep", "600"], name=name,
                labels={ZONE_LABEL: zone},
                host_config=client.create_host_config(
                    mem_limit="96m", nano_cpus=25 * 10 ** 7))
            made.append((client, created["Id"]))
        yield {user: "%s-%s" % (prefix, user)
               for user in ("demo", "alt_demo")}
    finally:
        for client, cid in made:
            client.remove_container(cid, force=True)


def test_an_admin_lists_every_projects_containers_on_both_hosts():
    projects = stack.project_ids()
    with containers() as names:
        seen = listed("admin")
        assert seen[names["demo"]][PROJECT_LABEL] == projects["demo"]
        assert seen[names["demo"]][HOST_LABEL] == "host1"
        assert seen[names["alt_demo"]][PROJECT_LABEL] == projects["alt_demo"]
        assert seen[names["alt_demo"]][HOST_LABEL] == "host2"


def test_an_admins_project_and_host_filters_narrow_the_list():
    projects = stack.project_ids()
    with containers() as names:
        alt_only = listed("admin", ["%s=%s" % (PROJECT_LABEL,
                                               projects["alt_demo"])])
        assert names["alt_demo"] in alt_only
        assert names["demo"] not in alt_only
        assert {labels[PROJECT_LABEL] for labels in alt_only.values()} == {
            projects["alt_demo"]}
        on_host1 = listed("admin", ["%s=host1" % HOST_LABEL])
        assert names["demo"] in on_host1
        assert names["alt_demo"] not in on_host1


def test_a_members_all_projects_and_project_filter_stay_in_its_project():
    projects = stack.project_ids()
    with containers() as names:
        asked_for_alt = listed("demo", ["%s=%s" % (PROJECT_LABEL,
                                                   projects["alt_demo"])])
        assert names["alt_demo"] not in asked_for_alt
        everything = listed("demo")
        assert names["demo"] in everything
        assert names["alt_demo"] not in everything


def test_the_page_shows_names_hosts_and_limits_to_an_admin_only():
    with containers() as names:
        session = stack.horizon_session("admin")
        page = session.get(stack.HORIZON_URL + PAGE, timeout=120)
        assert page.status_code == 200
        for user, host in (("demo", "host1"), ("alt_demo", "host2")):
            row = re.search(r'<tr[^>]*data-display="%s".*?</tr>'
                            % names[user], page.text, re.S)
            assert row, "%s is not on the first page" % names[user]
            cells = [re.sub(r"<[^>]+>|\s+", " ", cell).strip()
                     for cell in re.findall(r"<td[^>]*>(.*?)</td>",
                                            row.group(0), re.S)]
            # name, project (its name, not its id), host, state, image,
            # limits as the project panel's Overview shows them
            assert cells[1:7] == [names[user], user, host, "Created",
                                  "busybox:latest", "0.25 CPUs, 96 MiB"]
        member = stack.horizon_session("demo").get(
            stack.HORIZON_URL + PAGE, timeout=120)
        assert member.status_code in (403, 404)
        assert names["alt_demo"] not in member.text
