"""`pip install` of the built package into a fresh Horizon, plus the enabled
files and settings snippet, gives a working panel: the README's install
steps, done for real against the running Keystone and proxy, on each
supported Horizon series (requirements-horizon<series>.txt)."""
import glob
import json
import os
import re
import shutil
import sys

import pytest

from docker_dashboard.proxy.state import schema
from tests import stack
from tests.packaging import wheelhouse
from tests.packaging.scratch_horizon import HERE
from tests.packaging.scratch_horizon import REPO
from tests.packaging.scratch_horizon import local_settings
from tests.packaging.scratch_horizon import run

# The Horizon series the plugin supports, newest (the default) first.
SERIES = ["27", "25"]
DJANGO_OF_SERIES = {"27": "5.2", "25": "4.2"}

@pytest.fixture(scope="module")
def plugin_wheel(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    # --no-build-isolation: build with the setuptools already here instead
    # of fetching a build environment.
    # Built from a copy: an in-tree build leaves build/ behind, whose stale
    # modules a later build would carry into the wheel.
    source = work / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", "node_modules"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps",
        "--no-build-isolation", "-w", str(work / "dist"), str(source))
    return glob.glob(str(work / "dist" / "docker_dashboard-*.whl"))[0]


@pytest.fixture(scope="module", params=SERIES)
def fresh_horizon(request, plugin_wheel, tmp_path_factory):
    series = request.param
    work = tmp_path_factory.mktemp("horizon%s" % series)
    wheels = wheelhouse.ensure(REPO, series)
    venv = work / "horizon"
    run(sys.executable, "-m", "venv", str(venv))
    python = str(venv / "bin" / "python")
    offline = ["--no-index", "--find-links", wheels]
    # The operator's Horizon of this series, then the README's `pip install`.
    run(python, "-m", "pip", "install", "-q", *offline,
        "-r", os.path.join(REPO, "requirements-horizon%s.txt" % series))
    run(python, "-m", "pip", "install", "-q", *offline, plugin_wheel)
    # From the scratch folder: `python -c` puts its working folder first on
    # sys.path, and in the repository that is the checkout, not the wheel.
    dashboard = run(python, "-c", "import openstack_dashboard, os; print("
                    "os.path.dirname(openstack_dashboard.__file__))",
                    cwd=str(work)).stdout.strip()
    plugin = run(python, "-c", "import docker_dashboard, os; print("
                 "os.path.dirname(docker_dashboard.__file__))",
                 cwd=str(work)).stdout.strip()
    # The README's steps: the enabled files and the settings snippet.
    for enabled in glob.glob(os.path.join(plugin, "enabled", "_6*.py")):
        shutil.copy(enabled, os.path.join(dashboard, "local", "enabled"))
    shutil.copy(os.path.join(plugin, "local_settings.d",
                             "_60_docker_dashboard.py"),
                os.path.join(dashboard, "local", "local_settings.d"))
    with open(os.path.join(dashboard, "local", "local_settings.py"), "w",
              encoding="utf-8") as handle:
        handle.write(local_settings(stack.KEYSTONE_URL, work / "static"))
    # ...and collecting and compressing the static files as the README says
    # (offline compression fails on any plugin file it cannot find).
    django_admin = str(venv / "bin" / "django-admin")
    for command in (["collectstatic", "--noinput"], ["compress", "--force"]):
        run(django_admin, *command, "--settings",
            "openstack_dashboard.settings", env=fresh_env())
    return series, python, plugin


def fresh_env():
    """The fresh Horizon's own settings, not this test run's."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    env["DJANGO_SETTINGS_MODULE"] = "openstack_dashboard.settings"
    return env


def test_installed_plugin_serves_the_panel(fresh_horizon, tmp_path):
    series, python, plugin = fresh_horizon
    result = run(python, os.path.join(HERE, "load_panel.py"),
                 "demo", "demo", "/project/docker_containers/",
                 cwd=str(tmp_path), env=fresh_env())
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    # Imported from the fresh environment, not from this repository, into
    # the Horizon and Django of the series (installing the plugin kept them).
    assert not facts["package_file"].startswith(REPO)
    assert facts["horizon_version"].split(".")[0] == series
    assert facts["django_version"][:3] == DJANGO_OF_SERIES[series]
    assert facts["logged_in"]
    assert facts["panel_status"] == 200
    # The page's own messages explain a missing row (proxy down, refused).
    alerts = re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>',
                        facts["panel_body"], re.S)
    assert "demo-web" in facts["panel_body"], alerts
    assert "alt-demo-web" not in facts["panel_body"]
    assert facts["template_found"]
    assert facts["static_files"], "the wheel carries no static files"
    # ...and the proxy's systemd unit (README "Production").
    assert os.path.isfile(os.path.join(
        plugin, "conf", "docker-dashboard-proxy.service"))
    # ...and the translations compiled by the build (setup.py), without the
    # pseudo-translation, which is for development only.
    for domain in ("django", "djangojs"):
        assert os.path.isfile(os.path.join(
            plugin, "locale", "en", "LC_MESSAGES", domain + ".mo"))
    assert not os.path.exists(os.path.join(plugin, "locale", "eo"))
    assert sorted(facts["static_found"]) == sorted(facts["static_files"])


def test_installed_proxy_migrates_its_database(fresh_horizon, tmp_path):
    """The migrations ship in the wheel: the installed proxy makes its
    state database from them, away from this repository."""
    series, python, plugin = fresh_horizon
    result = run(python, "-c", (
        "import sys, sqlalchemy as sa\n"
        "from docker_dashboard.proxy.state import database\n"
        "engine = database.open_database(database.default_url(sys.argv[1]))\n"
        "print(database.__file__)\n"
        "print(' '.join(sorted(sa.inspect(engine).get_table_names())))\n"),
        str(tmp_path / "state"), cwd=str(tmp_path), env=fresh_env())
    module, tables = result.stdout.strip().splitlines()[-2:]
    assert module.startswith(plugin)
    assert tables.split() == sorted(["alembic_version",
                                     *schema.metadata.tables])
