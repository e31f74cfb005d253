"""Tests for docker_dashboard.tickets: minting, verification and Origin checks."""

import base64
import hashlib
import hmac
import json

import pytest

from docker_dashboard import tickets
from docker_dashboard.tickets import Reason, TicketError

SECRET = b"s" * 32
OTHER_SECRET = b"t" * 32
NOW = 1_700_000_000
CLAIMS = dict(project_id="proj-1", user_id="user-1", container_id="c0ffee", action="logs")


def mint(**overrides):
    args = dict(CLAIMS, ttl=60, now=NOW)
    args.update(overrides)
    return tickets.mint(SECRET, **args)


def verify(ticket, container_id="c0ffee", action="logs", now=NOW + 1, secret=SECRET):
    return tickets.verify(secret, ticket, container_id, action, now=now)


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def payload_of(ticket):
    return json.loads(unb64(ticket.split(".")[1]))


def with_payload(ticket, payload):
    """Replace the payload but keep the original signature (an attacker's edit)."""
    version, _, signature = ticket.split(".")
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return f"{version}.{b64(raw)}.{signature}"


def signed(raw_payload, secret=SECRET, version="v1"):
    """Build a correctly signed ticket around arbitrary payload bytes."""
    signed_text = f"{version}.{b64(raw_payload)}"
    digest = hmac.new(secret, signed_text.encode(), hashlib.sha256).digest()
    return f"{signed_text}.{b64(digest)}"


def reason_of(call):
    with pytest.raises(TicketError) as info:
        call()
    return info.value.reason


# -- round trip ---------------------------------------------------------------

@pytest.mark.parametrize("action", sorted(tickets.ALLOWED_ACTIONS))
def test_round_trip_returns_all_claims(action):
    ticket = mint(action=action)
    claims = verify(ticket, action=action)
    assert claims == tickets.TicketClaims("proj-1", "user-1", "c0ffee", action, NOW + 60)


def test_ticket_is_url_safe_and_versioned():
    ticket = mint(project_id="p/+?&=", user_id="ü ñ")
    assert ticket.startswith("v1.")
    assert set(ticket) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    assert verify(ticket).user_id == "ü ñ"


def test_non_ascii_claims_round_trip():
    ticket = mint(container_id="контейнер")
    assert verify(ticket, container_id="контейнер").container_id == "контейнер"


def test_fractional_now_never_extends_the_ttl():
    ticket = tickets.mint(SECRET, **CLAIMS, ttl=60, now=NOW + 0.99)
    assert payload_of(ticket)["e"] == NOW + 60


def test_default_now_uses_the_clock():
    assert tickets.verify(SECRET, tickets.mint(SECRET, **CLAIMS), "c0ffee", "logs").action == "logs"


# -- mint refusals --------------------------------------------------------------

@pytest.mark.parametrize("overrides, reason", [
    ({"ttl": 61}, Reason.INVALID_TTL),
    ({"ttl": 3600}, Reason.INVALID_TTL),
    ({"ttl": 0}, Reason.INVALID_TTL),
    ({"ttl": -5}, Reason.INVALID_TTL),
    ({"ttl": 30.5}, Reason.INVALID_TTL),
    ({"ttl": True}, Reason.INVALID_TTL),
    ({"action": "exec"}, Reason.UNKNOWN_ACTION),
    ({"action": "LOGS"}, Reason.UNKNOWN_ACTION),
    ({"project_id": ""}, Reason.INVALID_FIELD),
    ({"user_id": None}, Reason.INVALID_FIELD),
    ({"container_id": 42}, Reason.INVALID_FIELD),
    ({"container_id": "x" * 256}, Reason.INVALID_FIELD),
])
def test_mint_refuses(overrides, reason):
    assert reason_of(lambda: mint(**overrides)) == reason


def test_mint_accepts_max_ttl_and_one_second():
    assert payload_of(mint(ttl=60))["e"] == NOW + 60
    assert payload_of(mint(ttl=1))["e"] == NOW + 1


@pytest.mark.parametrize("secret, error", [
    (b"", ValueError),
    (b"short", ValueError),
    ("s" * 32, TypeError),
    (None, TypeError),
])
def test_bad_secret_is_a_configuration_error(secret, error):
    with pytest.raises(error):
        tickets.mint(secret, **CLAIMS, now=NOW)
    with pytest.raises(error):
        tickets.verify(secret, mint(), "c0ffee", "logs", now=NOW)


# -- verify refusals ------------------------------------------------------------

def _tamper(field, value):
    def make():
        payload = payload_of(mint())
        payload[field] = value
        return with_payload(mint(), payload)
    return make


def _swap(a, b):
    def make():
        payload = payload_of(mint(project_id="A", user_id="B", container_id="C"))
        payload[a], payload[b] = payload[b], payload[a]
        return with_payload(mint(project_id="A", user_id="B", container_id="C"), payload)
    return make


def _replace_part(index, value):
    def make():
        parts = mint().split(".")
        parts[index] = value
        return ".".join(parts)
    return make


def _flip_signature_char():
    ticket = mint()
    last = ticket[-2]
    return ticket[:-2] + ("A" if last != "A" else "B") + ticket[-1]


VERIFY_CASES = [
    # (id, make_ticket, verify kwargs, reason)
    ("tamper project", _tamper("p", "proj-2"), {}, Reason.BAD_SIGNATURE),
    ("tamper user", _tamper("u", "admin"), {}, Reason.BAD_SIGNATURE),
    ("tamper container", _tamper("c", "other"), {"container_id": "other"}, Reason.BAD_SIGNATURE),
    ("tamper action", _tamper("a", "console"), {"action": "console"}, Reason.BAD_SIGNATURE),
    ("tamper expiry", _tamper("e", NOW + 3600), {}, Reason.BAD_SIGNATURE),
    ("swap project/user", _swap("p", "u"), {"container_id": "C"}, Reason.BAD_SIGNATURE),
    ("swap user/container", _swap("u", "c"), {"container_id": "B"}, Reason.BAD_SIGNATURE),
    ("flipped signature", _flip_signature_char, {}, Reason.BAD_SIGNATURE),
    ("wrong secret", mint, {"secret": OTHER_SECRET}, Reason.BAD_SIGNATURE),
    ("empty signature", _replace_part(2, ""), {}, Reason.MALFORMED),
    ("signature of another ticket", lambda: ".".join(
        mint().split(".")[:2] + mint(user_id="user-2").split(".")[2:]), {}, Reason.BAD_SIGNATURE),
    ("truncated", lambda: mint()[:-5], {}, Reason.BAD_SIGNATURE),
    ("truncated to two parts", lambda: mint().rsplit(".", 1)[0], {}, Reason.MALFORMED),
    ("extra part", lambda: mint() + ".x", {}, Reason.MALFORMED),
    ("empty", lambda: "", {}, Reason.MALFORMED),
    ("not a string", lambda: b"v1.abc.def", {}, Reason.MALFORMED),
    ("none", lambda: None, {}, Reason.MALFORMED),
    ("non-ascii junk", lambda: "v1.ünï.cødé", {}, Reason.MALFORMED),
    ("non-ascii appended", lambda: mint() + "é", {}, Reason.MALFORMED),
    ("padding chars", lambda: mint() + "==", {}, Reason.BAD_SIGNATURE),
    ("huge", lambda: "v1." + "A" * 5000 + ".x", {}, Reason.MALFORMED),
    ("other version", _replace_part(0, "v2"), {}, Reason.UNSUPPORTED_VERSION),
    ("no version", lambda: "." + mint().split(".", 1)[1], {}, Reason.MALFORMED),
    ("expired by one second", mint, {"now": NOW + 61}, Reason.EXPIRED),
    ("expired exactly at expiry", mint, {"now": NOW + 60}, Reason.EXPIRED),
    ("long expired", mint, {"now": NOW + 86400}, Reason.EXPIRED),
    ("future dated", lambda: mint(now=NOW + 3600), {"now": NOW}, Reason.FUTURE_DATED),
    ("wrong container", mint, {"container_id": "c0ffee2"}, Reason.WRONG_CONTAINER),
    ("container prefix", mint, {"container_id": "c0ff"}, Reason.WRONG_CONTAINER),
    ("wrong action", mint, {"action": "console"}, Reason.WRONG_ACTION),
    ("swapped container/action", lambda: mint(container_id="logs", action="console"),
     {"container_id": "console", "action": "logs"}, Reason.WRONG_CONTAINER),
    # Correctly signed but nonsense payloads: only a minting bug or a leaked
    # secret could produce these, and they still must not crash the proxy.
    ("signed non-json", lambda: signed(b"not json"), {}, Reason.MALFORMED),
    ("signed non-utf8", lambda: signed(b"\xff\xfe"), {}, Reason.MALFORMED),
    ("signed list", lambda: signed(b"[1,2]"), {}, Reason.MALFORMED),
    ("signed missing field", lambda: signed(
        b'{"a":"logs","c":"c0ffee","e":%d,"n":"id","p":"p"}' % (NOW + 60)), {}, Reason.MALFORMED),
    ("signed extra field", lambda: signed(
        b'{"a":"logs","admin":true,"c":"c0ffee","e":%d,"n":"id","p":"p","u":"u"}' % (NOW + 60)),
     {}, Reason.MALFORMED),
    ("signed string expiry", lambda: signed(
        b'{"a":"logs","c":"c0ffee","e":"%d","n":"id","p":"p","u":"u"}' % (NOW + 60)), {}, Reason.MALFORMED),
    ("signed bool expiry", lambda: signed(
        b'{"a":"logs","c":"c0ffee","e":true,"n":"id","p":"p","u":"u"}'), {}, Reason.MALFORMED),
    ("signed empty user", lambda: signed(
        b'{"a":"logs","c":"c0ffee","e":%d,"n":"id","p":"p","u":""}' % (NOW + 60)), {}, Reason.MALFORMED),
    ("signed unknown action", lambda: signed(
        b'{"a":"exec","c":"c0ffee","e":%d,"n":"id","p":"p","u":"u"}' % (NOW + 60)),
     {"action": "logs"}, Reason.UNKNOWN_ACTION),
]


@pytest.mark.parametrize("make_ticket, kwargs, reason",
                         [case[1:] for case in VERIFY_CASES],
                         ids=[case[0] for case in VERIFY_CASES])
def test_verify_refuses(make_ticket, kwargs, reason):
    ticket = make_ticket()
    assert reason_of(lambda: verify(ticket, **kwargs)) == reason


def test_valid_until_the_last_second():
    assert verify(mint(), now=NOW + 59.999).expires == NOW + 60


def test_small_clock_skew_is_tolerated():
    # Horizon's clock 5 s ahead of the proxy's.
    assert verify(mint(now=NOW + 5), now=NOW).action == "logs"
    assert reason_of(lambda: verify(mint(now=NOW + 6), now=NOW)) == Reason.FUTURE_DATED


def test_field_boundaries_are_unambiguous():
    # Concatenation-style encodings would sign "ab"+"c" and "a"+"bc" the same.
    one = mint(project_id="ab", user_id="c")
    two = mint(project_id="a", user_id="bc")
    assert one.split(".")[2] != two.split(".")[2]
    mixed = ".".join(two.split(".")[:2] + one.split(".")[2:])
    assert reason_of(lambda: verify(mixed)) == Reason.BAD_SIGNATURE


def test_verify_with_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        verify(mint(), action="exec")


def test_error_message_names_the_reason():
    with pytest.raises(TicketError, match="^expired: "):
        verify(mint(), now=NOW + 61)
    assert str(TicketError(Reason.BAD_SIGNATURE)) == "bad_signature"
    assert Reason.EXPIRED == "expired"  # usable as a plain string in logs/JSON


# -- Origin ---------------------------------------------------------------------

ALLOWED = ["https://dash.example.com", "http://localhost:8000", "https://[::1]:8443/"]


@pytest.mark.parametrize("origin, ok", [
    ("https://dash.example.com", True),
    ("https://dash.example.com:443", True),
    ("HTTPS://Dash.Example.COM", True),
    ("http://localhost:8000", True),
    ("https://[::1]:8443", True),
    ("http://dash.example.com", False),          # scheme differs
    ("https://dash.example.com:8443", False),    # port differs
    ("http://localhost", False),                 # default port 80, not 8000
    ("http://localhost:8001", False),
    ("https://evil.dash.example.com", False),
    ("https://dash.example.com.evil.org", False),
    ("https://dash.example.co", False),
    ("https://dash.example.com/", False),        # browsers never send a path
    ("https://dash.example.com/path", False),
    ("https://user@dash.example.com", False),
    ("https://dash.example.com:notaport", False),
    ("https://dash.example.com:99999", False),
    ("null", False),
    ("", False),
    (None, False),
    ("file://", False),
    ("dash.example.com", False),
    ("wss://dash.example.com", False),
    ("https://dash.exämple.com", False),
])
def test_check_origin(origin, ok):
    assert tickets.check_origin(origin, ALLOWED) is ok


def test_check_origin_with_nothing_allowed_refuses_everything():
    assert tickets.check_origin("https://dash.example.com", []) is False


@pytest.mark.parametrize("bad_config", [
    "dash.example.com", "ftp://dash.example.com", "https://dash.example.com/horizon", "*",
])
def test_check_origin_rejects_bad_configuration_loudly(bad_config):
    with pytest.raises(ValueError):
        tickets.check_origin("https://dash.example.com", [bad_config])


# -- single use ---------------------------------------------------------------

def test_two_tickets_with_the_same_claims_have_different_ids():
    first, second = verify(mint()), verify(mint())
    assert first == second
    assert first.ticket_id and first.ticket_id != second.ticket_id


def test_a_ticket_is_accepted_once():
    used = tickets.UsedTickets()
    claims = verify(mint())
    used.spend(claims, now=NOW)
    assert reason_of(lambda: used.spend(claims, now=NOW + 1)) \
        == Reason.ALREADY_USED
    used.spend(verify(mint()), now=NOW + 1)


def test_used_ids_are_forgotten_when_their_ticket_expires():
    used = tickets.UsedTickets()
    used.spend(verify(mint()), now=NOW)
    assert len(used) == 1
    used.spend(verify(mint(now=NOW + 60), now=NOW + 60), now=NOW + 60)
    assert len(used) == 1


def test_a_ticket_without_an_id_is_refused():
    payload = b'{"a":"logs","c":"c0ffee","e":%d,"p":"p","u":"u"}' % (NOW + 60)
    assert reason_of(lambda: verify(signed(payload))) == Reason.MALFORMED


def test_an_admins_ticket_names_the_admins_own_project_too():
    # Admin -> Docker -> Containers: the container's project is "p", the
    # admin's own "o"; the proxy audits such a ticket (rules/audit.py).
    ticket = tickets.mint(SECRET, "demo-project", "admin-user", "c" * 64,
                          "console", acting_project_id="admin-project")
    claims = tickets.verify(SECRET, ticket, "c" * 64, "console")
    assert (claims.project_id, claims.acting_project_id) == (
        "demo-project", "admin-project")


def test_a_ticket_for_the_users_own_project_has_no_acting_project():
    ticket = tickets.mint(SECRET, "p1", "u1", "c" * 64, "logs",
                          acting_project_id="p1")
    payload = json.loads(base64.urlsafe_b64decode(
        ticket.split(".")[1] + "=" * (-len(ticket.split(".")[1]) % 4)))
    assert "o" not in payload
    assert tickets.verify(SECRET, ticket, "c" * 64,
                          "logs").acting_project_id == ""
