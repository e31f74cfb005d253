"""What the Containers panel shows of the cloud's Docker hosts.

A member sees one cloud: the availability zones to launch in, and when a
host does not answer, only that the list is short. An admin also sees which
host runs each container, may pin a launch to one, and is told which host
is silent. The proxy enforces the same (it refuses a pin from a member).
"""
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from horizon import messages
from openstack_dashboard import policy

from docker_dashboard.api.wrappers import HOST_LABEL
from docker_dashboard.api.wrappers import ZONE_LABEL

# The policy file's rule for seeing and choosing hosts (admins): the
# proxy lists the hosts and takes a pinned launch only from those it allows.
HOSTS_RULE = ("docker", "docker:host:choose")


def shown_to(request):
    """True when the user may see and choose the Docker hosts."""
    return policy.check((HOSTS_RULE,), request)


def warn_unlisted(request, hosts):
    """A warning on the page for the hosts whose containers are missing
    from the list (the routing proxy names them); nothing when none."""
    if not hosts:
        return
    if shown_to(request):
        messages.warning(request, ngettext(
            "Docker host %(hosts)s is not answering: its containers are "
            "not listed.",
            "Docker hosts %(hosts)s are not answering: their containers "
            "are not listed.", len(hosts)) % {"hosts": ", ".join(hosts)})
    else:
        messages.warning(request, _("Some containers cannot be listed "
                                    "right now."))


def zone_choices(answer):
    return [("", _("Any zone"))] + [(zone, zone)
                                    for zone in answer.availability_zones]


def host_choices(answer):
    choices = [("", _("Any host"))]
    for host in answer.hosts:
        if host.up:
            label = _("%(host)s (zone %(zone)s)")
        else:
            label = _("%(host)s (zone %(zone)s, not answering)")
        choices.append((host.name, label % {
            "host": host.name, "zone": host.availability_zone or "-"}))
    return choices


def where_labels(labels, zone=None, host=None):
    """The create body's labels with the chosen zone and host: the routing
    proxy places the container by them, then the host's proxy writes its
    own over them."""
    chosen = dict(labels)
    if zone:
        chosen[ZONE_LABEL] = zone
    if host:
        chosen[HOST_LABEL] = host
    return chosen
