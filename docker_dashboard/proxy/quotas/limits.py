"""The limits, read from Keystone through oslo.limit with the proxy's
service user.

oslo.limit is synchronous (keystoneauth, openstacksdk): each read runs in
a worker thread, bounded by DD_KEYSTONE_TIMEOUT like the proxy's other
calls to Keystone. Its settings are oslo.config options of the group
[oslo_limit], set here from the proxy's own DD_* settings. The
Enforcer (which learns the limit model and the `docker` endpoint once) is
made on first use, so a Keystone that is away at start is asked again at
the next launch.
"""
import asyncio
import logging
import threading

from keystoneauth1 import exceptions as ksa_exceptions
from keystoneauth1 import loading
from openstack import exceptions as sdk_exceptions
from oslo_config import cfg
from oslo_limit import exception as limit_exceptions
from oslo_limit import limit
from oslo_limit import opts

from docker_dashboard.proxy import timeouts
from docker_dashboard.proxy.rules import quota as rules
from docker_dashboard.proxy.rules.errors import Refused

LOG = logging.getLogger(__name__)
GROUP = "oslo_limit"
# What "Keystone's limits cannot be read now" is.
FAILURES = (ksa_exceptions.ClientException, sdk_exceptions.SDKException,
            limit_exceptions.SessionInitError, ValueError)
_configured = threading.Lock()


class LimitsUnavailable(Exception):
    """Keystone did not answer the limits (away, or misconfigured)."""


def configure(config, conf=cfg.CONF):
    """oslo.limit's [oslo_limit] options from the proxy's settings: the
    service user's password auth, and the `docker` endpoint by its id
    (DD_LIMITS_ENDPOINT_ID) or else by service type, region and the
    public interface."""
    with _configured:
        opts.register_opts(conf)
        conf.set_override("auth_type", "password", GROUP)
        conf.register_opts(loading.get_auth_plugin_conf_options("password"),
                           group=GROUP)
        for name, value in (
                ("auth_url", config.keystone_url),
                ("username", config.service_user),
                ("password", config.service_password),
                ("user_domain_name", config.service_domain),
                ("project_name", config.service_project),
                ("project_domain_name", config.service_domain),
                ("timeout", config.keystone_timeout),
                ("endpoint_id", config.limits_endpoint_id or None),
                ("endpoint_service_type", "docker"),
                ("endpoint_region_name", config.region or None),
                ("endpoint_interface", "public"),
                # A kept connection that Keystone's server closed as idle
                # just as it is reused ends in a reset: the read (a GET)
                # is made again on a new one, not answered to the launch
                # as "Keystone's limits cannot be read".
                ("connect_retries", 2),
                ("connect_retry_delay", 0.05)):
            conf.set_override(name, value, GROUP)


class Limits:
    def __init__(self, config):
        self._config = config
        self._enforcer = None
        self._lock = threading.Lock()
        configure(config)

    def close(self):
        self._enforcer = None

    async def warm_up(self):
        """Makes the Enforcer (several calls to Keystone: the service
        user's token, the limit model, the `docker` endpoint) before the
        first launch needs it, so that launch's bound is spent on its own
        two reads. Keystone away: the first launch tries again."""
        try:
            await asyncio.get_running_loop().run_in_executor(
                None, self._enforcer_now)
        except FAILURES as exc:
            LOG.warning("Keystone's limits cannot be read yet: %s", exc)

    def _enforcer_now(self):
        with self._lock:
            if self._enforcer is None:
                # The usage is Placement's, read by the caller before the
                # decision (quotas/usage.py): oslo.limit is only asked for
                # the limits, never for usage.
                self._enforcer = limit.Enforcer(_no_usage, cache=False)
            return self._enforcer

    def _utils(self):
        # oslo.limit keeps the `docker` endpoint it resolved (its service
        # and region, which a project limit is written with) and its
        # Keystone connection on the model's helper: the only place they
        # are, so the overrides are written with the same ones the limits
        # are read with (requirements.txt holds oslo.limit below 3).
        return self._enforcer_now().model._utils

    async def _run(self, work, *args):
        loop = asyncio.get_running_loop()
        seconds = self._config.keystone_timeout
        try:
            async with asyncio.timeout(seconds):
                return await loop.run_in_executor(None, work, *args)
        except asyncio.TimeoutError as exc:
            raise timeouts.DeadlinePassed(timeouts.KEYSTONE, seconds) \
                from exc
        except sdk_exceptions.HttpException as exc:
            if exc.status_code in (400, 404, 409):
                # Keystone refused what was asked (no such project, a
                # limit it does not take): the caller's to read.
                raise Refused(400, "Keystone refused the limit: %s"
                              % (exc.details or exc.message)) from exc
            LOG.warning("Keystone's limits cannot be read: %s", exc)
            raise LimitsUnavailable(str(exc)) from exc
        except FAILURES as exc:
            LOG.warning("Keystone's limits cannot be read: %s", exc)
            raise LimitsUnavailable(str(exc)) from exc

    def _registered(self):
        return self._enforcer_now().get_registered_limits(None)

    def _overrides(self, project_id):
        return self._enforcer_now().get_project_limits(project_id, None)

    async def of_project(self, project_id):
        """({resource: limit}, [(resource, limit)] of the project's own
        overrides): two calls to Keystone, the defaults and the project's,
        made at once (each is a round trip of its own to Keystone, and a
        launch waits for both)."""
        registered, overrides = await asyncio.gather(
            self._run(self._registered),
            self._run(self._overrides, project_id))
        overrides = [(name, value) for name, value in overrides
                     if name in rules.RESOURCES]
        return rules.limits_of(registered, overrides), overrides

    def _set(self, project_id, wanted):
        utils = self._utils()
        connection = utils.connection
        try:
            # Asked first: Keystone answers a limit of an unknown project
            # with a 400 it logs as an error of its own.
            connection.get_project(project_id)
        except sdk_exceptions.NotFoundException:
            raise Refused(404, "Keystone has no project %s" % project_id)
        existing = {
            held.resource_name: (held.id, held.resource_limit)
            for held in connection.limits(
                service_id=utils._service_id, region_id=utils._region_id,
                project_id=project_id)}
        create, update, delete = rules.changes(wanted, existing)
        for name, value in create.items():
            connection.create_limit(
                service_id=utils._service_id, region_id=utils._region_id,
                project_id=project_id, resource_name=name,
                resource_limit=value)
        for limit_id, value in update.items():
            connection.update_limit(limit_id, resource_limit=value)
        for limit_id in delete:
            connection.delete_limit(limit_id)
        return create, update, delete

    async def set_project(self, project_id, wanted):
        """The project's own limits made `wanted` ({resource: limit, or
        None to go back to the default})."""
        return await self._run(self._set, project_id, wanted)


def _no_usage(project_id, resource_names):
    raise AssertionError("the proxy reads usage from Placement itself")
