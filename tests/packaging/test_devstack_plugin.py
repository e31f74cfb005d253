"""devstack/plugin.sh, run phase by phase (stack install, post-config, extra,
test-config, then unstack and clean) as stack.sh would, with DevStack's helper
functions stood in for by tests/packaging/devstack_shim.sh: against the
running Keystone, into a scratch Horizon, starting the plugin's proxy for real.

The endpoint goes into a region of the test's own, so the running stack's
`docker` endpoint (RegionOne) is never touched; the test removes what it made.
The cloud has Placement (the stack's): the plugin's proxy registers its host there
under a name and zone of the test's own, and the test removes that provider.
"""
import json
import os
import shutil
import sys
import time
import urllib.request
import uuid

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client
import pytest

from docker_dashboard.proxy.rules import placement as placement_rules
from tests import placement
from tests import stack
from tests.packaging import wheelhouse
from tests.packaging.scratch_horizon import HERE
from tests.packaging.scratch_horizon import REPO
from tests.packaging.scratch_horizon import local_settings
from tests.packaging.scratch_horizon import run

PREFIX = os.environ.get("DD_PREFIX", "/opt/docker-dashboard")
ADMIN_PASSWORD = os.environ.get("DD_ADMIN_PASSWORD", "admin")

def keystone():
    auth = v3.Password(auth_url=stack.KEYSTONE_URL, username="admin",
                       password=ADMIN_PASSWORD, project_name="admin",
                       user_domain_id="default", project_domain_id="default")
    return ks_client.Client(session=ks_session.Session(auth=auth))


def remove_keystone_objects(ks, region, user):
    for endpoint in ks.endpoints.list(region=region):
        ks.endpoints.delete(endpoint)
    if any(r.id == region for r in ks.regions.list()):
        ks.regions.delete(region)
    for found in ks.users.list(name=user):
        ks.users.delete(found)


@pytest.fixture(scope="module")
def devstack(tmp_path_factory):
    """Runs the stack phases; yields what the checks need; unstacks, cleans
    and removes the Keystone objects it made, whatever happened."""
    work = tmp_path_factory.mktemp("devstack")
    suffix = uuid.uuid4().hex[:8]
    names = {"region": "DevStackTest-" + suffix,
             "user": "docker-dashboard-test-" + suffix,
             "host": "devstack-test-" + suffix,
             "zone": "devstack-test-" + suffix,
             "port": str(stack.free_port())}
    # DevStack's $DEST: the plugin's clone and its data folder.
    dest = work / "opt-stack"
    clone = dest / "docker-dashboard"
    shutil.copytree(REPO, clone, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", "node_modules"))
    # A scratch Horizon: Horizon 27 from the wheelhouse, and a HORIZON_DIR
    # whose openstack_dashboard is that Horizon's (DevStack's is a checkout).
    wheels = wheelhouse.ensure(REPO, "27")
    venv = work / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    python = str(venv / "bin" / "python")
    run(python, "-m", "pip", "install", "-q", "--no-index", "--find-links",
        wheels, "-r", os.path.join(REPO, "requirements-horizon27.txt"))
    dashboard = run(python, "-c", "import openstack_dashboard, os; print("
                    "os.path.dirname(openstack_dashboard.__file__))"
                    ).stdout.strip()
    horizon_dir = work / "horizon"
    horizon_dir.mkdir()
    (horizon_dir / "openstack_dashboard").symlink_to(dashboard)
    with open(os.path.join(dashboard, "local", "local_settings.py"), "w",
              encoding="utf-8") as handle:
        handle.write(local_settings(stack.KEYSTONE_URL, work / "static"))
    env = dict(os.environ, SHIM_DIR=str(work), PYTHON=python,
               HORIZON_DIR=str(horizon_dir), DEST=str(dest),
               REGION_NAME=names["region"],
               SERVICE_PASSWORD="service-password-" + suffix,
               DD_WHEELHOUSE=wheels, DD_ADMIN_PASSWORD=ADMIN_PASSWORD,
               DD_KEYSTONE_URL=stack.KEYSTONE_URL,
               DD_OPENSTACK_VENV=os.path.join(PREFIX, "venv-openstack"),
               DOCKER_DASHBOARD_PROXY_PORT=names["port"],
               DOCKER_DASHBOARD_SERVICE_USER=names["user"],
               DOCKER_DASHBOARD_PLACEMENT_URL=placement.PLACEMENT_URL,
               DOCKER_DASHBOARD_HOST_NAME=names["host"],
               DOCKER_DASHBOARD_AVAILABILITY_ZONE=names["zone"])
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("PYTHONPATH", None)
    # The local stack's settings (stack/lib/env.sh): a DevStack's proxy is
    # configured by the plugin alone.
    for name in [n for n in env if n.startswith("DD_PROXY_SERVICE")
                 or n in ("DD_PLACEMENT_URL", "DD_DATABASE_URL")]:
        env.pop(name)

    def phases(*phase_list):
        script = ["set -eu", ". %s/devstack_shim.sh" % HERE,
                  ". %s/devstack/settings" % clone]
        script += [". %s/devstack/plugin.sh %s" % (clone, phase)
                   for phase in phase_list]
        return run("bash", "-c", "\n".join(script), env=env, cwd=str(work))

    try:
        # DevStack's region exists before any plugin runs (keystone bootstrap).
        keystone().regions.create(id=names["region"])
        phases("stack install", "stack post-config", "stack extra",
               "stack test-config")
        yield dict(names, python=python, env=env, work=work, clone=clone,
                   dashboard=dashboard)
    finally:
        try:
            phases("unstack", "clean")
        finally:
            try:
                remove_provider_named(names["host"])
            finally:
                remove_keystone_objects(keystone(), names["region"],
                                        names["user"])


def provider_named(session, name):
    found = placement.get(session, "/resource_providers", name=name)
    return (found["resource_providers"] or [None])[0]


def remove_provider_named(name):
    session = placement.session()
    provider = provider_named(session, name)
    if provider:
        placement.remove_provider(session, provider["uuid"])


def test_the_catalog_has_the_proxy_and_its_service_user(devstack):
    ks = keystone()
    url = "http://127.0.0.1:%s" % devstack["port"]
    endpoints = ks.endpoints.list(region=devstack["region"])
    assert sorted(e.interface for e in endpoints) == [
        "admin", "internal", "public"]
    assert {e.url for e in endpoints} == {url}
    service = ks.services.get(endpoints[0].service_id)
    assert service.type == "docker"
    # The running stack's own docker endpoint is where it was.
    assert [e.url for e in ks.endpoints.list(
        service=service, region=os.environ.get("DD_REGION", "RegionOne"),
        interface="public")] == [stack.PROXY_URL]
    users = ks.users.list(name=devstack["user"])
    assert len(users) == 1
    roles = ks.role_assignments.list(user=users[0], include_names=True)
    # With Placement, `admin` beside `service` (README, "What Placement holds").
    assert {(r.role["name"], r.scope["project"]["name"])
            for r in roles} == {("service", "service"), ("admin", "service")}


def test_the_proxy_registers_its_host_with_placement(devstack):
    session = placement.session()
    deadline = time.monotonic() + 60
    provider = provider_named(session, devstack["host"])
    while provider is None and time.monotonic() < deadline:
        time.sleep(0.5)
        provider = provider_named(session, devstack["host"])
    assert provider, "no resource provider named %s" % devstack["host"]
    path = "/resource_providers/%s" % provider["uuid"]
    inventories = placement.get(session, path + "/inventories")["inventories"]
    assert {"VCPU", "MEMORY_MB"} <= set(inventories)
    assert "CUSTOM_DOCKER_HOST" in placement.get(
        session, path + "/traits")["traits"]
    assert placement.get(session, path + "/aggregates")["aggregates"] == [
        placement_rules.aggregate_of(devstack["zone"])]


def test_the_service_password_is_in_a_file_not_in_the_unit(devstack):
    state = os.path.join(devstack["clone"].parent, "data", "docker-dashboard")
    password_file = os.path.join(state, "service_password")
    assert os.stat(password_file).st_mode & 0o777 == 0o600
    with open(password_file, encoding="utf-8") as handle:
        assert handle.read() == devstack["env"]["SERVICE_PASSWORD"] + "\n"
    with open(os.path.join(devstack["work"], "dd-proxy.environment"),
              encoding="utf-8") as handle:
        unit_environment = handle.read()
    assert "DD_PROXY_SERVICE_PASSWORD_FILE=%s" % password_file in (
        unit_environment)
    assert devstack["env"]["SERVICE_PASSWORD"] not in unit_environment


def test_the_proxy_runs_with_the_shared_secret(devstack):
    with urllib.request.urlopen("http://127.0.0.1:%s/healthz"
                                % devstack["port"], timeout=10) as answer:
        assert answer.status == 200
    secret = os.path.join(devstack["clone"].parent, "data",
                          "docker-dashboard", "ticket_secret")
    assert os.stat(secret).st_mode & 0o777 == 0o600
    snippet = os.path.join(devstack["dashboard"], "local",
                           "local_settings.d",
                           "_61_docker_dashboard_devstack.py")
    with open(snippet, encoding="utf-8") as handle:
        assert repr(secret) in handle.read()


def test_the_panel_loads_through_the_catalog(devstack):
    # The scratch Horizon finds the proxy in the catalog of the test's
    # region (no proxy_url is set) and shows demo's container through it.
    result = run(devstack["python"], os.path.join(HERE, "load_panel.py"),
                 "demo", "demo", "/project/docker_containers/",
                 devstack["region"],
                 cwd=str(devstack["work"]), env=dict(
                     devstack["env"],
                     DJANGO_SETTINGS_MODULE="openstack_dashboard.settings"))
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["package_file"].startswith(str(devstack["clone"]))
    assert facts["panel_status"] == 200
    assert "demo-web" in facts["panel_body"]
    assert "alt-demo-web" not in facts["panel_body"]
    assert sorted(facts["static_found"]) == sorted(facts["static_files"])
    # ...through the test's proxy, not the running stack's.
    with open(os.path.join(devstack["work"], "dd-proxy.log"),
              encoding="utf-8") as handle:
        assert "/containers/json" in handle.read()
