"""Rotating the ticket secret on a running proxy (README "Production"): no
restart, tickets of the old secret open sockets while `<file>.previous`
holds it, and none once it is removed."""
import base64
import os

from docker_dashboard import tickets
from tests import stack
from tests.integration import ws_support


def new_secret():
    return base64.b64encode(os.urandom(48))


def write_atomically(path, content):
    with open(path + ".new", "wb") as handle:
        handle.write(content)
    os.chmod(path + ".new", 0o600)
    os.replace(path + ".new", path)


def opens(base, secret, container_id):
    ticket = tickets.mint(secret, stack.project_ids()["demo"], "user",
                          container_id, "logs")
    url = ws_support.ws_url(container_id, base=base, ticket=ticket)
    return ws_support.status_of(url)


def test_a_rotation_keeps_both_secrets_working_until_the_previous_goes(
        tmp_path):
    path = str(tmp_path / "ticket_secret")
    old, new = new_secret(), new_secret()
    write_atomically(path, old)
    with stack.own_proxy(DD_TICKET_SECRET_FILE=path) as (_, url), \
            ws_support.container(["sleep", "60"]) as container_id:
        base = url.replace("http://", "ws://", 1)
        assert opens(base, old, container_id) == 101
        assert opens(base, new, container_id) == 403
        # The rotation, as the README says: old kept aside, new in place.
        write_atomically(path + tickets.PREVIOUS_SECRET_SUFFIX, old)
        write_atomically(path, new)
        assert opens(base, new, container_id) == 101
        assert opens(base, old, container_id) == 101
        os.unlink(path + tickets.PREVIOUS_SECRET_SUFFIX)
        assert opens(base, new, container_id) == 101
        assert opens(base, old, container_id) == 403
