"""In Chromium: a container's file survives snapshot -> export to Glance ->
local image removed -> load from Glance -> new container; and a roll back
restores a deleted file."""
import re
import uuid

import docker
import pytest
import requests

from tests import stack

GLANCE = stack.os.environ.get("DD_GLANCE_URL", "http://127.0.0.1:9292")


@pytest.fixture
def demo_container():
    client = stack.docker_client("demo")
    name = "e2e-snap-%s" % uuid.uuid4().hex[:8]
    made = client.create_container(
        "busybox:latest", command="sleep 600", name=name, stop_signal="SIGKILL",
        host_config=client.create_host_config(mem_limit=64 * 1024 ** 2,
                                              nano_cpus=500000000))
    client.start(made)
    client.exec_start(client.exec_create(
        made, "sh -c 'echo %s > /marker'" % name))
    made_names = [name]
    yield client, name, made["Id"], made_names
    for ref in made_names:
        for remove in (client.remove_container, client.remove_image):
            try:
                remove(ref, force=True)
            except docker.errors.APIError:
                pass


def _cat_marker(client, ref):
    return client.exec_start(client.exec_create(ref, "cat /marker")).strip()


def test_a_file_goes_through_glance_and_comes_back(login, demo_container):
    client, name, container_id, made = demo_container
    page = login("demo")
    page.goto(stack.HORIZON_URL + "/project/docker_snapshots/container/%s/"
              "create/" % container_id)
    page.fill("#id_repository", name)
    page.fill("#id_tag", "snap")
    page.fill("#id_comment", "e2e")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/project/docker_snapshots/$"))
    made.append(name + ":snap")
    assert page.locator("#snapshots tr", has_text=name + ":snap").count() == 1
    image_id = client.inspect_image(name + ":snap")["Id"]
    page.goto(stack.HORIZON_URL + "/project/docker_snapshots/%s/export/"
              % image_id)
    page.locator("input[type=submit][value=Export]").click()
    page.wait_for_url(re.compile(r".*/project/docker_snapshots/$"))
    page.wait_for_function(
        "() => [...document.querySelectorAll('.dd-task')].pop()"
        ".getAttribute('data-status') === 'succeeded'", timeout=120000)

    # Glance reads a ':' in a name filter as an operator: filter here.
    glance = [i for i in requests.get(
        GLANCE + "/v2/images?container_format=docker&limit=1000",
        headers={"X-Auth-Token": stack.token("demo")},
        timeout=30).json()["images"] if i["name"] == name + ":snap"]
    assert [i["status"] for i in glance] == ["active"]
    glance_id = glance[0]["id"]
    try:
        client.remove_image(name + ":snap")
        page.reload()
        grow = page.locator("#glance_images tr", has_text=name + ":snap")
        before = page.locator(".dd-task").count()
        grow.locator("button", has_text="Load into Docker").click()
        # The reloaded page has one more transfer: the load, polled to its end.
        page.wait_for_function(
            "n => { const t = document.querySelectorAll('.dd-task');"
            " return t.length > n && t[t.length - 1]"
            ".getAttribute('data-status') === 'succeeded'; }", arg=before,
            timeout=120000)
        new = client.create_container(
            name + ":snap", command="sleep 600", name=name + "-from-glance",
            host_config=client.create_host_config(mem_limit=64 * 1024 ** 2,
                                                  nano_cpus=500000000))
        made.insert(0, name + "-from-glance")
        client.start(new)
        assert _cat_marker(client, new).decode() == name
    finally:
        requests.delete(GLANCE + "/v2/images/" + glance_id,
                        headers={"X-Auth-Token": stack.token("demo")},
                        timeout=30)


def test_roll_back_restores_a_deleted_file(login, demo_container):
    client, name, container_id, made = demo_container
    snap = client.commit(container_id, repository=name, tag="before")["Id"]
    made.append(name + ":before")
    client.exec_start(client.exec_create(container_id, "rm /marker"))
    page = login("demo")
    page.goto(stack.HORIZON_URL + "/project/docker_snapshots/%s/rollback/"
              % snap)
    page.locator("input[type=submit][value='Roll Back']").click()
    page.wait_for_url(re.compile(r".*/project/docker_snapshots/$"))
    assert page.locator(".alert-success").count() >= 1
    assert _cat_marker(client, name).decode() == name
