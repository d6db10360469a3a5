#!/usr/bin/env python3
"""The plug-in's help domain as built (plugin/help), for every language with a guide and every
procedure procedure-info.h names (tests/gimp-common/help_domain.py says what is checked).

  help-domain-test.py HELP_FOLDER DOCS_FOLDER PROCEDURE_INFO_H

English is docs/guide.md, each docs/guide.LANG.md is LANG."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gimp-common"))
from help_domain import help_domain_failures  # noqa: E402


def main():
    help_folder, docs, procedure_info = sys.argv[1:4]
    with open(procedure_info, encoding="utf-8") as f:
        procedures = re.findall(r'constexpr const char \*k\w+Proc = "([^"]+)"', f.read())
    languages = ["en"] + sorted(re.fullmatch(r"guide\.(.+)\.md", os.path.basename(p)).group(1)
                                for p in glob.glob(os.path.join(docs, "guide.*.md")))
    failures = help_domain_failures(help_folder, languages, procedures)
    if len(procedures) < 6:
        failures.append(f"procedure-info.h names the procedures: {procedures}")
    if "zh_CN" not in languages:
        failures.append(f"docs/ has the zh_CN guide: {languages}")
    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(languages)} languages, {len(procedures)} procedures, {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
