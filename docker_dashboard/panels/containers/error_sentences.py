"""Docker's and the proxy's raw errors as sentences that say what to do.

Docker answers a launch or a row action with its own wording ("Bind for
0.0.0.0:8080 failed: port is already allocated"); a user needs to know what
to change. Each known wording maps to a sentence; Docker's text is kept
after it as the details, so nothing it said is lost. Unknown errors are
shown as Docker wrote them.
"""
import re

from django.utils.translation import gettext as _

from docker_dashboard.panels.containers import units

_PORT = r"(?::|port )(?P<port>\d+)"


def _port_in_use(match):
    port = match.groupdict().get("port")
    if port:
        return _("Host port %s is in use: choose another or leave it empty "
                 "for a free one.") % port
    return _("A host port is in use: choose another or leave it empty for "
             "a free one.")


def _mib(match):
    return units.memory_text(int(match.group("bytes")) / (1024 * 1024))


# (regular expression on Docker's text, sentence or function of the match)
SENTENCES = (
    (re.compile(_PORT + r" failed: port is already allocated"), _port_in_use),
    (re.compile(r"port is already allocated|address already in use"),
     _port_in_use),
    (re.compile(r'container name "?/?(?P<name>[^" ]+)"? is already in use'),
     lambda m: _('The name "%s" is taken by another container: choose '
                 'another or leave it empty.') % m.group("name")),
    (re.compile(r"host ports below (?P<low>\d+) are reserved"),
     lambda m: _("Host ports below %s are kept for the host: choose a host "
                 "port from %s up, or leave it empty.")
     % (m.group("low"), m.group("low"))),
    (re.compile(r"memory limit may be at most (?P<bytes>\d+) bytes"),
     lambda m: _("Memory may be at most %s here: choose less.") % _mib(m)),
    (re.compile(r"Minimum memory limit allowed is (?P<mb>\d+)MB"),
     lambda m: _("Memory must be at least %s MiB.") % m.group("mb")),
    (re.compile(r"CPU limit may be at most (?P<cpus>[\d.]+) CPUs"),
     lambda m: _("At most %s CPUs here: choose fewer.") % m.group("cpus")),
    (re.compile(r"manifest unknown|manifest for \S+ not found|"
                r"repository does not exist|pull access denied"),
     lambda m: _("The registry has no such image: check the name and the "
                 "tag.")),
    (re.compile(r"No such image: (?P<image>\S+)"),
     lambda m: _("The image %s is not in Docker: pick one from the list or "
                 "fetch it first.") % m.group("image")),
    (re.compile(r'exec: "(?P<cmd>[^"]+)": executable file not found'),
     lambda m: _('The image has no command "%s": check the command or the '
                 'entrypoint.') % m.group("cmd")),
    (re.compile(r"cannot remove a running container"),
     lambda m: _("The container is running: stop it first, or use Force "
                 "Delete.")),
    (re.compile(r"removal of container \S+ is already in progress"),
     lambda m: _("The container is already being deleted: wait a moment "
                 "and reload.")),
    (re.compile(r"is not running"),
     lambda m: _("The container is not running: start it first.")),
    (re.compile(r"is (already )?paused|is paused"),
     lambda m: _("The container is paused: resume it first.")),
)


def sentence(raw):
    """The sentence for Docker's text, or None when it is not a known
    one."""
    for pattern, say in SENTENCES:
        match = pattern.search(raw or "")
        if match:
            return say(match)
    return None


def explain(raw):
    """What to show: the sentence, then Docker's own words as details; or
    Docker's words alone when there is no sentence for them."""
    said = sentence(raw)
    if not said:
        return raw
    return _("%(sentence)s Details: %(docker)s") % {"sentence": said,
                                                     "docker": raw}
