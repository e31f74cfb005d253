"""Every plugin page in the pseudo-translation (eo, made from the plugin's
catalogs by tools/pseudo_locale.py and compiled when Horizon starts): each
of the plugin's words on the screen must come out wrapped ("[~Çöñţåîñéŕš~~]"),
and the longer words must not break the layout. What counts as the
plugin's words is said in tests/e2e/screen_text.py."""
import pytest

from tests.e2e import plugin_pages
from tests.e2e import screen_text

PSEUDO_LOCALE = "eo"


@pytest.fixture
def pseudo_page(browser):
    with plugin_pages.own_page(browser, PSEUDO_LOCALE) as page:
        yield page


@pytest.fixture
def running_container():
    yield from plugin_pages.walk_container()


def test_every_plugin_page_is_translated_and_keeps_its_layout(
        pseudo_page, running_container):
    horizon = screen_text.horizon_words()
    untranslated, broken = [], []

    def check(stop, scope):
        untranslated.extend("%s | %s" % (stop, leak) for leak in
                            screen_text.untranslated(pseudo_page, scope, horizon))
        broken.extend("%s | %s" % (stop, fault) for fault in
                      screen_text.layout_faults(pseudo_page, scope))

    plugin_pages.visit(pseudo_page, check, running_container)
    # The locale really is in force: the panel's own title is wrapped.
    assert "[~" in pseudo_page.locator("#content_body h1").inner_text()
    assert not untranslated + broken, "\n".join(
        ["not translated:"] + untranslated + ["layout broken:"] + broken)
