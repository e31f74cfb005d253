"""Short-lived signed tickets for the log/console/stats WebSockets.

The browser never holds a Keystone token. When a user opens a live view, Horizon
mints a ticket naming the project, user, container and action, valid for at most a
minute, signed with a secret that only Horizon and the docker proxy know. The
browser passes the ticket when it opens the WebSocket; the proxy verifies it (and
the Origin header) before it touches dockerd.

Wire format (URL-safe, fits in a query string without escaping)::

    v1.<base64url(payload)>.<base64url(hmac_sha256(secret, "v1." + base64url(payload)))>

Each ticket carries a random id (``n``): the proxy remembers the ids it has
accepted until they expire (`UsedTickets`), so a ticket opens one socket,
once; a copy of it (a shared screen, a log, a browser extension) opens none.

``payload`` is compact JSON with sorted keys, so each field is delimited and
quoted: no choice of project/user/container ids can make two different claim sets
encode to the same bytes. The version prefix is inside the signed text, so a
ticket cannot be replayed under another (future) format.

Stdlib only, no Django: the proxy imports this module too.
"""

import base64
import binascii
import dataclasses
import enum
import hashlib
import hmac
import json
import math
import re
import secrets
import time
import urllib.parse

VERSION = "v1"
ALLOWED_ACTIONS = frozenset({"logs", "console", "stats", "events"})
# What an "events" ticket names instead of a container: the admin's Docker
# event stream of every project and host (Admin -> Docker -> Events). Horizon
# mints it only for a caller its policy lets see that stream.
EVENTS_SUBJECT = "all-projects"
MAX_TTL_SECONDS = 60
# Horizon and the proxy may run on different hosts; tolerate this much clock
# difference before calling a ticket "from the future".
CLOCK_SKEW_SECONDS = 5
MIN_SECRET_BYTES = 16
# Tickets are tiny (~300 chars); refusing huge input early keeps a hostile client
# from making us base64-decode and HMAC megabytes.
MAX_TICKET_CHARS = 2048
MAX_FIELD_CHARS = 255

_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
_CLAIM_KEYS = frozenset({"a", "c", "e", "n", "p", "u"})
# Random bytes in a ticket's id: never repeated, whatever else is equal.
TICKET_ID_BYTES = 16


class Reason(str, enum.Enum):
    """Why a ticket was refused; stable strings the proxy can log or return."""

    MALFORMED = "malformed"
    UNSUPPORTED_VERSION = "unsupported_version"
    BAD_SIGNATURE = "bad_signature"
    EXPIRED = "expired"
    FUTURE_DATED = "future_dated"
    WRONG_CONTAINER = "wrong_container"
    WRONG_ACTION = "wrong_action"
    UNKNOWN_ACTION = "unknown_action"
    INVALID_TTL = "invalid_ttl"
    INVALID_FIELD = "invalid_field"
    ALREADY_USED = "already_used"


class TicketError(Exception):
    """A ticket could not be minted or was refused. ``reason`` is a `Reason`."""

    def __init__(self, reason, detail=""):
        self.reason = Reason(reason)
        self.detail = detail
        super().__init__(f"{self.reason.value}: {detail}" if detail else self.reason.value)


@dataclasses.dataclass(frozen=True)
class TicketClaims:
    project_id: str
    user_id: str
    container_id: str
    action: str
    expires: int  # Unix time in whole seconds; the ticket is dead from this second on
    # The ticket's random id; two tickets with the same claims differ by it.
    ticket_id: str = dataclasses.field(default="", compare=False)
    # An admin's ticket for another project's container names the admin's
    # own project too (claim "o"), so the proxy can audit it; "" otherwise.
    acting_project_id: str = ""


def mint(secret, project_id, user_id, container_id, action, ttl=MAX_TTL_SECONDS, now=None,
         acting_project_id=None):
    """Return a signed ticket string granting ``action`` on one container.

    ``project_id`` is the container's project; ``acting_project_id`` the
    user's own when it is another (an admin's ticket), else None."""
    _check_secret(secret)
    for name, value in (("project_id", project_id), ("user_id", user_id),
                        ("container_id", container_id)):
        _check_field(name, value)
    if acting_project_id == project_id:
        acting_project_id = None
    if acting_project_id is not None:
        _check_field("acting_project_id", acting_project_id)
    if action not in ALLOWED_ACTIONS:
        raise TicketError(Reason.UNKNOWN_ACTION, repr(action))
    # bool is an int subclass; ttl=True is certainly a bug.
    if not isinstance(ttl, int) or isinstance(ttl, bool) or ttl <= 0:
        raise TicketError(Reason.INVALID_TTL, f"ttl must be a positive int, got {ttl!r}")
    if ttl > MAX_TTL_SECONDS:
        raise TicketError(Reason.INVALID_TTL, f"ttl {ttl}s exceeds {MAX_TTL_SECONDS}s")

    now = time.time() if now is None else now
    claims = {"p": project_id, "u": user_id, "c": container_id, "a": action,
              "e": math.floor(now) + ttl,
              "n": _b64encode(secrets.token_bytes(TICKET_ID_BYTES))}
    if acting_project_id is not None:
        claims["o"] = acting_project_id
    payload = json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    signed_text = f"{VERSION}.{_b64encode(payload.encode('ascii'))}"
    return f"{signed_text}.{_sign(secret, signed_text)}"


def verify(secret, ticket, container_id, action, now=None):
    """Check ``ticket`` for ``action`` on ``container_id``; return its claims.

    Raises `TicketError` with the first reason found, checking the signature
    before looking inside the payload so unauthenticated JSON is never parsed.
    """
    _check_secret(secret)
    if action not in ALLOWED_ACTIONS:
        raise ValueError(f"verify() called with unknown action {action!r}")

    version, payload_text, signature_text = _split(ticket)
    if version != VERSION:
        raise TicketError(Reason.UNSUPPORTED_VERSION, version)
    expected = _sign(secret, f"{version}.{payload_text}")
    # Comparing the base64 text (not decoded bytes) also refuses alternative
    # encodings of the same signature, so a ticket has exactly one spelling.
    if not hmac.compare_digest(expected, signature_text):
        raise TicketError(Reason.BAD_SIGNATURE)

    claims = _decode_claims(payload_text)
    now = time.time() if now is None else now
    if now >= claims.expires:
        raise TicketError(Reason.EXPIRED, f"expired at {claims.expires}, now {math.floor(now)}")
    if claims.expires > now + MAX_TTL_SECONDS + CLOCK_SKEW_SECONDS:
        raise TicketError(Reason.FUTURE_DATED, f"expires at {claims.expires}, now {math.floor(now)}")
    if claims.container_id != container_id:
        raise TicketError(Reason.WRONG_CONTAINER,
                          f"ticket is for {claims.container_id!r}, not {container_id!r}")
    if claims.action != action:
        raise TicketError(Reason.WRONG_ACTION, f"ticket is for {claims.action!r}, not {action!r}")
    return claims


def check_origin(origin_header, allowed_origins):
    """True if the WebSocket's Origin is exactly one of ``allowed_origins``.

    Compared as (scheme, host, port) with default ports filled in, so
    ``https://dash.example`` and ``https://dash.example:443`` are the same origin
    but ``http://`` vs ``https://`` or another port are not. A missing Origin is
    refused: every browser sends one on a WebSocket handshake, so its absence
    means a non-browser client that should not be using a ticket-only endpoint.
    A malformed entry in ``allowed_origins`` raises ValueError (misconfiguration
    must be loud, not silently lock everyone out or let everyone in).
    """
    allowed = {_parse_origin(entry, from_config=True) for entry in allowed_origins}
    if not origin_header or not isinstance(origin_header, str):
        return False
    try:
        return _parse_origin(origin_header, from_config=False) in allowed
    except ValueError:
        return False


# -- helpers -----------------------------------------------------------------

def _check_secret(secret):
    if not isinstance(secret, (bytes, bytearray)):
        raise TypeError("ticket secret must be bytes")
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"ticket secret must be at least {MIN_SECRET_BYTES} bytes")


def _check_field(name, value):
    if not isinstance(value, str) or not value:
        raise TicketError(Reason.INVALID_FIELD, f"{name} must be a non-empty string")
    if len(value) > MAX_FIELD_CHARS:
        raise TicketError(Reason.INVALID_FIELD, f"{name} longer than {MAX_FIELD_CHARS}")


def _b64encode(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text):
    if not _BASE64URL.fullmatch(text):
        raise TicketError(Reason.MALFORMED, "not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise TicketError(Reason.MALFORMED, "not base64url") from exc


def _sign(secret, signed_text):
    digest = hmac.new(bytes(secret), signed_text.encode("ascii"), hashlib.sha256).digest()
    return _b64encode(digest)


def _split(ticket):
    if not isinstance(ticket, str) or not ticket:
        raise TicketError(Reason.MALFORMED, "ticket must be a non-empty string")
    if len(ticket) > MAX_TICKET_CHARS:
        raise TicketError(Reason.MALFORMED, "ticket too long")
    if not ticket.isascii():
        raise TicketError(Reason.MALFORMED, "ticket must be ASCII")
    parts = ticket.split(".")
    if len(parts) != 3 or not all(parts):
        raise TicketError(Reason.MALFORMED, "expected version.payload.signature")
    return parts


def _decode_claims(payload_text):
    # Only reached with a valid signature, so failures here mean a minting bug or
    # a leaked secret; still refuse cleanly rather than crash the proxy handler.
    try:
        claims = json.loads(_b64decode(payload_text).decode("ascii"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TicketError(Reason.MALFORMED, "payload is not JSON") from exc
    if not isinstance(claims, dict) or set(claims) - {"o"} != _CLAIM_KEYS:
        raise TicketError(Reason.MALFORMED, "unexpected payload fields")
    if "o" in claims and not (isinstance(claims["o"], str) and claims["o"]):
        raise TicketError(Reason.MALFORMED, "empty or non-string claim")
    expires = claims["e"]
    if not isinstance(expires, int) or isinstance(expires, bool):
        raise TicketError(Reason.MALFORMED, "expiry is not an integer")
    if not all(isinstance(claims[key], str) and claims[key] for key in "pucan"):
        raise TicketError(Reason.MALFORMED, "empty or non-string claim")
    if claims["a"] not in ALLOWED_ACTIONS:
        raise TicketError(Reason.UNKNOWN_ACTION, repr(claims["a"]))
    return TicketClaims(project_id=claims["p"], user_id=claims["u"],
                        container_id=claims["c"], action=claims["a"], expires=expires,
                        ticket_id=claims["n"], acting_project_id=claims.get("o", ""))


class UsedTickets:
    """The ids of the tickets already accepted, each kept until its ticket
    expires (after that the ticket is refused as expired anyway), so the
    memory held is bounded by the tickets minted in one minute."""

    def __init__(self):
        self._expires = {}

    def spend(self, claims, now=None):
        """Accept `claims` once: a second time raises ALREADY_USED."""
        now = time.time() if now is None else now
        for ticket_id, expires in list(self._expires.items()):
            if expires <= now:
                del self._expires[ticket_id]
        if claims.ticket_id in self._expires:
            raise TicketError(Reason.ALREADY_USED)
        self._expires[claims.ticket_id] = claims.expires

    def __len__(self):
        return len(self._expires)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _parse_origin(text, from_config):
    """Return (scheme, host, port) or raise ValueError."""
    if from_config:
        text = text.strip()
        # Admins often paste a URL with a trailing slash; a browser never sends one.
        if text.endswith("/") and text.count("/") == 3:
            text = text[:-1]
    parts = urllib.parse.urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"origin must be http or https: {text!r}")
    if parts.path or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError(f"origin must be scheme://host[:port] only: {text!r}")
    host = parts.hostname
    if not host:
        raise ValueError(f"origin has no host: {text!r}")
    port = parts.port  # raises ValueError itself for a non-numeric/out-of-range port
    return scheme, host.lower(), port if port is not None else _DEFAULT_PORTS[scheme]


def read_secret_file(path):
    """The shared secret as bytes, from the file Horizon and the proxy share.

    Surrounding whitespace (a trailing newline from `echo` or an editor) is not
    part of the secret, so both sides strip it the same way.
    """
    with open(path, "rb") as secret_file:
        return secret_file.read().strip()


# During a rotation the proxy also accepts the secret it had before: Horizon
# signs with the current one, which may reach Horizon's hosts after the
# proxies' (README "Rotating the ticket secret").
PREVIOUS_SECRET_SUFFIX = ".previous"


def read_secret_files(path):
    """The secrets a ticket may be signed with: the current one, then the
    previous one when ``<path>.previous`` exists (during a rotation)."""
    found = [read_secret_file(path)]
    try:
        found.append(read_secret_file(path + PREVIOUS_SECRET_SUFFIX))
    except FileNotFoundError:
        pass
    return tuple(found)


def verify_any(secrets_in_use, ticket, container_id, action, now=None):
    """`verify` with whichever of ``secrets_in_use`` signed the ticket.

    Only a bad signature moves on to the next secret; any other refusal is
    the ticket's own (expired, another container...) and is raised as is.
    """
    refusal = TicketError(Reason.BAD_SIGNATURE)
    for secret in secrets_in_use:
        try:
            return verify(secret, ticket, container_id, action, now=now)
        except TicketError as error:
            if error.reason is not Reason.BAD_SIGNATURE:
                raise
            refusal = error
    raise refusal
