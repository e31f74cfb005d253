"""A project's first launches, all at once, make its network once on each
host: two networks of one name would make every later launch of the
project fail ("network dd-... is ambiguous")."""
import concurrent.futures

import docker

from tests import throwaway_project
from tests.conftest import DAEMON_SOCKETS


def test_first_launches_at_once_make_one_network_per_host():
    with throwaway_project.made() as project:
        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            made = list(pool.map(lambda _: project.launch()["Id"], range(6)))
        assert len(set(made)) == 6
        for socket in DAEMON_SOCKETS:
            daemon = docker.APIClient(base_url="unix://" + socket)
            try:
                assert len(throwaway_project.project_networks(
                    daemon, project.id)) <= 1, socket
            finally:
                daemon.close()
        # And the project launches again, its network found by name.
        assert project.launch()["Id"]
