"""What the Launch workflow's cleaned fields mean to the Engine API.

Pure: turns the form's values into docker-py's create_container and
create_host_config arguments, so it is tested without Horizon or Docker.
"""
import dataclasses
import shlex

MIB = 1024 * 1024
NANO = 10 ** 9


def split_command(text):
    """A command line as Docker's argument list (shell quoting honoured)."""
    return shlex.split(text) if text and text.strip() else None


def parse_pairs(text, what):
    """KEY=VALUE lines as an ordered dict; ValueError names the bad line."""
    pairs = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, eq, value = line.partition("=")
        key = key.strip()
        if not eq or not key or any(c.isspace() for c in key):
            raise ValueError("Line %d: write each %s as KEY=value"
                             % (number, what))
        pairs[key] = value
    return pairs


PROTOCOLS = ("tcp", "udp", "sctp")


def parse_port(text):
    """One port in Docker's own order, `[HOST:]CONTAINER[/PROTO]` (`8080:80`,
    `53:53/udp`, `80` for a free host port), as (container, proto, host);
    ValueError says what is wrong."""
    mapping, _slash, proto = text.strip().partition("/")
    proto = (proto or "tcp").lower()
    host, _colon, container = mapping.rpartition(":")
    try:
        container_port = int(container)
        host_port = int(host) if host.strip() else None
    except ValueError:
        raise ValueError("write a port as 8080:80 (host:container), 80 "
                         "(any free host port) or 53:53/udp")
    if proto not in PROTOCOLS:
        raise ValueError("the protocol is tcp, udp or sctp")
    for port in (container_port, host_port):
        if port is not None and not 1 <= port <= 65535:
            raise ValueError("ports are between 1 and 65535")
    return container_port, proto, host_port


def parse_ports(text):
    """Lines of `[HOST:]CONTAINER[/PROTO]` as [(container, proto,
    host|None)]; a missing host port means Docker picks a free one."""
    ports = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            ports.append(parse_port(line))
        except ValueError as exc:
            raise ValueError("Line %d: %s" % (number, exc))
    return ports


def parse_volumes(text):
    """Lines "VOLUME:/path/in/container" as [(volume, path)]."""
    volumes = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, _colon, path = line.partition(":")
        if not name or not path.startswith("/") or "/" in name:
            raise ValueError("Line %d: write a volume as NAME:/path "
                             "(a named volume, not a host folder)" % number)
        volumes.append((name, path))
    return volumes


@dataclasses.dataclass
class LaunchSpec:
    image: str
    name: str = None
    command: list = None
    entrypoint: list = None
    working_dir: str = None
    tty: bool = False
    vcpus: float = None
    memory_mb: int = None
    ports: list = dataclasses.field(default_factory=list)
    mounts: list = dataclasses.field(default_factory=list)
    new_volumes: list = dataclasses.field(default_factory=list)
    environment: dict = dataclasses.field(default_factory=dict)
    labels: dict = dataclasses.field(default_factory=dict)
    restart_policy: str = "no"
    max_retries: int = 0

    def create_kwargs(self):
        kwargs = {"image": self.image, "tty": self.tty,
                  "stdin_open": self.tty, "detach": True}
        optional = {"name": self.name, "command": self.command,
                    "entrypoint": self.entrypoint,
                    "working_dir": self.working_dir,
                    "environment": self.environment or None,
                    "labels": self.labels or None}
        kwargs.update({k: v for k, v in optional.items() if v})
        if self.ports:
            kwargs["ports"] = [(port, proto) for port, proto, _h
                               in self.ports]
        return kwargs

    def host_config_kwargs(self):
        kwargs = {}
        if self.vcpus:
            kwargs["nano_cpus"] = int(self.vcpus * NANO)
        if self.memory_mb:
            kwargs["mem_limit"] = int(self.memory_mb) * MIB
        if self.ports:
            kwargs["port_bindings"] = {
                "%d/%s" % (port, proto): host
                for port, proto, host in self.ports}
        if self.mounts:
            from docker.types import Mount
            kwargs["mounts"] = [Mount(target=path, source=name,
                                      type="volume")
                                for name, path in self.mounts]
        if self.restart_policy and self.restart_policy != "no":
            policy = {"Name": self.restart_policy}
            if self.restart_policy == "on-failure" and self.max_retries:
                policy["MaximumRetryCount"] = self.max_retries
            kwargs["restart_policy"] = policy
        return kwargs
