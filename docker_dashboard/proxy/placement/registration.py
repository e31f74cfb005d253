"""This host as a resource provider in Placement, kept current.

The provider's uuid is made once and kept in the file `provider_uuid` of
the proxy's state folder (as Nova keeps a compute node's `compute_id`): a
restart, or a new database, finds the same provider. Its name is the host's
name (DD_HOST_NAME); a provider of that name with another uuid is another
host's, and the proxy refuses to start rather than take it over.

What a reader maps back: the zone's aggregate is uuid5 of the zone's name
(rules/placement.aggregate_of), and the hosts table of the shared state
records each host's zone and provider uuid.
"""
import asyncio
import logging
import os
import tempfile
import uuid

from docker_dashboard.proxy.engine import EngineUnavailable
from docker_dashboard.proxy.placement.client import DOWN
from docker_dashboard.proxy.placement.client import PlacementError
from docker_dashboard.proxy.rules import placement as rules

LOG = logging.getLogger(__name__)

UUID_FILE = "provider_uuid"
# Tries of a write that a concurrent change of the provider's generation
# refused (each re-reads first).
GENERATION_TRIES = 5
# While Placement is away, registration is tried again this often (or at
# the inventory interval, if that is shorter).
RETRY_SECONDS = 10.0


class RegistrationRefused(Exception):
    """Placement holds a provider of this host's name with another uuid."""


def provider_uuid(config):
    """This host's provider uuid: read from state_dir, made the first time
    (written whole or not at all, so two starts cannot make two)."""
    path = os.path.join(config.state_dir, UUID_FILE)
    try:
        with open(path, encoding="ascii") as kept:
            return str(uuid.UUID(kept.read().strip()))
    except FileNotFoundError:
        pass
    os.makedirs(config.state_dir, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=config.state_dir)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as made:
            made.write(str(uuid.uuid4()) + "\n")
        try:
            os.link(temporary, path)  # fails if another start made it first
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return provider_uuid(config)


async def host_facts(app):
    """{"cpus", "memory_bytes", "disk_bytes"} of the host: dockerd's own
    count of CPUs and memory, and the size of the filesystem that holds its
    data root (the proxy runs beside its daemon)."""
    status, info = await app["engine"].json("GET", "/info")
    if status != 200 or not isinstance(info, dict):
        raise EngineUnavailable("dockerd answered %s to /info" % status)
    facts = {"cpus": info.get("NCPU") or 0,
             "memory_bytes": info.get("MemTotal") or 0, "disk_bytes": 0}
    try:
        fs = os.statvfs(info.get("DockerRootDir") or "/var/lib/docker")
        facts["disk_bytes"] = fs.f_blocks * fs.f_frsize
    except OSError as exc:
        LOG.warning("the size of dockerd's data root is unknown (%s): "
                    "DISK_GB is not reported", exc)
    return facts


async def _provider(client, config, rp_uuid):
    """Ensure the provider exists with this host's name."""
    path = "/resource_providers/%s" % rp_uuid
    status, body = await client.call("GET", path)
    if status == 200:
        if body["name"] == config.host_name:
            return
        # The host was renamed: the provider follows.
        status, body = await client.call("PUT", path, json_body={
            "name": config.host_name})
    elif status == 404:
        status, body = await client.call("POST", "/resource_providers",
                                         json_body={"name": config.host_name,
                                                    "uuid": rp_uuid})
    else:
        raise PlacementError("GET", path, status, body)
    if status == 409:
        status, found = await client.call("GET", "/resource_providers",
                                          params={"name": config.host_name})
        others = [rp["uuid"] for rp in (found or {}).get(
            "resource_providers", [])]
        raise RegistrationRefused(
            "Placement already has a resource provider named %s (%s), and "
            "this host's is %s (the file %s in %s): give this host another "
            "DD_HOST_NAME, or delete the other provider if that host is gone"
            % (config.host_name, ", ".join(others) or "uuid unknown",
               rp_uuid, UUID_FILE, config.state_dir))
    if status not in (200, 201):
        raise PlacementError("POST", "/resource_providers", status, body)


async def update_with_generation(client, path, change):
    """GET `path`, PUT back `change(current)` (None: nothing to change)
    with the provider generation just read; a generation conflict re-reads
    and tries again. Returns True when something was written."""
    for _ in range(GENERATION_TRIES):
        status, current = await client.call("GET", path)
        if status != 200:
            raise PlacementError("GET", path, status, current)
        wanted = change(current)
        if wanted is None:
            return False
        wanted["resource_provider_generation"] = current[
            "resource_provider_generation"]
        status, answer = await client.call("PUT", path, json_body=wanted)
        if status == 200:
            return True
        if not (status == 409 and rules.is_concurrent_update(answer)):
            raise PlacementError("PUT", path, status, answer)
    raise PlacementError("PUT", path, 409, "the provider kept changing")


async def report_inventory(app, rp_uuid):
    """Report the host's inventory (only when it changed)."""
    wanted = rules.inventory_of(await host_facts(app), app["config"])

    def change(current):
        if not rules.inventory_changed(current["inventories"], wanted):
            return None
        return {"inventories": wanted}
    return await update_with_generation(
        app["placement"], "/resource_providers/%s/inventories" % rp_uuid,
        change)


async def _trait_and_zone(client, config, rp_uuid):
    status, body = await client.call("PUT", "/traits/" + rules.HOST_TRAIT)
    if status not in (201, 204):
        raise PlacementError("PUT", "/traits/" + rules.HOST_TRAIT, status,
                             body)

    def traits(current):
        if rules.HOST_TRAIT in current["traits"]:
            return None
        # An operator's own traits on the provider stay, and so does the
        # drain (rules.DRAINED_TRAIT): a restart does not undrain a host.
        return {"traits": sorted(set(current["traits"])
                                 | {rules.HOST_TRAIT})}
    await update_with_generation(
        client, "/resource_providers/%s/traits" % rp_uuid, traits)

    zone = [rules.aggregate_of(config.availability_zone)]

    def aggregates(current):
        # Exactly its zone's: a host moved to another zone leaves the old.
        return None if current["aggregates"] == zone else {
            "aggregates": zone}
    await update_with_generation(
        client, "/resource_providers/%s/aggregates" % rp_uuid, aggregates)


async def register(app):
    """Ensure this host's provider, inventory, trait and zone aggregate;
    return the provider uuid (also kept in app["placement_host"])."""
    config = app["config"]
    rp_uuid = provider_uuid(config)
    client = app["placement"]
    await _provider(client, config, rp_uuid)
    await report_inventory(app, rp_uuid)
    await _trait_and_zone(client, config, rp_uuid)
    app["placement_host"].provider_uuid = rp_uuid
    return rp_uuid


async def _step(app):
    # Imported here: `python -m docker_dashboard.proxy.placement.audit`
    # must not find its module imported by the package already.
    from docker_dashboard.proxy.placement import audit
    this_host = app["placement_host"]
    if this_host.provider_uuid is None:
        rp_uuid = await register(app)
        LOG.info("this host (%s) is resource provider %s in Placement",
                 app["config"].host_name, rp_uuid)
    else:
        await report_inventory(app, this_host.provider_uuid)
    healed = await audit.audit(app)
    if healed["claimed"] or healed["released"]:
        LOG.info("audit: %d allocation(s) made for containers without one, "
                 "%d removed whose container is gone",
                 len(healed["claimed"]), len(healed["released"]))


def _state_of(exc):
    if exc is None:
        return "ok", None
    if isinstance(exc, RegistrationRefused):
        return "refused", str(exc)
    if isinstance(exc, DOWN):
        return "down", "Placement is unavailable (%s)" % exc
    if isinstance(exc, EngineUnavailable):
        return "dockerd", "dockerd is unavailable (%s)" % exc
    return "error", str(exc)


RETRIED = (PlacementError, EngineUnavailable) + DOWN


def _log_change(app, failure):
    """One log line per change of state, not one per try."""
    new_state, sentence = _state_of(failure)
    state = app["placement_host"].state
    app["placement_host"].state = new_state
    if new_state == state:
        return
    host = app["config"].host_name
    if new_state == "ok":
        if state is not None:
            LOG.warning("Placement: answering again, host %s registered "
                        "and current", host)
    elif new_state == "refused":
        LOG.error("Placement: %s", sentence)
    elif app["placement_host"].provider_uuid is None:
        LOG.warning("Placement: %s; no container can be launched on %s "
                    "until it is registered", sentence, host)
    else:
        LOG.warning("Placement: %s; the inventory report and the audit "
                    "wait for it", sentence)


async def first_try(app):
    """The registration at start-up: a name clash is raised (the proxy
    does not start), any other failure is left to keep_current."""
    try:
        await register(app)
        failure = None
    except RETRIED as exc:
        failure = exc
    except RegistrationRefused as exc:
        # Said once, plainly, and the process ends (status 1): taking over
        # another host's provider would mix two hosts' allocations.
        LOG.error("Placement: %s", exc)
        await app["placement"].close()
        await app["engine"].close()
        raise SystemExit(1) from exc
    _log_change(app, failure)


async def keep_current(app):
    """Forever: register (until it succeeds), then report the inventory
    and audit the allocations every inventory_interval seconds."""
    config = app["config"]
    while True:
        try:
            await _step(app)
            failure = None
        except (RegistrationRefused,) + RETRIED as exc:
            failure = exc
        except Exception:  # a bug: seen in the log, and the loop lives on
            LOG.exception("Placement: the inventory report or audit failed")
            failure = None
        _log_change(app, failure)
        wait = config.inventory_interval
        if app["placement_host"].provider_uuid is None:
            wait = min(wait, RETRY_SECONDS)
        await asyncio.sleep(wait)
