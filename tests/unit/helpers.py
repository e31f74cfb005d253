"""Horizon's unit-test case with a docker proxy in the user's catalog."""
import os
from unittest import mock

from django.test.utils import override_settings
from openstack_auth import policy
from openstack_dashboard.test import helpers as test

import docker_dashboard

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

    def setUp(self):
        super().setUp()
        # Every Launch form asks the proxy for the cloud's zones and hosts
        # (as Horizon's own tests mock what every page calls): one Docker
        # host, no zones, unless a test mocks docker_hosts itself.
        from docker_dashboard.api import docker_proxy
        from docker_dashboard.api.wrappers import DockerHosts
        patcher = mock.patch.object(docker_proxy, "docker_hosts",
                                    return_value=DockerHosts())
        patcher.start()
        self.addCleanup(patcher.stop)
        # And for the project's Docker quotas it shows: none enforced,
        # unless a test mocks quotas_get itself.
        from docker_dashboard.api import docker_quotas
        patcher = mock.patch.object(docker_quotas, "quotas_get",
                                    return_value=docker_quotas.ProjectQuotas())
        patcher.start()
        self.addCleanup(patcher.stop)


POLICY_FILE = os.path.join(os.path.dirname(docker_dashboard.__file__),
                           "conf", "docker_policy.yaml")


@override_settings(POLICY_CHECK_FUNCTION="openstack_auth.policy.check",
                   POLICY_FILES={"docker": POLICY_FILE})
class RealPolicyTestCase(DockerTestCase):
    """Horizon's test settings switch policy checks off; these tests check
    what a user is shown against the plugin's real policy file (a member by
    default)."""

    def setUp(self):
        super().setUp()
        policy.reset()
        self.addCleanup(policy.reset)


class ReaderTestCase(RealPolicyTestCase):
    """The same, as a user with only the reader role in the project."""

    def _setup_user(self, **kwargs):
        kwargs["roles"] = [{"id": "9", "name": "reader"}]
        super()._setup_user(**kwargs)
