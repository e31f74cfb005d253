"""Token validation: who the caller is, and how long the answer is trusted."""
import asyncio

from docker_dashboard.proxy import keystone


def token_body(project_id="p1", roles=("member", "reader")):
    body = {"token": {"user": {"id": "u1", "name": "demo"},
                      "roles": [{"name": r} for r in roles]}}
    if project_id:
        body["token"]["project"] = {"id": project_id, "name": "demo"}
    return body


def test_project_scoped_token_gives_a_caller():
    caller = keystone.caller_from_token_body(token_body())
    assert (caller.user_id, caller.project_id) == ("u1", "p1")
    assert caller.can_write and not caller.is_admin


def test_unscoped_token_gives_no_caller():
    assert keystone.caller_from_token_body(token_body(project_id=None)) is None


def test_reader_cannot_write():
    caller = keystone.caller_from_token_body(token_body(roles=("reader",)))
    assert not caller.can_write


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_cache_is_trusted_only_for_the_ttl():
    clock = FakeClock()
    validator = keystone.TokenValidator("http://keystone.test/v3", ttl=60,
                                        clock=clock)
    answers = [keystone.caller_from_token_body(token_body()), None]
    asked = []

    async def ask(token):
        asked.append(token)
        return answers[len(asked) - 1]
    validator._ask_keystone = ask

    async def scenario():
        first = await validator.validate("tok")
        clock.now += 59
        cached = await validator.validate("tok")
        clock.now += 2
        # Keystone now says the token is revoked: after the TTL it is refused.
        revoked = await validator.validate("tok")
        return first, cached, revoked

    first, cached, revoked = asyncio.run(scenario())
    assert first is not None and cached is first
    assert revoked is None
    assert len(asked) == 2


def test_cache_never_keeps_the_token_itself():
    validator = keystone.TokenValidator("http://keystone.test/v3")

    async def ask(token):
        return None
    validator._ask_keystone = ask
    asyncio.run(validator.validate("secret-token-value"))
    assert "secret-token-value" not in repr(validator._cache)
