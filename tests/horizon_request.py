"""What the plugin's api functions read of Horizon's request (the user's
token), for tests that call them against the real proxy without Horizon."""
from tests import stack


class _User:
    def __init__(self, token_id):
        self.token = type("Token", (), {"id": token_id})()


class HorizonRequest:
    """A request of the seeded `user`, with a token of their own."""

    def __init__(self, user):
        self.user = _User(stack.token(user))
