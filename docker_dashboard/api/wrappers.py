"""Read-only views over the Engine API's JSON, with the names templates use."""
import datetime
import shlex

from openstack_dashboard.api.base import APIDictWrapper

from docker_dashboard import image_refs


def format_port(port):
    """One published port the way `docker ps` prints it."""
    private = "%s/%s" % (port.get("PrivatePort"), port.get("Type", "tcp"))
    if port.get("PublicPort"):
        address = port.get("IP") or "0.0.0.0"
        if ":" in address:
            # An IPv6 address is bracketed before its port, as `docker ps`
            # prints `[::]:8080->80/tcp`.
            address = "[%s]" % address
        return "%s:%s->%s" % (address, port["PublicPort"], private)
    return private


# Written by the proxy of the Docker host that created the container, over
# any value the caller sent; a container made before there were many hosts
# has none.
HOST_LABEL = "org.openstack.docker-host"
# Written by the proxy on every object it creates: the owning project.
PROJECT_LABEL = "org.openstack.project-id"
ZONE_LABEL = "org.openstack.availability-zone"


def host_of(labels):
    """The Docker host a container runs on, from its labels, or None."""
    return labels.get(HOST_LABEL) or None


class Container(APIDictWrapper):
    """A row of `GET /containers/json`."""

    _attrs = ("Id", "Names", "Image", "State", "Status", "Ports", "Created",
              "Labels", "Command")

    @property
    def id(self):
        return self._apidict["Id"]

    @property
    def name(self):
        names = self._apidict.get("Names") or []
        return names[0].lstrip("/") if names else self.id[:12]

    @property
    def image(self):
        return image_refs.shown_reference(self._apidict.get("Image", ""))

    @property
    def state(self):
        return self._apidict.get("State", "")

    @property
    def status(self):
        return self._apidict.get("Status", "")

    @property
    def ports(self):
        # Docker lists a port once per host address family; show each once.
        seen = []
        for port in self._apidict.get("Ports") or []:
            text = format_port(port)
            if text not in seen:
                seen.append(text)
        return seen

    @property
    def created(self):
        stamp = self._apidict.get("Created")
        if stamp is None:
            return None
        return datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc)

    @property
    def labels(self):
        return self._apidict.get("Labels") or {}

    @property
    def host(self):
        return host_of(self.labels)

    @property
    def uptime(self):
        """How long a running container has been up, from Docker's own
        Status text ("Up 5 minutes (healthy)"); None when not running."""
        status = self.status
        if not status.startswith("Up "):
            return None
        return status[3:].split(" (")[0]

    @classmethod
    def from_inspect(cls, detail):
        """A list row rebuilt from an inspect answer: the ajax row update
        refetches one container this way (there is no one-row list call)."""
        data = detail._apidict if isinstance(detail, ContainerDetail) \
            else detail
        state = data.get("State") or {}
        ports = []
        for private, bindings in sorted(
                ((data.get("NetworkSettings") or {}).get("Ports")
                 or {}).items()):
            number, _slash, proto = private.partition("/")
            for binding in bindings or [{}]:
                port = {"PrivatePort": int(number), "Type": proto or "tcp"}
                if binding.get("HostPort"):
                    port["IP"] = binding.get("HostIp") or "0.0.0.0"
                    port["PublicPort"] = int(binding["HostPort"])
                ports.append(port)
        config = data.get("Config") or {}
        return cls({
            "Id": data["Id"],
            "Names": [data.get("Name", "")],
            "Image": config.get("Image", ""),
            "State": state.get("Status", ""),
            "Status": status_text(state),
            "Ports": ports,
            "Created": _epoch(data.get("Created")),
            "Labels": config.get("Labels") or {},
        })


def _parse_time(text):
    """Docker's RFC 3339 times with nanoseconds, as aware datetimes."""
    if not text or text.startswith("0001-"):
        return None
    head, _dot, rest = text.partition(".")
    zone = "+00:00"
    if rest:
        for sign in ("Z", "+", "-"):
            if sign in rest:
                idx = rest.index(sign)
                zone = "+00:00" if sign == "Z" else rest[idx:]
                break
    elif text.endswith("Z"):
        head = text[:-1]
    return datetime.datetime.fromisoformat(head + zone)


def _epoch(text):
    moment = _parse_time(text)
    return int(moment.timestamp()) if moment else None


def status_text(state):
    """Docker's Status sentence ("Up 3 minutes", "Exited (0) ...") for an
    inspect State, close enough to what the list call says."""
    from django.utils.timesince import timesince
    status = state.get("Status", "")
    started = _parse_time(state.get("StartedAt"))
    if status in ("running", "paused", "restarting") and started:
        text = "Up %s" % timesince(started)
        return text + " (Paused)" if status == "paused" else text
    if status == "exited":
        return "Exited (%s)" % state.get("ExitCode", 0)
    return status.capitalize()


# Environment keys whose values are hidden until the user reveals them.
SECRET_WORDS = ("PASS", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "AUTH",
                "PRIVATE")


def looks_secret(key):
    upper = key.upper()
    return any(word in upper for word in SECRET_WORDS)


class ContainerDetail(APIDictWrapper):
    """An inspect answer (`GET /containers/{id}/json`)."""

    _attrs = ("Id", "Name", "Config", "State", "HostConfig", "Mounts",
              "NetworkSettings", "RestartCount", "Path", "Args")

    def _section(self, name):
        return self._apidict.get(name) or {}

    @property
    def id(self):
        return self._apidict["Id"]

    @property
    def name(self):
        return self._apidict.get("Name", "").lstrip("/") or self.id[:12]

    @property
    def image(self):
        return image_refs.shown_reference(
            self._section("Config").get("Image", ""))

    @property
    def command(self):
        # Quoted as a shell would need it (`sh -c 'echo hi'`), so what is
        # shown is what was run.
        parts = [self._apidict.get("Path") or ""] + list(
            self._apidict.get("Args") or [])
        return shlex.join(p for p in parts if p)

    @property
    def state(self):
        return self._section("State").get("Status", "")

    @property
    def exit_code(self):
        return self._section("State").get("ExitCode")

    @property
    def restart_count(self):
        return self._apidict.get("RestartCount", 0)

    @property
    def health(self):
        health = self._section("State").get("Health") or {}
        return health.get("Status")

    @property
    def started_at(self):
        return _parse_time(self._section("State").get("StartedAt"))

    @property
    def created(self):
        return _parse_time(self._apidict.get("Created"))

    @property
    def vcpus(self):
        nano = self._section("HostConfig").get("NanoCpus") or 0
        return nano / 1e9 if nano else None

    @property
    def memory_mb(self):
        memory = self._section("HostConfig").get("Memory") or 0
        return memory // (1024 * 1024) if memory else None

    @property
    def restart_policy(self):
        policy = self._section("HostConfig").get("RestartPolicy") or {}
        return policy.get("Name") or "no"

    @property
    def ports(self):
        return Container.from_inspect(self._apidict).ports

    @property
    def mounts(self):
        return [{"type": m.get("Type"), "source": m.get("Name") or
                 m.get("Source"), "destination": m.get("Destination"),
                 "rw": m.get("RW", True)}
                for m in self._apidict.get("Mounts") or []]

    @property
    def networks(self):
        networks = self._section("NetworkSettings").get("Networks") or {}
        return [{"name": name, "ip": (net or {}).get("IPAddress") or "-"}
                for name, net in sorted(networks.items())]

    @property
    def labels(self):
        return self._section("Config").get("Labels") or {}

    @property
    def host(self):
        return host_of(self.labels)

    @property
    def environment(self):
        """[(key, value, secret)], secret for keys that look like one."""
        variables = []
        for entry in self._section("Config").get("Env") or []:
            key, _eq, value = entry.partition("=")
            variables.append((key, value, looks_secret(key)))
        return variables


class Image(APIDictWrapper):
    """An image: a row of `GET /images/json` or an inspect answer, plus what
    a panel adds (how many containers use it, its layer count, a snapshot's
    comment and current container). The one image wrapper of the plugin."""

    _attrs = ("Id", "RepoTags", "Labels", "Size", "Created", "Comment")

    def __init__(self, apidict, containers=0):
        super().__init__(apidict)
        self.containers = containers
        self.layer_count = None
        # A snapshot's container as it is now: (id, name) of the container
        # it was taken of, or of the one that replaced it by roll back.
        self.container = None

    @property
    def id(self):
        return self._apidict["Id"]

    @property
    def short_id(self):
        return image_refs.short_id(self.id)

    @property
    def tags(self):
        return image_refs.names(self._apidict.get("RepoTags"))

    @property
    def name(self):
        return image_refs.display_name(self._apidict.get("RepoTags"), self.id)

    @property
    def labels(self):
        return (self._apidict.get("Labels")
                or (self._apidict.get("Config") or {}).get("Labels") or {})

    @property
    def size(self):
        return self._apidict.get("Size") or 0

    @property
    def created(self):
        """An aware datetime (the list says epoch seconds, an inspect an
        RFC 3339 text)."""
        stamp = self._apidict.get("Created")
        if isinstance(stamp, str):
            return _parse_time(stamp)
        return (datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc)
                if stamp else None)

    @property
    def created_at(self):
        moment = self.created
        return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""

    @property
    def public(self):
        return self.labels.get("org.openstack.public") == "true"

    @property
    def comment(self):
        # Only an inspect answer carries it; the list rows do not.
        return self._apidict.get("Comment") or ""

    @property
    def source_container(self):
        """The id of the container a snapshot was taken of (the proxy's
        commit label), "" for an image that is not a snapshot."""
        return self.labels.get("org.openstack.snapshot-of", "")

    @property
    def source_name(self):
        """The name the container had when the snapshot was taken."""
        return self.labels.get("io.docker-dashboard.container-name", "")


class Volume(APIDictWrapper):
    """A row of `GET /volumes`."""

    _attrs = ("Name", "Driver", "Labels", "Mountpoint")

    @property
    def name(self):
        return self._apidict["Name"]


class DockerHost(APIDictWrapper):
    """One Docker host of `GET /dd/hosts` (listed for admins only)."""

    _attrs = ("name", "url", "availability_zone", "up", "provider_uuid")

    @property
    def name(self):
        return self._apidict.get("name") or ""

    @property
    def availability_zone(self):
        return self._apidict.get("availability_zone") or ""

    @property
    def up(self):
        # Whether its proxy answered the routing proxy's probe; only a
        # host said to be down is shown as not answering.
        return self._apidict.get("up", True) is not False


class DockerHosts(object):
    """The answer of `GET /dd/hosts`: the cloud's availability zones (for
    everyone) and, for an admin, its Docker hosts."""

    def __init__(self, answer=None):
        answer = answer if isinstance(answer, dict) else {}
        self.availability_zones = [
            zone for zone in answer.get("availability_zones") or []
            if isinstance(zone, str) and zone]
        self.hosts = [DockerHost(row) for row in answer.get("hosts") or []
                      if isinstance(row, dict) and row.get("name")]
