"""Compiles gettext catalogs (.po) into the .mo files Django reads, in pure
Python: setup.py runs it while building the wheel, where neither GNU
gettext's msgfmt nor Babel can be assumed.

    python tools/msgfmt.py docker_dashboard/locale [--skip eo]

Only what the plugin's catalogs use is understood: msgctxt, msgid,
msgid_plural, msgstr, msgstr[N], continued strings and the fuzzy flag
(fuzzy and untranslated entries are left out, as msgfmt does).
"""
import argparse
import ast
import os
import struct


def _unquote(line):
    # A PO string is a C string literal; Python's reading of it is the same
    # for the escapes makemessages writes (\\ \" \n \t).
    return ast.literal_eval(line)


def read_po(path):
    """The catalog's entries as dicts: msgctxt, msgid, msgid_plural,
    msgstr (a list, one per plural form) and fuzzy. Entries are separated
    by blank lines, as makemessages and msgmerge write them."""
    with open(path, encoding="utf-8") as handle:
        blocks = handle.read().split("\n\n")
    entries = []
    for block in blocks:
        entry, key = {"msgstr": {}}, None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
            if not line or line.startswith("#"):
                continue
            if line.startswith('"'):
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] += _unquote(line)
                else:
                    entry[key[0]] += _unquote(line)
                continue
            word, _, rest = line.partition(" ")
            if word.startswith("msgstr"):
                key = ("msgstr", int(word[7:-1]) if "[" in word else 0)
                entry["msgstr"][key[1]] = _unquote(rest)
            else:
                key = (word, None)
                entry[word] = _unquote(rest)
        if "msgid" in entry:
            entry["msgstr"] = [entry["msgstr"][i]
                               for i in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


def write_mo(entries, path):
    """The GNU .mo layout: header, the sorted originals' and translations'
    tables, then the strings themselves (no hash table, which readers
    treat as optional)."""
    pairs = {}
    for entry in entries:
        if entry.get("fuzzy") and entry["msgid"]:
            continue
        if not all(entry["msgstr"]):
            continue
        key = entry["msgid"]
        if "msgid_plural" in entry:
            key += "\0" + entry["msgid_plural"]
        if "msgctxt" in entry:
            key = entry["msgctxt"] + "\x04" + key
        pairs[key.encode("utf-8")] = "\0".join(entry["msgstr"]).encode(
            "utf-8")
    keys = sorted(pairs)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(pairs[k] + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    offsets, position = [], 0
    for k in keys:
        offsets.append((len(k), start + position))
        position += len(k) + 1
    str_offsets, position = [], 0
    for k in keys:
        str_offsets.append((len(pairs[k]), start + len(ids) + position))
        position += len(pairs[k]) + 1
    header = struct.pack("Iiiiiii", 0x950412de, 0, len(keys), 7 * 4,
                         7 * 4 + 8 * len(keys), 0, 0)
    with open(path, "wb") as handle:
        handle.write(header)
        for length, offset in offsets + str_offsets:
            handle.write(struct.pack("ii", length, offset))
        handle.write(ids + strs)


def compile_tree(locale_dir, skip=()):
    """Every <locale>/LC_MESSAGES/*.po under locale_dir, next to itself."""
    written = []
    for language in sorted(os.listdir(locale_dir)):
        messages = os.path.join(locale_dir, language, "LC_MESSAGES")
        if language in skip or not os.path.isdir(messages):
            continue
        for name in sorted(os.listdir(messages)):
            if name.endswith(".po"):
                target = os.path.join(messages, name[:-3] + ".mo")
                write_mo(read_po(os.path.join(messages, name)), target)
                written.append(target)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locale_dir")
    parser.add_argument("--skip", action="append", default=[],
                        help="a locale to leave out (repeatable)")
    args = parser.parse_args()
    for path in compile_tree(args.locale_dir, args.skip):
        print(path)


if __name__ == "__main__":
    main()
