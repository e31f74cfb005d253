"""The proxy's settings, read from the environment (12-factor, no file needed).

Every variable has a default that fits the local stack, so `python -m
docker_dashboard.proxy` runs as is beside it.
"""
import dataclasses
import os
import socket

from docker_dashboard.proxy import public_images
from docker_dashboard.proxy.state import database


def _env(name, default):
    return os.environ.get(name, default)


def _secret(name):
    """`name`'s value, or the first line of the file `name`_FILE names: a
    password a unit file or a process listing should not show."""
    path = os.environ.get(name + "_FILE", "")
    if not path:
        return os.environ.get(name, "")
    with open(path, encoding="utf-8") as kept:
        return kept.readline().rstrip("\r\n")


@dataclasses.dataclass(frozen=True)
class ProxyConfig:
    listen_host: str = "127.0.0.1"
    listen_port: int = 8790
    keystone_url: str = "http://127.0.0.1:5000/v3"
    docker_socket: str = "/var/run/docker.sock"
    # The Engine API version the proxy speaks to dockerd (Docker 20.10).
    engine_api_version: str = "1.41"
    # How long a validated token is trusted before Keystone is asked again:
    # a revoked token keeps working at most this long.
    token_ttl: float = 60.0
    # The oslo.policy file the proxy enforces ("" = the plugin's own,
    # conf/docker_policy.yaml, which Horizon reads too). Read again when it
    # changes, from the next request on.
    policy_file: str = ""
    ticket_secret_file: str = ""
    allowed_origins: tuple = ("http://127.0.0.1:8000", "http://localhost:8000")
    state_dir: str = "/var/lib/docker-dashboard/proxy"
    # The state database (SQLAlchemy URL): "" is a SQLite file in
    # state_dir, enough for one proxy; several proxies that serve the same
    # records share a MariaDB/MySQL or PostgreSQL one.
    database_url: str = ""
    # This proxy's name among those sharing the database (its tasks are
    # marked with it): "" is <hostname>:<listen_port>.
    proxy_name: str = ""
    # Caps on what one container may ask for (bytes, CPUs, tmpfs bytes).
    max_memory: int = 4 * 1024 ** 3
    max_cpus: float = 2.0
    max_tmpfs: int = 256 * 1024 ** 2
    max_pids: int = 1024
    # Seconds: the shortest health check interval, timeout and start period
    # (each check is an exec dockerd runs outside the container's limits).
    min_health_interval: float = 1.0
    # Seconds a connection may take to send a request's headers, and stay
    # idle between requests, before the proxy closes it.
    header_timeout: float = 30.0
    # Seconds the proxy waits for dockerd, Keystone and Glance before it
    # answers 504 naming the one that did not answer. For dockerd, per call
    # (rules/deadlines.py): a short call's whole answer; a stream's first
    # byte only; a long piece of work (save, build, pull) as long as dockerd
    # answers its ping within it; a stop with t=N gets N more.
    docker_timeout: float = 15.0
    keystone_timeout: float = 10.0
    glance_timeout: float = 30.0
    # Which region's endpoints to take from a token's catalog ("" = any).
    region: str = ""
    # References the operator makes public, resolved to image ids (the only
    # source of public status besides an admin's publish: never a label).
    public_images: tuple = ()
    # Largest build context and `docker load` body the proxy spools, bytes.
    max_build_context: int = 2 * 1024 ** 3
    max_load_bytes: int = 8 * 1024 ** 3
    # Seconds a finished task (export, load, pull, push, build) stays
    # readable before its row is deleted.
    task_keep_seconds: float = 3600.0
    # Seconds a SIGTERM gives the proxy to end its live streams (an end
    # frame on each WebSocket), fail its running tasks and exit; the stop
    # timeout of whatever supervises it (systemd's TimeoutStopSec) must be
    # longer.
    shutdown_timeout: float = 10.0
    # Many Docker hosts (ARCHITECTURE.md, "Where users outgrow one machine").
    # This host's name among the proxies that share the state database
    # ("" is the machine's hostname), the address they reach this proxy at
    # ("" is http://listen_host:listen_port) and its availability zone.
    host_name: str = ""
    advertise_url: str = ""
    availability_zone: str = "nova"
    # False (DD_ROUTE=0): a proxy process that is not its host's endpoint
    # (a second process for the same host, a test's own) neither records
    # itself among the hosts nor routes to the others: a single-host proxy.
    route: bool = True
    # OpenStack Placement: "" leaves it out (one host, no claims); otherwise
    # the proxy registers its host there and claims each container's vCPUs
    # and memory, with a service user of its own (the token a user sends is
    # never used to write to Placement).
    placement_url: str = ""
    service_user: str = ""
    service_password: str = ""
    service_project: str = "service"
    service_domain: str = "Default"
    # The host's inventory in Placement, as Nova's compute service reports
    # its own: ratios of overcommit and what is kept back for the host.
    cpu_allocation_ratio: float = 16.0
    ram_allocation_ratio: float = 1.0
    disk_allocation_ratio: float = 1.0
    reserved_host_cpus: int = 0
    reserved_host_memory_mb: int = 512
    reserved_host_disk_gb: int = 0
    # Seconds between two reports of the inventory (and audits of the
    # allocations against the containers).
    inventory_interval: float = 60.0
    # How a launch picks among the hosts with room: "spread" (most free
    # memory first) or "pack" (least first); and how many it tries.
    placement_strategy: str = "spread"
    placement_attempts: int = 3
    # Quotas (Keystone unified limits, as Nova's): on with Placement unless
    # DD_QUOTAS=0. oslo.limit finds the `docker` endpoint its limits belong
    # to by DD_LIMITS_ENDPOINT_ID, or else by service type `docker`, DD_REGION
    # and the public interface.
    quotas: bool = True
    limits_endpoint_id: str = ""

    def __post_init__(self):
        # Frozen: the derived defaults are set the way dataclasses do.
        if not self.database_url:
            object.__setattr__(self, "database_url",
                               database.default_url(self.state_dir))
        if not self.host_name:
            object.__setattr__(self, "host_name", socket.gethostname())
        if not self.advertise_url:
            object.__setattr__(self, "advertise_url", "http://%s:%d" % (
                self.listen_host, self.listen_port))
        if self.placement_strategy not in ("spread", "pack"):
            raise ValueError("DD_PLACEMENT_STRATEGY must be spread or pack")
        if self.placement_attempts < 1:
            raise ValueError("DD_PLACEMENT_ATTEMPTS must be at least 1")
        if self.placement_url and not (self.service_user
                                       and self.service_password):
            raise ValueError("DD_PLACEMENT_URL needs DD_PROXY_SERVICE_USER "
                             "and DD_PROXY_SERVICE_PASSWORD")
        if not self.proxy_name:
            object.__setattr__(self, "proxy_name", "%s:%d" % (
                socket.gethostname(), self.listen_port))
        # 0 would switch aiohttp's timer off: a half-sent header would then
        # hold its connection for ever.
        if self.header_timeout <= 0:
            raise ValueError("DD_HEADER_TIMEOUT must be a positive number "
                             "of seconds")
        if self.shutdown_timeout <= 0:
            raise ValueError("DD_SHUTDOWN_TIMEOUT must be a positive number "
                             "of seconds")
        for name in ("docker_timeout", "keystone_timeout",
                     "glance_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError("DD_%s must be a positive number of "
                                 "seconds" % name.upper())
        if self.min_health_interval < 0:
            raise ValueError("DD_MIN_HEALTH_INTERVAL cannot be negative")

    @classmethod
    def from_env(cls):
        origins = _env("DD_ALLOWED_ORIGINS", "")
        return cls(
            listen_host=_env("DD_PROXY_HOST", cls.listen_host),
            listen_port=int(_env("DD_PROXY_PORT", cls.listen_port)),
            keystone_url=_env("DD_KEYSTONE_URL", cls.keystone_url).rstrip("/"),
            docker_socket=_env("DD_DOCKER_SOCKET", cls.docker_socket),
            token_ttl=float(_env("DD_TOKEN_TTL", cls.token_ttl)),
            policy_file=_env("DD_POLICY_FILE", ""),
            ticket_secret_file=_env("DD_TICKET_SECRET_FILE", ""),
            allowed_origins=(tuple(o.strip() for o in origins.split(",")
                                   if o.strip())
                             or cls.allowed_origins),
            state_dir=_env("DD_PROXY_STATE", cls.state_dir),
            database_url=_env("DD_DATABASE_URL", ""),
            proxy_name=_env("DD_PROXY_NAME", ""),
            max_memory=int(_env("DD_MAX_MEMORY", cls.max_memory)),
            max_cpus=float(_env("DD_MAX_CPUS", cls.max_cpus)),
            max_tmpfs=int(_env("DD_MAX_TMPFS", cls.max_tmpfs)),
            max_pids=int(_env("DD_MAX_PIDS", cls.max_pids)),
            min_health_interval=float(_env("DD_MIN_HEALTH_INTERVAL",
                                           cls.min_health_interval)),
            header_timeout=float(_env("DD_HEADER_TIMEOUT",
                                      cls.header_timeout)),
            docker_timeout=float(_env("DD_DOCKER_TIMEOUT",
                                      cls.docker_timeout)),
            keystone_timeout=float(_env("DD_KEYSTONE_TIMEOUT",
                                        cls.keystone_timeout)),
            glance_timeout=float(_env("DD_GLANCE_TIMEOUT",
                                      cls.glance_timeout)),
            region=_env("DD_REGION", cls.region),
            public_images=public_images.parse(_env("DD_PUBLIC_IMAGES", "")),
            max_build_context=int(_env("DD_MAX_BUILD_CONTEXT",
                                       cls.max_build_context)),
            max_load_bytes=int(_env("DD_MAX_LOAD_BYTES", cls.max_load_bytes)),
            task_keep_seconds=float(_env("DD_TASK_KEEP_SECONDS",
                                         cls.task_keep_seconds)),
            shutdown_timeout=float(_env("DD_SHUTDOWN_TIMEOUT",
                                        cls.shutdown_timeout)),
            host_name=_env("DD_HOST_NAME", ""),
            advertise_url=_env("DD_ADVERTISE_URL", "").rstrip("/"),
            availability_zone=_env("DD_AVAILABILITY_ZONE",
                                   cls.availability_zone),
            route=_env("DD_ROUTE", "1").strip().lower() not in (
                "0", "false", "no", "off"),
            placement_url=_env("DD_PLACEMENT_URL", "").rstrip("/"),
            service_user=_env("DD_PROXY_SERVICE_USER", ""),
            service_password=_secret("DD_PROXY_SERVICE_PASSWORD"),
            service_project=_env("DD_PROXY_SERVICE_PROJECT",
                                 cls.service_project),
            service_domain=_env("DD_PROXY_SERVICE_DOMAIN",
                                cls.service_domain),
            cpu_allocation_ratio=float(_env("DD_CPU_ALLOCATION_RATIO",
                                            cls.cpu_allocation_ratio)),
            ram_allocation_ratio=float(_env("DD_RAM_ALLOCATION_RATIO",
                                            cls.ram_allocation_ratio)),
            disk_allocation_ratio=float(_env("DD_DISK_ALLOCATION_RATIO",
                                             cls.disk_allocation_ratio)),
            reserved_host_cpus=int(_env("DD_RESERVED_HOST_CPUS",
                                        cls.reserved_host_cpus)),
            reserved_host_memory_mb=int(_env("DD_RESERVED_HOST_MEMORY_MB",
                                             cls.reserved_host_memory_mb)),
            reserved_host_disk_gb=int(_env("DD_RESERVED_HOST_DISK_GB",
                                           cls.reserved_host_disk_gb)),
            inventory_interval=float(_env("DD_INVENTORY_INTERVAL",
                                          cls.inventory_interval)),
            placement_strategy=_env("DD_PLACEMENT_STRATEGY",
                                    cls.placement_strategy),
            placement_attempts=int(_env("DD_PLACEMENT_ATTEMPTS",
                                        cls.placement_attempts)),
            quotas=_env("DD_QUOTAS", "1").strip().lower() not in (
                "0", "false", "no", "off"),
            limits_endpoint_id=_env("DD_LIMITS_ENDPOINT_ID", ""),
        )
