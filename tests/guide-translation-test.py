#!/usr/bin/env python3
"""Each translation of the user's guide (docs/guide.LANG.md) holds the English guide's code
blocks, the same and in the same order: the tests run the English guide's recipes, so a
translation that falls behind would show commands no test runs.

  guide-translation-test.py DOCS_FOLDER
"""
import glob
import os
import sys


def code_blocks(path):
    """The fenced code blocks of a Markdown file, each with its fence line, indentation
    removed (a block inside a list item is indented)."""
    blocks, current = [], None
    for line in open(path, encoding="utf-8").read().split("\n"):
        text = line.strip()
        if text.startswith("```"):
            if current is None:
                current = [text]
            else:
                blocks.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(text)
    return blocks


def main():
    docs = sys.argv[1]
    english = code_blocks(os.path.join(docs, "guide.md"))
    translations = sorted(glob.glob(os.path.join(docs, "guide.*.md")))
    failures = []
    if not translations:
        failures.append("no translation of the guide found")
    for path in translations:
        blocks = code_blocks(path)
        name = os.path.basename(path)
        if len(blocks) != len(english):
            failures.append(f"{name}: {len(blocks)} code blocks, the English guide has "
                            f"{len(english)}")
        for i, (theirs, ours) in enumerate(zip(english, blocks), 1):
            if theirs != ours:
                failures.append(f"{name}: code block {i} differs from the English guide's:\n"
                                f"{ours}\n--- English:\n{theirs}")
        print(f"{name}: {len(blocks)} code blocks compared")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
