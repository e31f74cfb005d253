"""Horizon's unit-test case with a docker proxy in the user's catalog."""
from openstack_dashboard.test import helpers as test

PROXY_URL = "http://proxy.test:8790"

DOCKER_SERVICE = {
    "type": "docker",
    "name": "docker",
    "endpoints_links": [],
    "endpoints": [{"region": "RegionOne", "interface": interface,
                   "url": PROXY_URL}
                  for interface in ("admin", "internal", "public")],
}


class DockerTestCase(test.TestCase):
    """The panels are shown only where the catalog has a `docker` service,
    as in a real cloud; Horizon's test catalog gets one here."""

    def _setup_user(self, **kwargs):
        catalog = list(self.service_catalog) + [DOCKER_SERVICE]
        kwargs.setdefault("service_catalog", catalog)
        super()._setup_user(**kwargs)
