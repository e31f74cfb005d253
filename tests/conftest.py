"""Ordering shared by every test run.

The browser tests run last: Playwright's sync API keeps an asyncio event
loop running in the main thread for as long as the session-wide browser is
open, and tests that call `asyncio.run()` (the proxy's WebSocket and
aiohttp tests) cannot run while it is. With the browser tests last, the
browser opens once and stays open only for them.
"""


def _is_browser_test(item):
    return "/tests/e2e/" in str(item.path).replace("\\", "/")


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=_is_browser_test)
