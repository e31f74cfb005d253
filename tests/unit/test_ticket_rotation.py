"""Rotating the ticket secret without downtime: the proxy accepts tickets
signed with the current secret or, while `<file>.previous` exists, the one
before it, and notices a rotation of the files without a restart."""
import types

import pytest

from docker_dashboard import tickets
from docker_dashboard.proxy import ws_auth
from docker_dashboard.tickets import Reason, TicketError

OLD = b"o" * 32
NEW = b"n" * 32
STRANGER = b"x" * 32
NOW = 1_700_000_000


def ticket(secret, now=NOW):
    return tickets.mint(secret, "proj-1", "user-1", "c0ffee", "logs",
                        ttl=60, now=now)


def verify_any(secrets_in_use, text, now=NOW + 1):
    return tickets.verify_any(secrets_in_use, text, "c0ffee", "logs", now=now)


def test_a_ticket_of_either_secret_is_accepted_during_a_rotation():
    assert verify_any((NEW, OLD), ticket(OLD)).project_id == "proj-1"
    assert verify_any((NEW, OLD), ticket(NEW)).project_id == "proj-1"


def test_after_the_rotation_the_old_secrets_tickets_are_refused():
    with pytest.raises(TicketError) as refused:
        verify_any((NEW,), ticket(OLD))
    assert refused.value.reason is Reason.BAD_SIGNATURE


def test_a_ticket_of_neither_secret_is_refused():
    with pytest.raises(TicketError) as refused:
        verify_any((NEW, OLD), ticket(STRANGER))
    assert refused.value.reason is Reason.BAD_SIGNATURE


def test_the_previous_secret_does_not_excuse_anything_else():
    # Signed with the old secret but expired: refused as expired.
    with pytest.raises(TicketError) as refused:
        verify_any((NEW, OLD), ticket(OLD), now=NOW + 61)
    assert refused.value.reason is Reason.EXPIRED
    with pytest.raises(TicketError) as refused:
        tickets.verify_any((NEW, OLD), ticket(OLD), "other", "logs",
                           now=NOW + 1)
    assert refused.value.reason is Reason.WRONG_CONTAINER


def test_the_previous_file_is_read_only_while_it_exists(tmp_path):
    current = tmp_path / "ticket_secret"
    current.write_bytes(NEW + b"\n")
    assert tickets.read_secret_files(str(current)) == (NEW,)
    (tmp_path / "ticket_secret.previous").write_bytes(OLD)
    assert tickets.read_secret_files(str(current)) == (NEW, OLD)


def test_the_proxy_sees_a_rotation_without_a_restart(tmp_path):
    current = tmp_path / "ticket_secret"
    previous = tmp_path / "ticket_secret.previous"
    app = {"config": types.SimpleNamespace(ticket_secret_file=str(current))}
    current.write_bytes(OLD)
    assert ws_auth.ticket_secrets(app) == (OLD,)
    # The operator's rotation: the old secret kept aside, the new one in.
    previous.write_bytes(OLD)
    current.write_bytes(NEW)
    assert ws_auth.ticket_secrets(app) == (NEW, OLD)
    # ...and once no ticket of the old secret can be alive, it goes.
    previous.unlink()
    assert ws_auth.ticket_secrets(app) == (NEW,)
