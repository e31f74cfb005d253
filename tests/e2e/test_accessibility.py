"""Every plugin page checked by axe-core (Deque's accessibility engine, from
npm: tests/run.sh installs it; DD_AXE_JS says where) run inside the page:
no serious or critical violation in the plugin's part of the screen.

axe is scoped to Horizon's #content_body (the page title and all below it)
or to the open modal, minus what Horizon's own templates and theme draw in
there (HORIZON_DRAWN): Horizon's chrome (the header bar, the sidebar, the
breadcrumb, a table's toolbar and row-action menus, the tab bar, the
modal's frame) is Horizon's to fix, not the plugin's. Its findings there,
for the record: the theme's primary blue (#428bca: links, primary buttons)
and its disabled danger buttons and table captions are below 4.5:1
contrast, the table filter's input has no label, and the row-action menu's
caret button has no text. So a contrast finding whose colours include the
theme's blue is Horizon's too, even on the plugin's own links and buttons
(the plugin keeps Horizon's look). Everything else the plugin's templates,
forms, tables and scripts put on the page is checked."""
import os

import pytest

from tests.e2e import plugin_pages

AXE_JS = os.environ.get(
    "DD_AXE_JS",
    "/opt/docker-dashboard/axe/node_modules/axe-core/axe.min.js")
SERIOUS = ("serious", "critical")
HORIZON_DRAWN = [
    ".page-header", ".breadcrumb",  # title and breadcrumb (_page_header.html)
    "caption",                # a table's title
    "thead td", "tfoot",      # a table's pager links
    ".table_actions",         # a table's filter and action buttons
    ".actions_column",        # a row's action button and its menu
    "td.anchor > a",          # a cell's link, in the theme's link colour
    "th.multi_select_column", "td.multi_select_column",  # row checkboxes
    ".table_count",           # "Displaying N items"
    ".nav-tabs",              # the tab bar of a tab group or workflow
    ".modal-header", ".modal-footer",
]

THEME_BLUE = "#428bca"

# Runs axe on the scope; answers its serious and critical violations, each
# with the elements it found them on.
RUN_AXE = """
async (scope) => {
  const result = await axe.run({include: [[scope]], exclude: %s.map((s) => [s])},
                               {resultTypes: ['violations']});
  const theirs = (node) => node.any.some((check) => check.data &&
    [check.data.fgColor, check.data.bgColor].includes('%s'));
  for (const v of result.violations) {
    if (v.id === 'color-contrast') v.nodes = v.nodes.filter((n) => !theirs(n));
  }
  return result.violations
    .filter((v) => v.nodes.length && %s.includes(v.impact))
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') +
                    ' — ' + (n.failureSummary || '').split('\\n').slice(1).join('; '))}));
}
""" % (HORIZON_DRAWN, THEME_BLUE, list(SERIOUS))


@pytest.fixture(scope="module")
def axe_source():
    assert os.path.isfile(AXE_JS), (
        "axe-core is not installed at %s: tests/run.sh installs it "
        "(npm install --prefix /opt/docker-dashboard/axe axe-core)" % AXE_JS)
    with open(AXE_JS, encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture
def page(browser):
    with plugin_pages.own_page(browser) as page:
        yield page


@pytest.fixture
def running_container():
    yield from plugin_pages.walk_container()


def test_no_serious_accessibility_violation_on_any_plugin_page(
        page, running_container, axe_source):
    found = []

    def check(stop, scope):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=axe_source)
        for violation in page.evaluate(RUN_AXE, scope):
            found.append("%s | %s (%s): %s\n      %s" % (
                stop, violation["id"], violation["impact"], violation["help"],
                "\n      ".join(violation["nodes"])))

    plugin_pages.visit(page, check, running_container)
    assert not found, "\n".join(["axe-core found:"] + found)
