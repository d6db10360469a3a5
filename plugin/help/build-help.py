#!/usr/bin/env python3
"""Builds the plug-in's GIMP help domain from the user's guide:

  build-help.py --docs DOCS --map MAP --out HELP [--depfile FILE]

DOCS/guide.md is English (en), each DOCS/guide.LANG.md a translation. For each language:
HELP/LANG/guide.html (the guide as HTML) and HELP/LANG/gimp-help.xml (each help id of MAP's
"HELP-ID ANCHOR" lines -> guide.html#ANCHOR); the pictures the guides show go to
HELP/screenshots/. GIMP looks for gimp-help.xml in the user's languages, then in en."""
import argparse
import glob
import html
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from guide_html import Guide  # noqa: E402

PAGE = "guide.html"
PICTURES = "screenshots"


def guides(docs):
    """{language: markdown path}: guide.md is en, guide.LANG.md is LANG."""
    found = {"en": os.path.join(docs, "guide.md")}
    for path in glob.glob(os.path.join(docs, "guide.*.md")):
        found[re.fullmatch(r"guide\.(.+)\.md", os.path.basename(path)).group(1)] = path
    return found


def page_of(languages):
    """Where a link to another .md file goes: a guide's page, else nowhere (not installed)."""
    def target(link):
        name, _, fragment = link.partition("#")
        for language, path in languages.items():
            if name == os.path.basename(path):
                return f"../{language}/{PAGE}" + (f"#{fragment}" if fragment else "")
        return None
    return target


def write_page(path, language, guide, body):
    title = guide.headings[0][1] if guide.headings else "gpt-image"
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'<!DOCTYPE html>\n<html lang="{language.replace("_", "-")}">\n<head>\n'
                f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
                '<style>body{max-width:50em;margin:auto;padding:1em;font-family:sans-serif;'
                'line-height:1.5}img{max-width:100%}pre{background:#eee;padding:.5em;'
                'overflow:auto}table{border-collapse:collapse}td,th{border:1px solid #999;'
                'padding:.2em .5em}</style>\n</head>\n<body>\n')
        f.write(body)
        f.write("\n</body>\n</html>\n")


def write_map(path, mapping):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<gimp-help>\n')
        for help_id, anchor in mapping:
            f.write(f'  <help-item id="{html.escape(help_id)}" '
                    f'ref="{PAGE}#{html.escape(anchor)}"/>\n')
        # An id GIMP asks for that is not mapped opens the guide's start.
        f.write(f'  <help-missing ref="{PAGE}"/>\n</gimp-help>\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", required=True)
    ap.add_argument("--map", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--depfile")
    a = ap.parse_args()

    with open(a.map, encoding="utf-8") as f:
        mapping = [tuple(line.split()) for line in f if line.strip()]
    if not mapping or any(len(m) != 2 for m in mapping):
        raise SystemExit(f"{a.map}: expected HELP-ID ANCHOR lines")

    languages = guides(a.docs)
    shutil.rmtree(a.out, ignore_errors=True)
    pictures = set()
    for language, source in sorted(languages.items()):
        guide = Guide(page_of(languages), "../")
        with open(source, encoding="utf-8") as f:
            body = guide.convert(f.read())
        folder = os.path.join(a.out, language)
        os.makedirs(folder)
        write_page(os.path.join(folder, PAGE), language, guide, body)
        write_map(os.path.join(folder, "gimp-help.xml"), mapping)
        pictures.update(guide.images)

    copied = []
    for picture in sorted(pictures):
        source = os.path.normpath(os.path.join(a.docs, picture))
        if not picture.startswith(PICTURES + "/") or not os.path.isfile(source):
            raise SystemExit(f"the guide shows {picture}, which is not in {a.docs}/{PICTURES}/")
        target = os.path.join(a.out, picture)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)
        copied.append(source)

    if a.depfile:
        with open(a.depfile, "w", encoding="utf-8") as f:
            deps = sorted(languages.values()) + copied + [os.path.abspath(__file__)]
            f.write(a.out + ": " + " ".join(d.replace(" ", "\\ ") for d in deps) + "\n")


if __name__ == "__main__":
    main()
