"""The proxy's unit tests read their settings from the environment they set
themselves: none of the stack's (stack/lib/env.sh exports DD_PLACEMENT_URL
for its proxies, which `make test` inherits) may change what they decide."""
import pytest


@pytest.fixture(autouse=True)
def no_stack_placement(monkeypatch):
    monkeypatch.delenv("DD_PLACEMENT_URL", raising=False)
