"""Read-only views over the Engine API's JSON, with the names templates use."""
import datetime

from openstack_dashboard.api.base import APIDictWrapper


def format_port(port):
    """One published port the way `docker ps` prints it."""
    private = "%s/%s" % (port.get("PrivatePort"), port.get("Type", "tcp"))
    if port.get("PublicPort"):
        return "%s:%s->%s" % (port.get("IP", "0.0.0.0"), port["PublicPort"],
                              private)
    return private


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
        return self._apidict.get("Image", "")

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
            text = format_port(port).replace("::->", "").replace(":::", "")
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
