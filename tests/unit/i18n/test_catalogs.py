"""The plugin's translation catalogs: the English catalogs hold every string
the code marks (`make messages` keeps them so), the pure-Python compiler
that builds the wheel's .mo files writes what gettext reads, and the
pseudo-translation wraps every word while keeping what a translator must
keep."""
import gettext
import os
import re
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(REPO, "tools"))
import msgfmt  # noqa: E402
import pseudo_locale  # noqa: E402

PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: a.py:1
msgid "Containers"
msgstr "Conteneurs"

msgctxt "Container state"
msgid "Running"
msgstr "En marche"

msgid "Stop Container"
msgid_plural "Stop Containers"
msgstr[0] "Arrêter le conteneur"
msgstr[1] "Arrêter les conteneurs"

msgid ""
"A long \"quoted\" line "
"on two lines"
msgstr ""
"Une longue ligne \"citée\" "
"sur deux lignes"

#, fuzzy
msgid "Images"
msgstr "Imagettes"

msgid "Untranslated"
msgstr ""
'''


def test_the_compiled_catalog_reads_back_through_gettext(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    msgfmt.write_mo(msgfmt.read_po(str(po)), str(tmp_path / "django.mo"))
    with open(tmp_path / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("Containers") == "Conteneurs"
    assert catalog.pgettext("Container state", "Running") == "En marche"
    assert catalog.gettext("Running") == "Running"
    assert catalog.ngettext("Stop Container", "Stop Containers", 1) == \
        "Arrêter le conteneur"
    assert catalog.ngettext("Stop Container", "Stop Containers", 3) == \
        "Arrêter les conteneurs"
    assert catalog.gettext('A long "quoted" line on two lines') == \
        'Une longue ligne "citée" sur deux lignes'
    # As msgfmt does: a fuzzy or empty translation is left out.
    assert catalog.gettext("Images") == "Images"
    assert catalog.gettext("Untranslated") == "Untranslated"


def test_the_pseudo_translation_wraps_and_lengthens_but_keeps_placeholders():
    source = 'Delete %(name)s <a href="x">now</a> &amp; %s of {count}: 100%%'
    text = pseudo_locale.pseudo(source)
    assert text.startswith("[~") and text.endswith("~]")
    assert len(text) >= len(source) * 1.4
    for kept in ("%(name)s", '<a href="x">', "</a>", "&amp;", "%s",
                 "{count}", "%%"):
        assert kept in text
    for kept in ("%(name)s", '<a href="x">', "</a>", "&amp;", "{count}"):
        text = text.replace(kept, "")
    # Every other letter is an accented twin: no plain ASCII word is left.
    assert not re.search(r"[A-Za-z]", text.replace("%s", ""))


def _entries(path):
    return {(e.get("msgctxt"), e["msgid"], e.get("msgid_plural"))
            for e in msgfmt.read_po(path) if e["msgid"]}


def test_the_english_catalogs_hold_every_marked_string(tmp_path):
    """What `make messages` would write, from a copy of the plugin, against
    the catalogs in the tree: a string marked but not in them would reach
    no translator (and show untranslated in every language)."""
    assert shutil.which("xgettext"), \
        "GNU gettext is needed (apt-get install gettext; stack/up.sh does)"
    plugin = tmp_path / "docker_dashboard"
    shutil.copytree(os.path.join(REPO, "docker_dashboard"), plugin,
                    ignore=shutil.ignore_patterns("__pycache__", "proxy",
                                                  "*.mo", "eo"))
    problems = []
    for domain in ("django", "djangojs"):
        made = subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-d", domain,
             "-l", "en", "--no-obsolete"], cwd=str(plugin),
            capture_output=True, text=True,
            env=dict(os.environ, DJANGO_SETTINGS_MODULE=""))
        assert made.returncode == 0, made.stderr
        # One msgid said both with and without a plural is one catalog
        # entry: the plain gettext() of it is never translated.
        problems += re.findall(r"warning: (msgid .* is used without plural "
                               r"and with plural)", made.stdout + made.stderr)
        path = os.path.join("locale", "en", "LC_MESSAGES", domain + ".po")
        fresh = _entries(str(plugin / path))
        kept = _entries(os.path.join(REPO, "docker_dashboard", path))
        problems += ["%s: not in the catalog (run `make messages`): %r"
                     % (domain, m) for m in sorted(fresh - kept, key=str)]
        problems += ["%s: no longer in the code (run `make messages`): %r"
                     % (domain, m) for m in sorted(kept - fresh, key=str)]
    assert not problems, "\n".join(problems)
