"""The registration's own bookkeeping: the provider uuid made once and kept,
and one log line per change of Placement's state, not one per try."""
import logging
import os
import uuid

from docker_dashboard.proxy.config import ProxyConfig
from docker_dashboard.proxy.placement import registration
from docker_dashboard.proxy.placement.client import PlacementUnavailable
from docker_dashboard.proxy.placement.this_host import ThisHost


def test_the_provider_uuid_is_made_once_and_kept(tmp_path):
    config = ProxyConfig(state_dir=str(tmp_path / "state"))
    made = registration.provider_uuid(config)
    assert str(uuid.UUID(made)) == made
    assert registration.provider_uuid(config) == made
    with open(os.path.join(config.state_dir, "provider_uuid")) as kept:
        assert kept.read().strip() == made
    # Nothing else is left in the folder (no temporary file).
    assert os.listdir(config.state_dir) == ["provider_uuid"]
    other = ProxyConfig(state_dir=str(tmp_path / "other"))
    assert registration.provider_uuid(other) != made


def test_one_line_per_change_of_state(caplog):
    app = {"config": ProxyConfig(state_dir="/nonexistent",
                                 host_name="host9"),
           "placement_host": ThisHost()}
    down = PlacementUnavailable("Placement is unreachable: refused")
    caplog.set_level(logging.INFO, logger=registration.LOG.name)
    for failure in (down, down, down):
        registration._log_change(app, failure)
    app["placement_host"].provider_uuid = "0a647358-306d-47b5-92ff-c341cec3ea0c"
    for failure in (None, None, down, down, None):
        registration._log_change(app, failure)
    said = [record.getMessage() for record in caplog.records]
    assert said == [
        "Placement: Placement is unavailable (Placement is unreachable: "
        "refused); no container can be launched on host9 until it is "
        "registered",
        "Placement: answering again, host host9 registered and current",
        "Placement: Placement is unavailable (Placement is unreachable: "
        "refused); the inventory report and the audit wait for it",
        "Placement: answering again, host host9 registered and current",
    ]


def test_a_destroy_event_names_the_containers_consumer():
    from docker_dashboard.proxy.placement import watch
    from docker_dashboard.proxy.rules import placement as rules
    labelled = {"Type": "container", "Action": "destroy", "Actor": {
        "ID": "abc", "Attributes": {
            rules.CONSUMER_LABEL: "8a0e2c6c-3c4b-4b7e-9f5e-1a2b3c4d5e6f",
            "image": "busybox"}}}
    assert watch.consumer_of_event(labelled) == (
        "8a0e2c6c-3c4b-4b7e-9f5e-1a2b3c4d5e6f")
    legacy = {"Actor": {"ID": "abc", "Attributes": {"name": "x"}}}
    assert watch.consumer_of_event(legacy) == str(
        uuid.uuid5(rules.CONSUMERS, "abc"))


class ChangingProvider:
    """Placement's answers for a provider another writer changes once
    between this proxy's read and its write (the generation moves on)."""

    def __init__(self):
        self.generation = 4
        self.writes = []
        self.changed_once = False

    async def call(self, method, path, json_body=None, params=None):
        if method == "GET":
            return 200, {"traits": ["CUSTOM_OTHER"],
                         "resource_provider_generation": self.generation}
        self.writes.append(json_body)
        if not self.changed_once:
            self.changed_once = True
            self.generation += 1
            return 409, {"errors": [{"code": "placement.concurrent_update",
                                     "detail": "generation conflict"}]}
        assert json_body["resource_provider_generation"] == self.generation
        return 200, {}


def test_a_generation_conflict_is_read_again_and_retried():
    import asyncio
    provider = ChangingProvider()

    def add_host_trait(current):
        return {"traits": current["traits"] + ["CUSTOM_DOCKER_HOST"]}
    written = asyncio.run(registration.update_with_generation(
        provider, "/resource_providers/x/traits", add_host_trait))
    assert written
    assert [w["resource_provider_generation"] for w in provider.writes] == [
        4, 5]
    assert provider.writes[-1]["traits"] == ["CUSTOM_OTHER",
                                             "CUSTOM_DOCKER_HOST"]


def test_nothing_is_written_when_nothing_changed():
    import asyncio
    provider = ChangingProvider()
    written = asyncio.run(registration.update_with_generation(
        provider, "/resource_providers/x/traits", lambda current: None))
    assert not written and provider.writes == []
