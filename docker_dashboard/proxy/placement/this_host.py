"""What this proxy knows of its host in Placement, while it runs: kept in
one object (app["placement_host"]) because an aiohttp app's own keys are
fixed once it started."""


class ThisHost:
    def __init__(self, provider_uuid=None):
        # The provider uuid once registered (None until then: no claims).
        self.provider_uuid = provider_uuid
        # The registration's last state, for one log line per change.
        self.state = None
        # Consumers claimed by creates still in flight: not audit drift.
        self.in_flight = set()
        # The background jobs (registration.keep_current, watch).
        self.jobs = []
