"""Writes the pseudo-translation: every string of the plugin's English
catalogs (docker_dashboard/locale/en, kept current by `make messages`),
with every letter swapped for an accented twin, wrapped in "[~" and "~]"
and lengthened by about 40 % with tildes, so that on a page shown in it
any of the plugin's words left untranslated stands out (plain ASCII, no
brackets) and a layout too tight for longer translations shows.

    python tools/pseudo_locale.py [docker_dashboard/locale] [--language eo]

The locale is Esperanto's code because Horizon's LANGUAGES offers it (the
user picks it in Settings, or the horizon_language cookie does): it is
generated for development and tests, ignored by git and never packaged,
so a real Esperanto translation would simply replace it. Placeholders
(%s, %(name)s, {name}), HTML tags and entities are kept as they are.
"""
import argparse
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import msgfmt  # noqa: E402

OPEN, CLOSE = "[~", "~]"
ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþʠŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
# What a translator must copy unchanged: printf and format placeholders,
# tags, entities.
KEEP = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]"
                  r"|\{[^{}]*\}|<[^<>]*>|&#?\w+;")
DOMAINS = ("django", "djangojs")
HEADER = ('Content-Type: text/plain; charset=UTF-8\n'
          'Language: {language}\n'
          'Plural-Forms: nplurals=2; plural=(n != 1);\n')


def pseudo(text):
    """'Containers' -> '[~Çöñţåîñéŕš~~~~]'; placeholders and tags kept."""
    if not text:
        return text
    out, last = [], 0
    for match in KEEP.finditer(text):
        out.append(text[last:match.start()].translate(ACCENTED))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(ACCENTED))
    padding = "~" * max(1, math.ceil(len(text) * 0.4))
    return OPEN + "".join(out) + padding + "]"


def _quote(text):
    return '"%s"' % (text.replace("\\", "\\\\").replace('"', '\\"')
                     .replace("\n", "\\n").replace("\t", "\\t"))


def render(entries, language):
    lines = ['msgid ""', 'msgstr ""']
    lines += [_quote(line + "\n")
              for line in HEADER.format(language=language).splitlines()]
    for entry in entries:
        if not entry["msgid"]:
            continue
        lines.append("")
        if "msgctxt" in entry:
            lines.append("msgctxt " + _quote(entry["msgctxt"]))
        lines.append("msgid " + _quote(entry["msgid"]))
        if "msgid_plural" in entry:
            lines.append("msgid_plural " + _quote(entry["msgid_plural"]))
            lines.append("msgstr[0] " + _quote(pseudo(entry["msgid"])))
            lines.append("msgstr[1] " + _quote(pseudo(entry["msgid_plural"])))
        else:
            lines.append("msgstr " + _quote(pseudo(entry["msgid"])))
    return "\n".join(lines) + "\n"


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locale_dir", nargs="?",
                        default=os.path.join(here, "docker_dashboard",
                                             "locale"))
    parser.add_argument("--language", default="eo")
    args = parser.parse_args()
    target = os.path.join(args.locale_dir, args.language, "LC_MESSAGES")
    os.makedirs(target, exist_ok=True)
    for domain in DOMAINS:
        source = os.path.join(args.locale_dir, "en", "LC_MESSAGES",
                              domain + ".po")
        path = os.path.join(target, domain + ".po")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(render(msgfmt.read_po(source), args.language))
        # Compiled at once: the locale is usable as soon as Horizon restarts.
        msgfmt.write_mo(msgfmt.read_po(path), path[:-3] + ".mo")
        print(path)


if __name__ == "__main__":
    main()
