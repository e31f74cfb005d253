"""Bring Keystone's and Nova's contents to what the demo and the tests expect.

Run by stack/up.sh with the OpenStack venv once Keystone, Glance and Nova answer. Every
step looks before it creates, so a second run changes nothing. Existing users keep
their passwords and existing flavors their sizes: this converges on presence, not on
every attribute.

Writes the ids the tests need to $DD_PROJECTS_ENV.
"""
import os
import sys

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client
from novaclient import client as nova_client

ENV = os.environ
REGION = ENV.get("DD_REGION", "RegionOne")
DOMAIN = "default"

ROLES = ("admin", "member", "reader", "service")

# name: (password, project, role)
USERS = {
    "admin": (ENV.get("DD_ADMIN_PASSWORD", "admin"), "admin", "admin"),
    "demo": ("demo", "demo", "member"),
    "alt_demo": ("alt_demo", "alt_demo", "member"),
    "reader": ("reader", "demo", "reader"),
}
# Users of the services in project `service`, with the admin and service roles:
# keystonemiddleware's users (glance, nova, placement) and the Docker hosts' proxies'
# (docker-proxy), which write resource providers, inventories, traits, aggregates and
# allocations, all of which Placement's default policy leaves to admin or service.
# docker-proxy also reads every project's limits from Keystone (oslo.limit) and writes a
# project's own limits when an admin sets them: Keystone leaves both to its admin role.
SERVICE_USERS = ("glance", "nova", "placement", "docker-proxy")

# The docker service's quotas as Keystone registered limits (the defaults of every
# project; Admin -> Docker -> Quotas overrides them per project), named as Nova names
# the same resources. Large enough that the tests' own launches (100 at once in demo,
# 64 MiB and 1 vCPU each, beside the demo's) are never refused: a test of the quotas
# sets a small limit on a project of its own.
REGISTERED_LIMITS = (
    ("containers", 200, "Containers of a project, on every Docker host"),
    ("class:VCPU", 200, "vCPUs of a project's containers (their CPU limits)"),
    ("class:MEMORY_MB", 65536, "MiB of memory of a project's containers"),
)

# (id, name, vcpus, ram MB, disk GB); the ids are the ones devstack gives them.
FLAVORS = (
    ("1", "m1.tiny", 1, 256, 1),
    ("2", "m1.small", 1, 512, 10),
    ("3", "m1.medium", 2, 1024, 20),
)


def catalog():
    return (
        ("keystone", "identity", "OpenStack Identity", ENV["DD_KEYSTONE_URL"]),
        ("glance", "image", "OpenStack Image", ENV["DD_GLANCE_URL"]),
        ("nova", "compute", "OpenStack Compute", ENV["DD_NOVA_URL"]),
        ("placement", "placement", "OpenStack Placement", ENV["DD_PLACEMENT_URL"]),
        ("docker", "docker", "Docker proxy of docker-dashboard", ENV["DD_PROXY_URL"]),
    )


def say(msg):
    print(f"==> seed: {msg}", flush=True)


def admin_session():
    auth = loading.get_plugin_loader("password").load_from_options(
        auth_url=ENV["DD_KEYSTONE_URL"],
        username="admin",
        password=ENV.get("DD_ADMIN_PASSWORD", "admin"),
        project_name="admin",
        user_domain_id=DOMAIN,
        project_domain_id=DOMAIN,
    )
    return ks_session.Session(auth=auth)


def by_name(manager, name, **filters):
    found = [x for x in manager.list(name=name, **filters) if x.name == name]
    return found[0] if found else None


def ensure_region(ks):
    try:
        ks.regions.get(REGION)
    except ks_exc.NotFound:
        ks.regions.create(id=REGION)
        say(f"region {REGION} created")


def ensure_roles(ks):
    roles = {}
    for name in ROLES:
        role = by_name(ks.roles, name)
        if role is None:
            role = ks.roles.create(name=name)
            say(f"role {name} created")
        roles[name] = role
    return roles


def ensure_project(ks, name):
    project = by_name(ks.projects, name, domain=DOMAIN)
    if project is None:
        project = ks.projects.create(name=name, domain=DOMAIN, description=f"{name} (local stack)")
        say(f"project {name} created")
    return project


def ensure_user(ks, name, password, project):
    user = by_name(ks.users, name, domain=DOMAIN)
    if user is None:
        user = ks.users.create(name=name, domain=DOMAIN, password=password,
                               default_project=project)
        say(f"user {name} created")
    return user


def grant(ks, role, user, project):
    # Granting is a PUT: repeating it is harmless, so no need to look first.
    ks.roles.grant(role, user=user, project=project)


def ensure_catalog(ks):
    for name, kind, description, url in catalog():
        service = next((s for s in ks.services.list(type=kind) if s.name == name), None)
        if service is None:
            service = ks.services.create(name=name, type=kind, description=description)
            say(f"service {name} ({kind}) created")
        existing = {e.interface: e for e in ks.endpoints.list(service=service, region=REGION)}
        for interface in ("public", "internal", "admin"):
            endpoint = existing.get(interface)
            if endpoint is None:
                ks.endpoints.create(service=service, url=url, interface=interface,
                                    region=REGION, enabled=True)
                say(f"endpoint {kind} {interface} {url} created")
            elif endpoint.url != url:
                ks.endpoints.update(endpoint, url=url)
                say(f"endpoint {kind} {interface} moved to {url}")


def ensure_registered_limits(ks):
    # In the region of the docker endpoints: oslo.limit reads the limits of the
    # endpoint's service and region. An existing default is left as the operator set it.
    service = next(s for s in ks.services.list(type="docker") if s.name == "docker")
    have = {r.resource_name for r in ks.registered_limits.list(service=service,
                                                               region=REGION)}
    for name, default, description in REGISTERED_LIMITS:
        if name not in have:
            ks.registered_limits.create(service, name, default, description=description,
                                        region=REGION)
            say(f"registered limit {name} = {default} created")


def ensure_flavors(sess):
    # The session's token was issued before this run may have added compute to the
    # catalog, so the catalog it carries cannot be trusted to name Nova.
    nova = nova_client.Client("2.1", session=sess, region_name=REGION,
                              endpoint_override=ENV["DD_NOVA_URL"])
    have = {f.name: f for f in nova.flavors.list(is_public=None)}
    for flavor_id, name, vcpus, ram, disk in FLAVORS:
        flavor = have.get(name)
        if flavor is None:
            nova.flavors.create(name, ram, vcpus, disk, flavorid=flavor_id)
            say(f"flavor {name} created")
        elif (flavor.vcpus, flavor.ram, flavor.disk) != (vcpus, ram, disk):
            # Flavors cannot be edited; replacing one under running tests is worse.
            say(f"WARNING: flavor {name} exists with other sizes; left as it is")


def write_ids(path, projects, users):
    lines = [
        f"DEMO_PROJECT_ID={projects['demo'].id}",
        f"ALT_DEMO_PROJECT_ID={projects['alt_demo'].id}",
        f"ADMIN_PROJECT_ID={projects['admin'].id}",
        f"SERVICE_PROJECT_ID={projects['service'].id}",
    ] + [f"{name.upper()}_USER_ID={users[name].id}" for name in USERS]
    text = "\n".join(lines) + "\n"
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def main():
    sess = admin_session()
    ks = ks_client.Client(session=sess, region_name=REGION)
    ensure_region(ks)
    roles = ensure_roles(ks)

    projects = {name: ensure_project(ks, name) for name in ("admin", "demo", "alt_demo", "service")}
    users = {}
    for name, (password, project, role) in USERS.items():
        users[name] = ensure_user(ks, name, password, projects[project])
        grant(ks, roles[role], users[name], projects[project])
    service_password = ENV.get("DD_SERVICE_PASSWORD", "service-secret")
    for name in SERVICE_USERS:
        user = ensure_user(ks, name, service_password, projects["service"])
        for role in ("admin", "service"):
            grant(ks, roles[role], user, projects["service"])

    ensure_catalog(ks)
    ensure_registered_limits(ks)
    ensure_flavors(sess)
    write_ids(ENV["DD_PROJECTS_ENV"], projects, users)


if __name__ == "__main__":
    try:
        main()
    except ks_exc.ClientException as exc:
        sys.exit(f"==> ERROR: seed: {exc}")
