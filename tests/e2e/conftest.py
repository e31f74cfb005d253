"""One real Chromium for the whole run, driven by Playwright: Debian's
browser, never one Playwright downloads."""
import pytest

from tests import stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking",
                 "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _login(browser, user):
    context = browser.new_context(base_url=stack.HORIZON_URL)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto("/auth/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", stack.USERS[user][0])
    page.click("#loginBtn")
    page.wait_for_url(lambda url: "/auth/login" not in url)
    return context, page


@pytest.fixture(scope="session")
def login(browser):
    """login(user) -> a page logged in as that seeded user; one browser
    context per user for the whole run, so Keystone is asked once."""
    contexts = {}

    def get(user):
        if user not in contexts:
            contexts[user] = _login(browser, user)
        return contexts[user][1]
    yield get
    for context, _ in contexts.values():
        context.close()
