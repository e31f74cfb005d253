"""What the admin table adds to Docker's list rows.

- The project's name: the proxy labels each container with its project's
  id; the names come from Keystone through Horizon's own keystone api
  (api/keystone_projects, as Horizon's admin Instances panel asks), kept
  a minute.
- The CPU and memory limits: Docker's list rows carry none, so the page's
  rows (a page, never the whole list) are inspected, in parallel, and
  shown as the project panel's Overview tab shows them.
"""
import concurrent.futures

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from docker_dashboard.api import docker_proxy
from docker_dashboard.api import exceptions as dd_exceptions
from docker_dashboard.api import keystone_projects
from docker_dashboard.api.wrappers import PROJECT_LABEL
from docker_dashboard.panels.containers import units

NAMES_KEY = "docker-dashboard:admin:project-names"
NAMES_SECONDS = 60

# A page's inspects at once (docker-py's connection pool holds 10), and
# the Keystone call beside them.
_WORKERS = concurrent.futures.ThreadPoolExecutor(
    max_workers=8, thread_name_prefix="docker-admin-rows")


def in_parallel(func, *args):
    """`func(*args)` started on this module's threads; a Future."""
    return _WORKERS.submit(func, *args)


def project_names(request, fresh=False):
    """{project id: name} of every project Keystone lists, kept a minute
    in Django's cache (every admin sees the same names): asking Keystone
    on every page cost as much as the page's own list call. `fresh`: ask
    Keystone now (a filter naming a project the kept names lack)."""
    names = None if fresh else cache.get(NAMES_KEY)
    if names is None:
        names = keystone_projects.project_names(request)
        cache.set(NAMES_KEY, names, NAMES_SECONDS)
    return names


def project_id(request, text):
    """The id a project filter means: a project's name (exactly), else
    the text itself (an id)."""
    for names in (project_names(request), project_names(request, True)):
        for found_id, name in names.items():
            if name == text or found_id == text:
                return found_id
    return text


def limits_text(vcpus, memory_mb):
    """`0.5 CPUs, 512 MiB`, `1 CPU, 2 GiB`; a limit that is not set reads
    "unlimited"."""
    return ngettext("%(cpus)s CPU, %(memory)s", "%(cpus)s CPUs, %(memory)s",
                    1 if vcpus == 1 else 2) % {
        "cpus": ("%g" % vcpus) if vcpus else _("unlimited"),
        "memory": units.memory_text(memory_mb) or _("unlimited")}


def _limits(request, container_id):
    try:
        detail = docker_proxy.container_get(request, container_id)
    except dd_exceptions.NotFound:
        return "-"  # deleted since the list call
    return limits_text(detail.vcpus, detail.memory_mb)


def add_limits(request, rows):
    """Sets `limits` on each row, inspecting the rows in parallel."""
    found = _WORKERS.map(lambda row: _limits(request, row.id), rows)
    for row, text in zip(rows, list(found)):
        row.limits = text
    return rows


def add_project_names(rows, names):
    for row in rows:
        owner = row.labels.get(PROJECT_LABEL, "")
        # A project Keystone no longer lists keeps its id.
        row.project_name = names.get(owner, owner) or "-"
    return rows


def with_limits_and_project(request, row):
    """One row (an ajax row update) with its limits and project's name."""
    add_limits(request, [row])
    try:
        names = project_names(request)
    except Exception:
        # Keystone away: the row keeps the project's id, as the page does
        # for a project Keystone does not list.
        names = {}
    return add_project_names([row], names)[0]
