"""What the pseudo-locale test reads off a page: the plugin's words left
untranslated, and the layout faults longer words cause.

What counts as the plugin's text (and what does not):
- Checked: every visible text node and input placeholder inside the
  plugin's part of the screen (Horizon's #content_body: the page title and
  all below it; or the open modal): headings, labels, table headers,
  buttons, tabs, help text, status and action cells, messages written by
  the plugin's JavaScript.
- Not the plugin's words, so not checked:
  * Docker's, Glance's and Nova's data: the cells of a table's body
    (except its status and action cells, whose words are the plugin's),
    definition values (<dd>), code, preformatted text, log lines, the
    terminal, file names and sizes in the layer tree, the chosen entry of
    a select (an image or flavor name), names and keys (<dt>) of networks
    and labels;
  * identifiers and figures anywhere: a word counts only when it is
    letters alone (no digit, dash, dot, colon, slash, underscore, @), not
    all capitals (PID, KB, ID) and not a size's unit (KiB, MiB, kB), so
    "busybox:latest", "demo-web", "127.0.0.1", "PATH" or "64.0 MiB"
    never count;
  * Horizon's own words around the plugin's (the table's Filter button,
    "Displaying 3 items", the Actions header, the modal's Cancel): strings
    of Horizon's catalogs the plugin does not use itself. Horizon ships no
    compiled catalog for eo, so they show in English. A string the plugin
    does use is in its catalog, which Horizon prefers (the plugin's app
    comes first in INSTALLED_APPS), so it must show translated even where
    Horizon's code renders it.
"""
import glob
import html
import os
import re
import sys

import horizon
import openstack_dashboard

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tools"))
import msgfmt  # noqa: E402

DATA = ", ".join([
    "tbody td:not(.status_up):not(.status_down):not(.warning)"
    ":not(.actions_column)",
    "dd", "code", "pre", "kbd", "samp", "svg",
    ".dd-logs-view", ".dd-console-terminal", ".dd-entry-name",
    ".dd-entry-size", ".themable-select .dropdown-title",
    ".dd-labels dt", ".dd-networks dt",
])

# Returns [[where, text]] for each visible text node or placeholder of the
# scope, outside DATA, with a word outside the pseudo-translation's
# "[~...~]" wrapping.
UNWRAPPED_JS = r"""
([scope, data]) => {
  const word = /^[A-Za-z]{2,}$/;
  // A figure's unit (64.0 MiB, 3 kB) is part of the figure.
  const unit = /^[kKMGTPE]i?B$/;
  const edges = /^[()\[\]{}.,;:!?"'«»…·|%+~*#-]+|[()\[\]{}.,;:!?"'«»…·|%+~*#-]+$/g;
  const leaks = (text) => text.replace(/\[~[\s\S]*?~\]/g, ' ').split(/\s+/)
    .map((token) => token.replace(edges, ''))
    .filter((token) => word.test(token) && token !== token.toUpperCase()
                       && !unit.test(token));
  const shown = (el) => el.getClientRects().length &&
    getComputedStyle(el).visibility !== 'hidden';
  const where = (el) => el.tagName.toLowerCase() +
    (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const found = [];
  for (const root of document.querySelectorAll(scope)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const el = node.parentElement;
      const text = node.textContent.trim();
      if (!text || !el || el.closest(data) || !shown(el)) continue;
      if (['SCRIPT', 'STYLE', 'OPTION', 'TEMPLATE'].includes(el.tagName)) continue;
      if (leaks(text).length) found.push([where(el), text]);
    }
    for (const el of root.querySelectorAll('[placeholder]')) {
      const text = el.getAttribute('placeholder');
      if (shown(el) && !el.closest(data) && leaks(text).length) {
        found.push([where(el) + '[placeholder]', text]);
      }
    }
  }
  return found;
}
"""

# Returns the layout faults of the scope: the page scrolling sideways, the
# scope wider than its box, or a label, header, button or tab whose words
# do not fit its box (spilling over its neighbours or cut off).
LAYOUT_JS = r"""
(scope) => {
  const faults = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    faults.push('the page scrolls sideways: ' + page.scrollWidth + ' px in ' +
                page.clientWidth + ' px');
  }
  for (const root of document.querySelectorAll(scope)) {
    if (root.scrollWidth > root.clientWidth + 1) {
      faults.push(scope + ' is ' + root.scrollWidth + ' px wide in a box of ' +
                  root.clientWidth + ' px');
    }
    const boxes = 'th, dt, label, .btn, .nav-tabs a, h1, h2, h3, h4, legend';
    for (const el of root.querySelectorAll(boxes)) {
      if (!el.getClientRects().length || !el.textContent.trim()) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        faults.push('"' + el.textContent.trim().slice(0, 60) + '" (' +
                    el.tagName.toLowerCase() + ') needs ' + el.scrollWidth +
                    ' px in a box of ' + el.clientWidth + ' px');
      }
    }
  }
  return faults;
}
"""


def _placeholder_pattern(msgid):
    parts = re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", msgid)
    return re.compile(r"\s*" + r".+?".join(
        r"\s+".join(re.escape(w) for w in p.split()) for p in parts) + r"\s*$",
        re.S)


def _msgids(pattern):
    found = set()
    for path in glob.glob(pattern):
        for entry in msgfmt.read_po(path):
            for key in ("msgid", "msgid_plural"):
                if entry.get(key):
                    found.add(" ".join(entry[key].split()))
    return found


def horizon_words():
    """(exact strings, patterns) of Horizon's catalogs that the plugin's
    own catalog does not hold."""
    theirs = set()
    for package in (horizon, openstack_dashboard):
        theirs |= _msgids(os.path.join(os.path.dirname(package.__file__),
                                       "locale", "eo", "LC_MESSAGES", "*.po"))
    ours = _msgids(os.path.join(REPO, "docker_dashboard", "locale", "en",
                                "LC_MESSAGES", "*.po"))
    theirs -= ours
    # As the page shows them: Horizon writes some with entities
    # ("Next&nbsp;&raquo;" is the pager's "Next »").
    theirs |= {" ".join(html.unescape(m).split()) for m in theirs}
    # Only templates with words of their own: "%s" or "%(a)s: %(b)s" alone
    # would excuse anything.
    patterns = [_placeholder_pattern(m) for m in theirs
                if ("%" in m or "{" in m) and len(re.sub(
                    r"%\(\w+\)[sd]|%[sd]|\{\w*\}|[^A-Za-z]", "", m)) >= 4]
    return theirs, patterns


def untranslated(page, scope, horizon=None):
    """The plugin's words on the page that are not wrapped, as
    ["where: text"]."""
    exact, patterns = horizon or horizon_words()
    found = []
    for where, text in page.evaluate(UNWRAPPED_JS, [scope, DATA]):
        text = " ".join(text.split())
        if text in exact or any(p.match(text) for p in patterns):
            continue
        found.append("%s: %s" % (where, text))
    return found


def layout_faults(page, scope):
    return page.evaluate(LAYOUT_JS, scope)
