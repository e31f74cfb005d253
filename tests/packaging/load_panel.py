"""Run inside a fresh Horizon virtual environment where the built package was
installed the way the README says: logs in to the real Keystone as demo and
loads the Containers panel. Prints one JSON line of facts for the test.

Arguments: user, password, panel URL[, services region to switch to]."""
from importlib import metadata
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openstack_dashboard.settings")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test import Client  # noqa: E402

import docker_dashboard  # noqa: E402

user, password, panel_url = sys.argv[1:4]
client = Client()
login = client.post("/auth/login/", {"username": user, "password": password,
                                     "region": "default"}, follow=True)
if len(sys.argv) > 4:
    # The services region a user picks in Horizon's region menu.
    client.get("/auth/switch_services_region/%s/" % sys.argv[4])
# The table's own name filter (Docker filters the list), so the seeded row is
# found however many containers the project holds.
panel = client.post(panel_url, {"containers__filter__q_field": "name",
                                "containers__filter__q": "demo-web"},
                    follow=True)
static_dir = os.path.join(os.path.dirname(docker_dashboard.__file__), "static")
static_files = [os.path.relpath(os.path.join(d, f), static_dir)
                for d, _, files in os.walk(static_dir) for f in files]
print(json.dumps({
    "package_file": docker_dashboard.__file__,
    "horizon_version": metadata.version("horizon"),
    "django_version": django.get_version(),
    "logged_in": "_auth_user_id" in client.session,
    "panel_status": panel.status_code,
    "panel_body": panel.content.decode("utf-8", "replace"),
    "template_found": bool(get_template(
        "docker_dashboard/containers/index.html")),
    "static_files": static_files,
    "static_found": [f for f in static_files if finders.find(f)],
}))
